// The feed's side of the instances' shared channel, without a database: a fake channel between
// two feeds, a fake store with what the database would answer.
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { DbNotifications } from '../../core/db/notifications.js';
import type { ChannelActivity } from '../../bot/directline/channel-activity.js';
import { Feed, FEED_CHANNEL, type FeedEvent } from '../../bot/directline/feed.js';
import type { DirectLineStore, StoredActivity } from '../../bot/directline/store.js';

/** Processes on one "database": what one sends, the others hear, in order. */
class FakeChannel {
  readonly members: FakeNotifications[] = [];
  readonly sent: { from: string; channel: string; payload: string }[] = [];
  join(): FakeNotifications {
    const member = new FakeNotifications(this, `i${this.members.length}`);
    this.members.push(member);
    return member;
  }
}

class FakeNotifications implements DbNotifications {
  readonly handlers = new Map<string, ((payload: string) => void)[]>();
  readonly resume: (() => void)[] = [];
  constructor(
    private readonly channel: FakeChannel,
    readonly instanceId: string,
  ) {}
  send(channel: string, payload: string): boolean {
    this.channel.sent.push({ from: this.instanceId, channel, payload });
    for (const other of this.channel.members) if (other !== this) for (const h of other.handlers.get(channel) ?? []) h(payload);
    return true;
  }
  subscribe(channel: string, handler: (payload: string) => void): () => void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    return () => undefined;
  }
  onResume(handler: () => void): () => void {
    this.resume.push(handler);
    return () => undefined;
  }
  ready = () => Promise.resolve();
  close = () => Promise.resolve();
}

const activity = (seq: number, text = `line ${seq}`): ChannelActivity => ({ id: `c1|${seq}`, type: 'message', timestamp: new Date(0).toISOString(), text });

/** What the database holds; reads are slow, the first slowest, to shake out ordering. */
function fakeStore(rows: StoredActivity[]): { store: DirectLineStore; reads: number[] } {
  const reads: number[] = [];
  const store = {
    async after(_conversationId: string, watermark: number, limit: number) {
      reads.push(watermark);
      await new Promise((resolve) => setTimeout(resolve, reads.length === 1 ? 50 : 5));
      return rows.filter((r) => r.seq > watermark).slice(0, limit);
    },
    async findConversation(id: string) {
      return { id, userId: 'u', locale: null, joinedAt: null, lastSeq: rows.at(-1)?.seq ?? 0 };
    },
  };
  return { store: store as unknown as DirectLineStore, reads };
}

const silent = pino({ level: 'silent' });

describe('the Direct Line feed between instances', () => {
  it('tells local listeners at once and the other instances only the position of a stored activity', () => {
    const channel = new FakeChannel();
    const feed = new Feed({ notifications: channel.join(), store: fakeStore([]).store, logger: silent });
    const heard: FeedEvent[] = [];
    feed.subscribe('c1', (e) => heard.push(e));
    feed.publish('c1', { kind: 'stored', seq: 3, activity: activity(3, 'x'.repeat(20_000)) });
    expect(heard).toHaveLength(1);
    expect(channel.sent.map((s) => [s.channel, JSON.parse(s.payload)])).toEqual([[FEED_CHANNEL, { c: 'c1', s: 3 }]]);
  });

  it('reads announced activities from the store and passes them on in the order announced, typing included', async () => {
    const channel = new FakeChannel();
    const { store } = fakeStore([1, 2].map((seq) => ({ seq, activity: activity(seq), delivered: true })));
    const sender = new Feed({ notifications: channel.join(), store, logger: silent });
    const receiver = new Feed({ notifications: channel.join(), store, logger: silent });
    const heard: FeedEvent[] = [];
    receiver.subscribe('c1', (e) => heard.push(e));
    sender.publish('c1', { kind: 'stored', seq: 1, activity: activity(1) });
    sender.publish('c1', { kind: 'ephemeral', activity: { ...activity(0), type: 'typing' } });
    sender.publish('c1', { kind: 'stored', seq: 2, activity: activity(2) });
    await expect.poll(() => heard.length).toBe(3);
    expect(heard.map((e) => (e.kind === 'stored' ? e.seq : e.activity.type))).toEqual([1, 'typing', 2]);
    expect(heard[0]).toEqual({ kind: 'stored', seq: 1, activity: activity(1) });
  });

  it('reads nothing for a conversation with no socket in this process', async () => {
    const channel = new FakeChannel();
    const { store: senderStore } = fakeStore([]);
    const { store, reads } = fakeStore([{ seq: 1, activity: activity(1), delivered: true }]);
    const sender = new Feed({ notifications: channel.join(), store: senderStore, logger: silent });
    new Feed({ notifications: channel.join(), store, logger: silent });
    sender.publish('c1', { kind: 'stored', seq: 1, activity: activity(1) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toEqual([]);
  });

  it('after the listening connection is back, each conversation with sockets hears its latest activity', async () => {
    const channel = new FakeChannel();
    const notifications = channel.join();
    const { store } = fakeStore([1, 2, 3].map((seq) => ({ seq, activity: activity(seq), delivered: true })));
    const feed = new Feed({ notifications, store, logger: silent });
    const heard: FeedEvent[] = [];
    feed.subscribe('c1', (e) => heard.push(e));
    for (const resume of notifications.resume) resume();
    await expect.poll(() => heard.length).toBe(1);
    expect(heard[0]).toMatchObject({ kind: 'stored', seq: 3 });
  });

  it('without sharing (SQLite) it is the in-process feed it always was', () => {
    const feed = new Feed();
    const heard: FeedEvent[] = [];
    const off = feed.subscribe('c1', (e) => heard.push(e));
    feed.publish('c1', { kind: 'stored', seq: 1, activity: activity(1) });
    off();
    feed.publish('c1', { kind: 'stored', seq: 2, activity: activity(2) });
    expect(heard).toHaveLength(1);
    expect(feed.listenerCount('c1')).toBe(0);
  });
});
