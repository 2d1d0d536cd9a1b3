import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; this much is left for the caller's
 * part once the sender's tag is added.
 */
export const NOTIFY_PAYLOAD_LIMIT = 7900;

/** Where the listener reports trouble (pino's Logger fits). */
export type NotificationLog = {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

/**
 * Messages between the app processes sharing one database (several instances behind a load
 * balancer). A process hears only the others: what it sends itself it has already delivered
 * locally. Delivery is best effort — a message sent while a listener is reconnecting is lost to
 * it, which is why `onResume` tells subscribers to catch up from the database.
 */
export interface DbNotifications {
  /** This process's random tag on what it sends. */
  readonly instanceId: string;
  /**
   * Sends `payload` on `channel` to the other processes, in order, without waiting. False (and
   * nothing sent) when the payload is over NOTIFY_PAYLOAD_LIMIT bytes or the channel is closed.
   */
  send(channel: string, payload: string): boolean;
  /** Calls `handler` with each payload another process sends on `channel`. */
  subscribe(channel: string, handler: (payload: string) => void): () => void;
  /** Calls `handler` after the listening connection was lost and is back (messages may be missing). */
  onResume(handler: () => void): () => void;
  /** Resolves once this process is listening (now, or when the current (re)connection is done), or closed. */
  ready(): Promise<void>;
  /** Stops listening and waits for what is being sent. */
  close(): Promise<void>;
}

export type PgNotificationsOptions = {
  connectionString: string;
  /** Runs `SELECT pg_notify($1, $2)` on the app's own connections (the Prisma client's pool). */
  notify(channel: string, payload: string): Promise<unknown>;
  log: NotificationLog;
  /** First reconnection delay; doubles per failure up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
};

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * LISTEN/NOTIFY. Sending goes through the app's pool (a NOTIFY needs no connection of its own);
 * listening holds one dedicated `pg.Client` on the same database, named
 * `recovery-desk live <instanceId>` in pg_stat_activity, reconnected with backoff when it drops.
 */
export class PgNotifications implements DbNotifications {
  readonly instanceId = randomBytes(12).toString('base64url');
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private readonly resumeHandlers = new Set<() => void>();
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private client: pg.Client | null = null;
  private listening = false;
  private connectedBefore = false;
  private closed = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly options: PgNotificationsOptions) {
    this.minDelayMs = options.minDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 15_000;
  }

  /** Starts connecting in the background; the app does not wait for it. */
  start(): this {
    void this.connect();
    return this;
  }

  send(channel: string, payload: string): boolean {
    if (this.closed) return false;
    if (Buffer.byteLength(payload) > NOTIFY_PAYLOAD_LIMIT) {
      this.options.log.error({ channel, bytes: Buffer.byteLength(payload) }, 'notify: payload too large, not sent');
      return false;
    }
    const tagged = `${this.instanceId} ${payload}`;
    // One after the other: NOTIFYs from different pool connections could otherwise commit out of order.
    this.sending = this.sending
      .then(() => this.options.notify(channel, tagged))
      .then(
        () => undefined,
        (error: unknown) => this.options.log.warn({ err: String(error), channel }, 'notify: not sent to the other instances'),
      );
    return true;
  }

  subscribe(channel: string, handler: (payload: string) => void): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      // Already listening: add the channel now; a failure here is a lost connection, handled there.
      if (this.listening && this.client) this.client.query(`LISTEN ${quoteIdentifier(channel)}`).catch(() => undefined);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  onResume(handler: () => void): () => void {
    this.resumeHandlers.add(handler);
    return () => this.resumeHandlers.delete(handler);
  }

  ready(): Promise<void> {
    if (this.listening || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listening = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.wake();
    await Promise.all([client?.end().catch(() => undefined), this.sending]);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: `recovery-desk live ${this.instanceId}` });
    this.client = client;
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message: pg.Notification) => {
      if (this.client === client) this.receive(message);
    });
    try {
      await client.connect();
      for (const channel of [...this.handlers.keys()]) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return;
    this.listening = true;
    this.failures = 0;
    const resumed = this.connectedBefore;
    this.connectedBefore = true;
    if (resumed) {
      this.options.log.warn({ instance: this.instanceId }, 'notify: listening again');
      for (const handler of [...this.resumeHandlers]) {
        try {
          handler();
        } catch {
          // One subscriber's failure to catch up must not keep the others from it.
        }
      }
    }
    this.wake();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    client.end().catch(() => undefined);
    if (this.closed) return;
    const delay = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** this.failures) * (0.75 + Math.random() / 4);
    this.failures += 1;
    this.options.log.warn({ err: error === null ? 'connection ended' : String(error), retryInMs: Math.round(delay) }, 'notify: listening connection lost');
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  private receive(message: pg.Notification): void {
    const raw = message.payload ?? '';
    const space = raw.indexOf(' ');
    if (space < 0 || raw.slice(0, space) === this.instanceId) return;
    const payload = raw.slice(space + 1);
    for (const handler of [...(this.handlers.get(message.channel) ?? [])]) {
      try {
        handler(payload);
      } catch (error) {
        this.options.log.error({ err: String(error), channel: message.channel }, 'notify: a subscriber failed');
      }
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
