import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Logger } from '../logger.js';
import type { BotDelivery } from './bot-delivery.js';
import { botActivity, type BotActivity } from './bot-activity.js';
import type { ChannelActivity } from './channel-activity.js';
import { CHANNEL_ID, shopperActivity, type ClientActivity } from './client-activity.js';
import type { ConnectorEndpoint } from './connector-endpoint.js';
import type { Feed } from './feed.js';
import type { DirectLineConversationRecord, DirectLineStore, StoredActivity } from './store.js';
import type { Principal } from './tokens.js';

export type BotAccount = { id: string; name: string };

export type ChannelDeps = {
  store: DirectLineStore;
  feed: Feed;
  delivery: BotDelivery;
  connector: ConnectorEndpoint;
  bot: BotAccount;
  maxMessageLength: number;
  logger: Logger;
  clock: () => Date;
};

/** Up to this many activities per poll or WebSocket frame. */
export const PAGE_SIZE = 100;

function newId(prefix = ''): string {
  return prefix + randomBytes(18).toString('base64url');
}

/**
 * The Direct Line channel itself, between the HTTP/WebSocket surface and the bot: it creates
 * conversations, stores and echoes the shopper's activities, hands them to the bot, stores the
 * bot's replies, and tells the open streams. It plays the part of the Bot Framework service.
 */
export class DirectLineChannel {
  // In this process: joins and turns under way, so a retried post waits instead of delivering twice.
  private readonly joins = new Map<string, Promise<void>>();
  private readonly turns = new Map<string, Promise<void>>();

  constructor(private readonly deps: ChannelDeps) {}

  newConversation(request: { userId?: string; locale?: string }): Promise<DirectLineConversationRecord> {
    return this.deps.store.createConversation({
      id: newId(),
      // `dl_` marks ids the channel made up, as Azure's Direct Line does.
      userId: request.userId ?? newId('dl_'),
      locale: request.locale ?? null,
    });
  }

  /** POST /conversations with a conversation's token: the shopper is here, the bot greets them. */
  async start(conversation: DirectLineConversationRecord, locale: string | undefined, clientAddress: string): Promise<void> {
    if (locale && !conversation.joinedAt) {
      await this.deps.store.setLocale(conversation.id, locale);
      conversation = { ...conversation, locale };
    }
    await this.ensureJoined(conversation, clientAddress);
  }

  /**
   * Tells the bot, once per conversation, that the shopper joined (Web Chat sends no such event),
   * so the greeting is the conversation's first activity. A failure is logged, not thrown: the bot
   * greets on the first message anyway.
   */
  async ensureJoined(conversation: DirectLineConversationRecord, clientAddress: string): Promise<void> {
    const inFlight = this.joins.get(conversation.id);
    if (inFlight) return inFlight;
    if (conversation.joinedAt) return;
    const work = this.join(conversation, clientAddress)
      .catch((error: unknown) => this.deps.logger.error({ err: String(error), conversation: conversation.id }, 'direct line: join not delivered'))
      .finally(() => this.joins.delete(conversation.id));
    this.joins.set(conversation.id, work);
    return work;
  }

  /**
   * A shopper's post: stored (redacted) and echoed, a typing indicator, then the bot's turn.
   * The same clientActivityID again returns the stored activity's id and does not reach the bot
   * twice; only a post whose turn never finished (the server stopped) is delivered again.
   */
  async post(conversation: DirectLineConversationRecord, principal: Principal, incoming: ClientActivity, clientAddress: string): Promise<string> {
    // The shopper's own typing is not part of the conversation and the bot ignores it.
    if (incoming.type === 'typing') return newId(`${conversation.id}|typing-`);
    await this.ensureJoined(conversation, clientAddress);
    // An answer to a password or code question is never stored or shown again, only passed to the bot.
    const secret = await this.deps.store.atSecretQuestion(conversation.id);
    const stored = await this.deps.store.append({
      conversationId: conversation.id,
      clientActivityId: incoming.channelData?.clientActivityID,
      build: (slot) => shopperActivity(incoming, principal, slot, this.deps.maxMessageLength, secret),
    });
    if (!stored) throw new Error('the conversation disappeared while posting');
    if (!stored.duplicate) this.deps.feed.publish(conversation.id, { kind: 'stored', seq: stored.seq, activity: stored.activity });
    if (!stored.delivered) await this.deliverOnce(conversation.id, stored, incoming, clientAddress);
    return stored.activity.id;
  }

  /**
   * An activity the bot sent to the connector API; typing is passed on live and not stored.
   * Null when there is no such conversation.
   */
  async receiveFromBot(conversationId: string, incoming: BotActivity): Promise<string | null> {
    if (incoming.type === 'typing') {
      const typing = this.typing(conversationId, this.deps.clock());
      this.deps.feed.publish(conversationId, { kind: 'ephemeral', activity: typing });
      return typing.id;
    }
    const stored = await this.deps.store.append({
      conversationId,
      build: (slot) => botActivity(incoming, conversationId, this.deps.bot, slot),
    });
    if (!stored) return null;
    this.deps.feed.publish(conversationId, { kind: 'stored', seq: stored.seq, activity: stored.activity });
    return stored.activity.id;
  }

  /** Activities after the watermark and the watermark to continue from (polling). */
  async activitiesAfter(conversation: DirectLineConversationRecord, watermark: number): Promise<{ activities: ChannelActivity[]; watermark: string }> {
    const from = Math.min(watermark, conversation.lastSeq);
    const page = await this.deps.store.after(conversation.id, from, PAGE_SIZE);
    return { activities: page.map((s) => s.activity), watermark: String(page.at(-1)?.seq ?? from) };
  }

  private async join(conversation: DirectLineConversationRecord, clientAddress: string): Promise<void> {
    if (!(await this.deps.store.claimJoin(conversation.id))) return;
    // The shopper has no display name on this channel; identity is the id from the token.
    const shopper = { id: conversation.userId, name: '', role: 'user' };
    try {
      await this.deps.delivery.deliver(
        {
          type: 'conversationUpdate',
          id: `${conversation.id}|join`,
          timestamp: this.deps.clock(),
          channelId: CHANNEL_ID,
          serviceUrl: this.deps.connector.serviceUrl(),
          conversation: { id: conversation.id } as Activity['conversation'],
          from: shopper,
          recipient: { ...this.deps.bot, role: 'bot' },
          membersAdded: [shopper],
          locale: conversation.locale ?? undefined,
        },
        clientAddress,
      );
    } catch (error) {
      await this.deps.store.releaseJoin(conversation.id);
      throw error;
    }
  }

  private deliverOnce(conversationId: string, stored: StoredActivity, incoming: ClientActivity, clientAddress: string): Promise<void> {
    const key = stored.activity.id;
    const inFlight = this.turns.get(key);
    if (inFlight) return inFlight;
    const work = (async () => {
      this.deps.feed.publish(conversationId, { kind: 'ephemeral', activity: this.typing(conversationId, this.deps.clock()) });
      // The bot gets the shopper's own words (it masks what it keeps); clients got the redacted copy.
      const forBot = {
        ...stored.activity,
        text: incoming.text,
        value: incoming.value,
        serviceUrl: this.deps.connector.serviceUrl(),
        recipient: { ...this.deps.bot, role: 'bot' },
      } as unknown as Partial<Activity>;
      await this.deps.delivery.deliver(forBot, clientAddress);
      await this.deps.store.markDelivered(conversationId, stored.seq);
    })().finally(() => this.turns.delete(key));
    this.turns.set(key, work);
    return work;
  }

  private typing(conversationId: string, at: Date): ChannelActivity {
    return {
      type: 'typing',
      id: newId(`${conversationId}|typing-`),
      timestamp: at.toISOString(),
      channelId: CHANNEL_ID,
      conversation: { id: conversationId },
      from: { ...this.deps.bot, role: 'bot' },
    };
  }
}
