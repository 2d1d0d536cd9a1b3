import WebSocket from 'ws';
import type { Logger } from '../logger.js';
import type { ChannelActivity } from './channel-activity.js';
import { PAGE_SIZE } from './channel.js';
import type { FeedEvent } from './feed.js';
import type { DirectLineStore } from './store.js';

/** A client that lets this much pile up unsent is dropped; it reconnects with its watermark. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * One open WebSocket of a conversation. It sends what the database holds after the client's
 * watermark — the backlog first, then each activity the feed announces — in order, each once, as
 * frames `{ activities, watermark }`. Work is done one piece at a time, so an ephemeral typing
 * frame never overtakes the stored activities announced before it.
 */
export class StreamSubscriber {
  private queue: Promise<void> = Promise.resolve();
  private readQueued = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly conversationId: string,
    private delivered: number,
    private readonly store: DirectLineStore,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.requestRead();
  }

  notify(event: FeedEvent): void {
    if (event.kind === 'ephemeral') {
      this.enqueue(async () => this.send([event.activity]));
      return;
    }
    this.enqueue(async () => {
      if (event.seq <= this.delivered) return;
      // The next one in line needs no database read; after a gap, read what was missed.
      if (event.seq === this.delivered + 1) {
        this.delivered = event.seq;
        this.send([event.activity]);
      } else {
        await this.readAll();
      }
    });
  }

  private requestRead(): void {
    // One pending read is enough: it reads everything there is by the time it runs.
    if (this.readQueued) return;
    this.readQueued = true;
    this.enqueue(async () => {
      this.readQueued = false;
      await this.readAll();
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      this.logger.error({ err: String(error), conversation: this.conversationId }, 'direct line: stream failed; closing it');
      this.socket.terminate();
    });
  }

  private async readAll(): Promise<void> {
    for (;;) {
      if (this.socket.readyState !== WebSocket.OPEN) return;
      const page = await this.store.after(this.conversationId, this.delivered, PAGE_SIZE);
      if (page.length === 0) return;
      this.delivered = page.at(-1)!.seq;
      this.send(page.map((s) => s.activity));
      if (page.length < PAGE_SIZE) return;
    }
  }

  private send(activities: ChannelActivity[]): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.terminate();
      return;
    }
    this.socket.send(JSON.stringify({ activities, watermark: String(this.delivered) }));
  }
}
