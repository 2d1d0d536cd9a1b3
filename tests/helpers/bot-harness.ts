import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { loadConfig, type Config } from '../../core/config/config.js';
import type { Db } from '../../core/db/client.js';
import type { Directory } from '../../core/directory/directory.js';
import { createApp, type App } from '../../bot/app.js';
import { createLogger } from '../../bot/logger.js';

export type Reply = { text: string; buttons: string[]; raw: Partial<Activity> };

export type Harness = {
  url: string;
  app: App;
  config: Config;
  close(): Promise<void>;
};

/** Starts the real HTTP server on a free loopback port over the given database. */
export async function startBot(
  db: Db,
  options: { env?: Record<string, string>; now?: () => Date; directory?: Directory } = {},
): Promise<Harness> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: 'file:unused.db', ...options.env });
  const logger = createLogger(config);
  const app = createApp({ config, db, logger, now: options.now, directory: options.directory });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    config,
    close: async () => {
      await app.close();
      logger.flush();
    },
  };
}

let counter = 0;

/** A shopper on some channel, talking to /api/messages with deliveryMode "expectReplies". */
export class Shopper {
  readonly conversationId: string;
  private seq = 0;
  // Another Shopper on the same conversation (a reconnect) must not reuse activity ids.
  private readonly nonce = Math.random().toString(36).slice(2, 8);

  constructor(
    private readonly url: () => string,
    readonly locale: string | undefined,
    conversationId?: string,
    readonly channelId = 'test',
  ) {
    this.conversationId = conversationId ?? `conv-${process.pid}-${Date.now()}-${++counter}`;
  }

  activity(extra: Partial<Activity> & Record<string, unknown>): Record<string, unknown> {
    return {
      type: 'message',
      id: `act-${this.conversationId}-${this.nonce}-${++this.seq}`,
      channelId: this.channelId,
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: this.conversationId },
      from: { id: 'shopper-1', name: 'Shopper' },
      recipient: { id: 'bot', name: 'Recovery Desk' },
      locale: this.locale,
      deliveryMode: 'expectReplies',
      ...extra,
    };
  }

  async post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async send(activity: Record<string, unknown>): Promise<Reply[]> {
    const res = await this.post(activity);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { activities?: Partial<Activity>[] };
    return (body.activities ?? []).map((a) => ({
      text: a.text ?? '',
      buttons: (a.suggestedActions?.actions ?? []).map((x) => String(x.title)),
      raw: a,
    }));
  }

  /** The channel's join event, as Web Chat's backend and the Emulator send it. */
  join(): Promise<Reply[]> {
    return this.send(this.activity({ type: 'conversationUpdate', membersAdded: [{ id: 'shopper-1', name: 'Shopper' }], text: undefined }));
  }

  say(text: string): Promise<Reply[]> {
    return this.send(this.activity({ text }));
  }
}
