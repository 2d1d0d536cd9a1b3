import type { DbClient } from '../db/client.js';
import { openSealed } from './seal.js';

export type OutboxLetter = {
  id: string;
  to: string;
  kind: string;
  locale: string;
  subject: string;
  text: string;
  html: string;
  status: string;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  /** False when the body cannot be opened (sealed under another APP_SECRET): text and html are empty. */
  readable: boolean;
};

export type ReadOutboxOptions = { to?: string; limit?: number };

const MAX_LIMIT = 200;

function openBody(secret: string, sealed: string): { text: string; html: string } | undefined {
  try {
    const body = JSON.parse(openSealed(secret, sealed)) as { text?: unknown; html?: unknown };
    return { text: String(body.text ?? ''), html: String(body.html ?? '') };
  } catch {
    return undefined;
  }
}

/**
 * The latest letters of the outbox, newest first, bodies opened: what a development mail
 * catcher shows. For developers and (later) the desk; it reveals codes, so never expose it publicly.
 */
export async function readOutbox(prisma: DbClient, secret: string, options: ReadOutboxOptions = {}): Promise<OutboxLetter[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), MAX_LIMIT);
  const to = options.to?.trim();
  const rows = await prisma.outboxMessage.findMany({
    where: to ? { to } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map((row) => {
    const body = openBody(secret, row.sealedBody);
    return {
      id: row.id,
      to: row.to,
      kind: row.kind,
      locale: row.locale,
      subject: row.subject,
      text: body?.text ?? '',
      html: body?.html ?? '',
      status: row.status,
      attempts: row.attempts,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
      readable: body !== undefined,
    };
  });
}
