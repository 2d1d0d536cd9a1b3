import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedActivity = { conversationId: string; path: string; activity: { type?: string; text?: string; replyToId?: string; channelData?: unknown } };

/**
 * A Bot Framework channel's connector API, for real: an HTTP server on 127.0.0.1 that takes what
 * the bot POSTs to /v3/conversations/{id}/activities[/{replyTo}] and keeps it. A shopper whose
 * activities carry this serviceUrl receives the bot's proactive messages here.
 */
export class ConnectorStub {
  readonly received: ReceivedActivity[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) =>
      void this.handle(req).then((status) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? { id: `stub-${this.received.length}` } : { error: { code: 'NotFound' } }));
      }),
    );
  }

  static async start(): Promise<ConnectorStub> {
    const stub = new ConnectorStub();
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  /** The serviceUrl to put on the shopper's activities. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  textsFor(conversationId: string): string[] {
    return this.received.filter((r) => r.conversationId === conversationId && r.activity.type === 'message').map((r) => r.activity.text ?? '');
  }

  /** Resolves once `count` messages reached the conversation (or rejects after a while). */
  async waitFor(conversationId: string, count: number, timeoutMs = 5000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.textsFor(conversationId).length < count) {
      if (Date.now() > deadline) throw new Error(`connector stub: ${this.textsFor(conversationId).length} of ${count} messages for ${conversationId}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 50);
      });
    }
    return this.textsFor(conversationId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = decodeURI(req.url ?? '');
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(path);
    if (req.method !== 'POST' || !match) return 404;
    this.received.push({ conversationId: match[1]!, path, activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedActivity['activity'] });
    for (const wake of [...this.waiters]) wake();
    return 200;
  }
}
