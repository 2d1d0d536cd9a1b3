import { z } from 'zod';
import { redactText } from '../../core/text/redact.js';
import type { ChannelActivity } from './channel-activity.js';
import { CHANNEL_ID, stripUndefined } from './client-activity.js';

const Account = z.object({ id: z.string().max(256), name: z.string().max(256).optional() }).passthrough();

const CardAction = z
  .object({
    type: z.string().min(1).max(32),
    title: z.string().max(512).optional(),
    value: z.unknown().optional(),
    text: z.string().max(2048).optional(),
    displayText: z.string().max(2048).optional(),
    image: z.string().max(2048).optional(),
  })
  .passthrough();

/** What the bot sends to the connector API. Unknown fields are dropped when it is stored. */
const BotActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    channelId: z.string().max(64).optional(),
    conversation: z.object({ id: z.string().max(256) }).passthrough().optional(),
    from: Account.optional(),
    text: z.string().max(20_000).optional(),
    speak: z.string().max(20_000).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().max(35).optional(),
    inputHint: z.string().max(32).optional(),
    replyToId: z.string().max(256).optional(),
    suggestedActions: z.object({ to: z.array(z.string().max(256)).max(20).optional(), actions: z.array(CardAction).max(20) }).optional(),
    attachments: z.array(z.object({ contentType: z.string().min(1).max(255) }).passthrough()).max(10).optional(),
    attachmentLayout: z.enum(['list', 'carousel']).optional(),
    name: z.string().max(256).optional(),
    value: z.unknown().optional(),
    summary: z.string().max(1024).optional(),
    entities: z.array(z.object({ type: z.string().max(256) }).passthrough()).max(20).optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export type BotActivity = z.infer<typeof BotActivitySchema>;

export function parseBotActivity(body: unknown): { activity: BotActivity } | { problem: string } {
  const parsed = BotActivitySchema.safeParse(body);
  if (parsed.success) return { activity: parsed.data };
  return { problem: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`).join('; ') };
}

/** The bot's activity as stored and delivered to clients, in this conversation, from the bot. */
export function botActivity(
  incoming: BotActivity,
  conversationId: string,
  bot: { id: string; name: string },
  slot: { id: string; timestamp: Date },
): ChannelActivity {
  return stripUndefined({
    type: incoming.type,
    id: slot.id,
    timestamp: slot.timestamp.toISOString(),
    channelId: CHANNEL_ID,
    conversation: { id: conversationId },
    from: { id: incoming.from?.id || bot.id, name: incoming.from?.name ?? bot.name, role: 'bot' },
    // Defence in depth: the bot masks what it repeats, the channel masks again before storing.
    text: incoming.text === undefined ? undefined : redactText(incoming.text),
    speak: incoming.speak === undefined ? undefined : redactText(incoming.speak),
    textFormat: incoming.textFormat,
    locale: incoming.locale,
    inputHint: incoming.inputHint,
    replyToId: incoming.replyToId,
    suggestedActions: incoming.suggestedActions,
    attachments: incoming.attachments,
    attachmentLayout: incoming.attachmentLayout,
    name: incoming.name,
    value: incoming.value,
    summary: incoming.summary,
    entities: incoming.entities,
    channelData: incoming.channelData,
  });
}
