import { z } from 'zod';
import { redactText } from '../../core/text/redact.js';
import type { ChannelActivity } from './channel-activity.js';
import type { Principal } from './tokens.js';

export const CHANNEL_ID = 'directline';

const MAX_VALUE_JSON = 4096;

/** BCP 47-ish: `ru`, `uk-UA`, `zh-Hant-TW`. */
const LocaleTag = z.string().max(35).regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/);

/**
 * What a client may post. Anything else in the body (from, conversation, recipient, entities…) is
 * ignored: identity comes from the token, addressing from the URL. Typing is accepted and dropped.
 */
const ClientActivitySchema = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(100_000).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: LocaleTag.optional(),
    name: z.string().max(256).optional(),
    value: z.unknown().optional(),
    attachments: z
      .array(z.object({ contentType: z.string().min(1).max(255), name: z.string().max(255).optional() }).passthrough())
      .max(10)
      .optional(),
    channelData: z
      .object({
        clientActivityID: z.string().min(1).max(128).optional(),
        clientTimestamp: z.string().max(64).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough()
  .refine((a) => a.value === undefined || JSON.stringify(a.value).length <= MAX_VALUE_JSON, {
    message: `must be at most ${MAX_VALUE_JSON} characters of JSON`,
    path: ['value'],
  });

export type ClientActivity = z.infer<typeof ClientActivitySchema>;

/** The posted activity, or a short description of what is wrong with it (never echoing content). */
export function parseClientActivity(body: unknown): { activity: ClientActivity } | { problem: string } {
  const parsed = ClientActivitySchema.safeParse(body);
  if (parsed.success) return { activity: parsed.data };
  return { problem: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`).join('; ') };
}

/** What is stored and echoed instead of an answer the bot marked secret (a password, a code). */
export const SECRET_MASK = '••••••••';

/** True when the bot's message asks for an answer that must not be kept (channelData.recoveryDesk.sensitiveInput). */
export function asksForSecret(activity: ChannelActivity | null): boolean {
  const data = (activity?.channelData as { recoveryDesk?: { sensitiveInput?: unknown } } | undefined)?.recoveryDesk;
  return typeof data?.sensitiveInput === 'string';
}

/**
 * The shopper's activity as stored and echoed to clients: redacted (SPEC §8, a card number typed
 * in the widget never reaches the database), cut to the bot's message limit (the bot refuses longer
 * ones anyway), attachments reduced to their type and name, no `value`.
 */
export function shopperActivity(
  incoming: ClientActivity,
  principal: Principal,
  slot: { id: string; timestamp: Date },
  maxMessageLength: number,
  secret = false,
): ChannelActivity {
  // Masked before it is cut: a card number across the cut must not keep its first digits.
  const masked = incoming.text === undefined ? undefined : secret ? SECRET_MASK : redactText(incoming.text);
  const text = masked !== undefined && masked.length > maxMessageLength ? `${masked.slice(0, maxMessageLength)}…` : masked;
  const channelData = {
    ...(incoming.channelData?.clientActivityID ? { clientActivityID: incoming.channelData.clientActivityID } : {}),
    ...(incoming.channelData?.clientTimestamp ? { clientTimestamp: incoming.channelData.clientTimestamp } : {}),
  };
  return stripUndefined({
    type: incoming.type,
    id: slot.id,
    timestamp: slot.timestamp.toISOString(),
    channelId: CHANNEL_ID,
    conversation: { id: principal.conversationId },
    from: { id: principal.userId, role: 'user' },
    text,
    textFormat: incoming.textFormat,
    locale: incoming.locale,
    name: incoming.name,
    attachments: incoming.attachments?.map((a) => stripUndefined({ contentType: a.contentType, name: a.name })),
    channelData,
  });
}

export function stripUndefined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
