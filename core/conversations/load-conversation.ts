import type { Locale } from '../domain.js';
import type { DbClient } from '../db/client.js';

export type ConversationRecord = {
  id: string;
  locale: string;
  snapshot: string | null;
  machineVersion: number;
  clientKey: string | null;
  /** JSON of the last ConversationReference, for proactive messages. */
  reference: string | null;
  isNew: boolean;
};

export type ConversationKey = { channelId: string; externalId: string };

/** Finds the conversation of a channel, creating it on the first activity. */
export async function loadConversation(
  prisma: DbClient,
  key: ConversationKey,
  defaults: { locale: Locale; clientKey: string | null },
): Promise<ConversationRecord> {
  const where = { channelId_externalId: key };
  const found = await prisma.conversation.findUnique({ where });
  if (found) return { ...found, isNew: false };
  const created = await prisma.conversation.upsert({
    where,
    create: { ...key, locale: defaults.locale, clientKey: defaults.clientKey },
    update: {},
  });
  return { ...created, isNew: created.snapshot === null };
}
