import type { ChannelActivity } from './channel-activity.js';

/**
 * What a conversation's listeners hear: `stored` says an activity was committed at position `seq`
 * (a listener that has everything before it sends it as is; one that missed something reads the
 * database after its own watermark, so nothing is lost or repeated); `ephemeral` carries an
 * activity that is never stored (the typing indicator).
 */
export type FeedEvent = { kind: 'stored'; seq: number; activity: ChannelActivity } | { kind: 'ephemeral'; activity: ChannelActivity };

export type FeedListener = (event: FeedEvent) => void;

/**
 * Tells the open WebSockets of this process that a conversation has news. Another instance's
 * sockets do not hear it; polling and reconnecting (both read the database) still do.
 */
export class Feed {
  private readonly listeners = new Map<string, Set<FeedListener>>();

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
    for (const listener of [...(this.listeners.get(conversationId) ?? [])]) listener(event);
  }
}
