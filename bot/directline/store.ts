import type { Db } from '../../core/db/client.js';
import { transaction } from '../../core/db/client.js';
import { activityId, type ChannelActivity } from './channel-activity.js';
import { asksForSecret, SECRET_MASK } from './client-activity.js';

export type DirectLineConversationRecord = {
  id: string;
  userId: string;
  locale: string | null;
  lastSeq: number;
  joinedAt: Date | null;
};

export type StoredActivity = { seq: number; activity: ChannelActivity; delivered: boolean };

export type AppendRequest = {
  conversationId: string;
  /** A shopper's channelData.clientActivityID: the same one again returns the stored activity. */
  clientActivityId?: string;
  /** Builds the activity once its position, id and timestamp are known. */
  build(slot: { id: string; timestamp: Date }): ChannelActivity;
};

export type AppendResult = StoredActivity & { duplicate: boolean };

const CONVERSATION_FIELDS = { id: true, userId: true, locale: true, lastSeq: true, joinedAt: true } as const;

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === code;
}

function toStored(row: { seq: number; body: string; deliveredAt: Date | null }): StoredActivity {
  return { seq: row.seq, activity: JSON.parse(row.body) as ChannelActivity, delivered: row.deliveredAt !== null };
}

/**
 * The channel's persistence: conversations and their activities in order. Positions come from
 * the conversation row's counter, incremented in the same transaction as the insert, so two
 * writers (even in two processes) get distinct, gap-free positions in commit order.
 */
export class DirectLineStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  async createConversation(record: { id: string; userId: string; locale: string | null }): Promise<DirectLineConversationRecord> {
    return this.db.prisma.directLineConversation.create({ data: record, select: CONVERSATION_FIELDS });
  }

  async findConversation(id: string): Promise<DirectLineConversationRecord | null> {
    return this.db.prisma.directLineConversation.findUnique({ where: { id }, select: CONVERSATION_FIELDS });
  }

  /** The locale a client asked for when starting; ignored once the greeting went out in another. */
  async setLocale(id: string, locale: string): Promise<void> {
    await this.db.prisma.directLineConversation.updateMany({ where: { id, joinedAt: null }, data: { locale } });
  }

  /** True for exactly one caller: the one that must tell the bot the shopper joined. */
  async claimJoin(id: string): Promise<boolean> {
    const { count } = await this.db.prisma.directLineConversation.updateMany({
      where: { id, joinedAt: null },
      data: { joinedAt: this.clock() },
    });
    return count === 1;
  }

  /** Gives the join back when telling the bot failed, so a later request tries again. */
  async releaseJoin(id: string): Promise<void> {
    await this.db.prisma.directLineConversation.updateMany({ where: { id }, data: { joinedAt: null } });
  }

  /** Stores an activity at the conversation's next position; null when there is no such conversation. */
  async append(request: AppendRequest): Promise<AppendResult | null> {
    const { conversationId, clientActivityId } = request;
    try {
      return await transaction(this.db, async (tx) => {
        const { lastSeq: seq } = await tx.directLineConversation.update({
          where: { id: conversationId },
          data: { lastSeq: { increment: 1 } },
          select: { lastSeq: true },
        });
        const activity = request.build({ id: activityId(conversationId, seq), timestamp: this.clock() });
        await tx.directLineActivity.create({
          data: { conversationId, seq, clientActivityId: clientActivityId ?? null, body: JSON.stringify(activity) },
        });
        return { seq, activity, delivered: false, duplicate: false };
      });
    } catch (error) {
      // A retried post (or two at once) hits the unique index and answers with the stored activity;
      // the common case, a new post, costs no extra read.
      if (clientActivityId && hasCode(error, 'P2002')) {
        const existing = await this.findByClientId(conversationId, clientActivityId);
        if (existing) return { ...existing, duplicate: true };
      }
      // The counter's row is the conversation: no row to update, no conversation.
      if (hasCode(error, 'P2025')) return null;
      throw error;
    }
  }

  /** Activities after position `watermark`, oldest first. */
  async after(conversationId: string, watermark: number, limit: number): Promise<StoredActivity[]> {
    const rows = await this.db.prisma.directLineActivity.findMany({
      where: { conversationId, seq: { gt: watermark } },
      orderBy: { seq: 'asc' },
      take: limit,
      select: { seq: true, body: true, deliveredAt: true },
    });
    return rows.map(toStored);
  }

  /**
   * Whether the shopper's next message answers a password or code question: the bot's latest
   * message since the shopper's last one asks for it (the bot marks the last message of a turn
   * that ends at such a question, and its apology for a failed turn there), or the bot has said
   * nothing since and that last message was itself such an answer (a second quick post before the
   * bot replied to the first). Only the latest counts: when two quick posts are answered after
   * both, the question answered by the first must not mask what follows the second.
   */
  async atSecretQuestion(conversationId: string): Promise<boolean> {
    const rows = await this.db.prisma.directLineActivity.findMany({
      where: { conversationId },
      orderBy: { seq: 'desc' },
      take: 20,
      select: { body: true },
    });
    // Newest first, and the first message decides: parse only as far as that.
    for (const row of rows) {
      const activity = JSON.parse(row.body) as ChannelActivity;
      if (activity.type !== 'message') continue;
      if ((activity.from as { role?: string } | undefined)?.role === 'bot') return asksForSecret(activity);
      return activity.text === SECRET_MASK;
    }
    return false;
  }

  async markDelivered(conversationId: string, seq: number): Promise<void> {
    await this.db.prisma.directLineActivity.updateMany({ where: { conversationId, seq }, data: { deliveredAt: this.clock() } });
  }

  private async findByClientId(conversationId: string, clientActivityId: string): Promise<StoredActivity | null> {
    const row = await this.db.prisma.directLineActivity.findUnique({
      where: { conversationId_clientActivityId: { conversationId, clientActivityId } },
      select: { seq: true, body: true, deliveredAt: true },
    });
    return row ? toStored(row) : null;
  }
}
