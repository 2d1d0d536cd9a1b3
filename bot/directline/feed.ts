import type { DbNotifications } from '../../core/db/notifications.js';
import type { Logger } from '../logger.js';
import type { ChannelActivity } from './channel-activity.js';
import type { DirectLineStore } from './store.js';

/**
 * What a conversation's listeners hear: `stored` says an activity was committed at position `seq`
 * (a listener that has everything before it sends it as is; one that missed something reads the
 * database after its own watermark, so nothing is lost or repeated); `ephemeral` carries an
 * activity that is never stored (the typing indicator).
 */
export type FeedEvent = { kind: 'stored'; seq: number; activity: ChannelActivity } | { kind: 'ephemeral'; activity: ChannelActivity };

export type FeedListener = (event: FeedEvent) => void;

/** The PostgreSQL NOTIFY channel the instances share feed news on. */
export const FEED_CHANNEL = 'recovery_desk_directline';

/**
 * What goes to the other instances: a stored activity only by position (activities can be large,
 * and the receiver reads it from the database), an ephemeral one (typing, small) as it is.
 */
type SharedNews = { c: string; s: number } | { c: string; a: ChannelActivity };

/** The other instances on the same PostgreSQL database, and where to read what they announce. */
export type FeedSharing = { notifications: DbNotifications; store: DirectLineStore; logger: Logger };

/**
 * Tells the open WebSockets of this process that a conversation has news. With `sharing` the
 * news also goes to the other instances (PostgreSQL LISTEN/NOTIFY), and theirs comes in here:
 * a stored activity is read from the database, in the order announced, only if this process has
 * a socket on that conversation. Without it (SQLite) another process's sockets do not hear it;
 * polling and reconnecting (both read the database) still do.
 */
export class Feed {
  private readonly listeners = new Map<string, Set<FeedListener>>();
  // Per conversation: news from other instances is passed on one piece at a time, in order.
  private readonly incoming = new Map<string, Promise<void>>();

  constructor(private readonly sharing: FeedSharing | null = null) {
    if (!sharing) return;
    sharing.notifications.subscribe(FEED_CHANNEL, (payload) => this.receive(payload));
    sharing.notifications.onResume(() => this.catchUp());
  }

  subscribe(conversationId: string, listener: FeedListener): () => void {
    const set = this.listeners.get(conversationId) ?? new Set<FeedListener>();
    set.add(listener);
    this.listeners.set(conversationId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  listenerCount(conversationId: string): number {
    return this.listeners.get(conversationId)?.size ?? 0;
  }

  publish(conversationId: string, event: FeedEvent): void {
    this.deliver(conversationId, event);
    if (!this.sharing) return;
    const news: SharedNews = event.kind === 'stored' ? { c: conversationId, s: event.seq } : { c: conversationId, a: event.activity };
    this.sharing.notifications.send(FEED_CHANNEL, JSON.stringify(news));
  }

  private deliver(conversationId: string, event: FeedEvent): void {
    for (const listener of [...(this.listeners.get(conversationId) ?? [])]) listener(event);
  }

  private receive(payload: string): void {
    let news: Partial<{ c: unknown; s: unknown; a: unknown }>;
    try {
      news = JSON.parse(payload) as typeof news;
    } catch {
      return;
    }
    const conversationId = news.c;
    if (typeof conversationId !== 'string' || this.listenerCount(conversationId) === 0) return;
    if (typeof news.s === 'number') {
      const seq = news.s;
      this.inOrder(conversationId, async () => {
        const [stored] = await this.sharing!.store.after(conversationId, seq - 1, 1);
        if (stored?.seq === seq) this.deliver(conversationId, { kind: 'stored', seq, activity: stored.activity });
      });
    } else if (typeof news.a === 'object' && news.a !== null) {
      const activity = news.a as ChannelActivity;
      this.inOrder(conversationId, async () => this.deliver(conversationId, { kind: 'ephemeral', activity }));
    }
  }

  /**
   * After the listening connection was lost: each conversation with sockets here hears of its
   * latest activity, so a socket that missed something reads the database after its watermark.
   */
  private catchUp(): void {
    for (const conversationId of [...this.listeners.keys()]) {
      this.inOrder(conversationId, async () => {
        const conversation = await this.sharing!.store.findConversation(conversationId);
        if (!conversation || conversation.lastSeq === 0) return;
        const [stored] = await this.sharing!.store.after(conversationId, conversation.lastSeq - 1, 1);
        if (stored) this.deliver(conversationId, { kind: 'stored', seq: stored.seq, activity: stored.activity });
      });
    }
  }

  private inOrder(conversationId: string, work: () => Promise<void>): void {
    const next = (this.incoming.get(conversationId) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => this.sharing!.logger.error({ err: String(error), conversation: conversationId }, 'direct line: news from another instance not passed on'))
      .finally(() => {
        if (this.incoming.get(conversationId) === next) this.incoming.delete(conversationId);
      });
    this.incoming.set(conversationId, next);
  }
}
