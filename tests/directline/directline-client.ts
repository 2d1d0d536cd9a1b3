// Microsoft's own Direct Line client (botframework-directlinejs, the one inside Web Chat), run in
// Node against our server. It expects a browser: a global WebSocket and XMLHttpRequest-based ajax.
// Node 20 has neither, so the `ws` package stands in for WebSocket and fetch for the ajax service.
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { ConnectionStatus, DirectLine, type Activity, type DirectLineOptions, type Services } from 'botframework-directlinejs';

type Subscriber = { next(value: unknown): void; error(error: unknown): void; complete(): void };
type ObservableStatic = { create(subscribe: (subscriber: Subscriber) => () => void): unknown };
type AjaxRequest = { url: string; method?: string; headers?: Record<string, string>; body?: unknown; timeout?: number };

// directlinejs checks `typeof WebSocket` itself before it uses its WebSocket service.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

// The rxjs 5 that directlinejs was built with (its own copy, not any other rxjs in the tree).
const requireFromClient = createRequire(createRequire(import.meta.url).resolve('botframework-directlinejs'));
const { Observable } = requireFromClient('rxjs/Observable') as { Observable: ObservableStatic };

/** rxjs' Observable.ajax over fetch: `{ status, response }` on 2xx, an error with `status` otherwise. */
function fetchAjax(request: AjaxRequest): unknown {
  return Observable.create((subscriber) => {
    const controller = new AbortController();
    const timer = request.timeout ? setTimeout(() => controller.abort(), request.timeout) : undefined;
    const body = request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    fetch(request.url, { method: request.method ?? 'GET', headers: request.headers, body: body as string | undefined, signal: controller.signal })
      .then(async (res) => {
        const text = await res.text();
        let response: unknown = text;
        try {
          response = text ? JSON.parse(text) : null;
        } catch {
          // Not JSON: keep the text.
        }
        const xhr = { getResponseHeader: (name: string) => res.headers.get(name) };
        if (res.status >= 200 && res.status < 300) {
          subscriber.next({ status: res.status, response, xhr });
          subscriber.complete();
        } else {
          subscriber.error({ status: res.status, response, xhr });
        }
      })
      .catch((error: unknown) => subscriber.error({ status: 0, message: String(error), xhr: { getResponseHeader: () => null } }))
      .finally(() => clearTimeout(timer));
    return () => controller.abort();
  });
}

export { ConnectionStatus };
export type { Activity };

/** The activity a bot message answers (Direct Line carries it; directlinejs' types omit it). */
export function replyToId(activity: Activity): string | undefined {
  return (activity as { replyToId?: string }).replyToId;
}

export function textOf(activity: Activity): string | undefined {
  return 'text' in activity ? activity.text : undefined;
}

/** A directlinejs connection and everything it received, in order. */
export class DirectLineSession {
  readonly received: Activity[] = [];
  readonly client: DirectLine;
  private readonly subscription: { unsubscribe(): void };
  private readonly waiters = new Set<() => void>();

  constructor(options: DirectLineOptions) {
    this.client = new DirectLine({
      ...options,
      ajax: fetchAjax as unknown as Services['ajax'],
      // Reconnect after 3 s instead of 3–15 s, so the tests wait less.
      random: () => 0,
    });
    this.subscription = this.client.activity$.subscribe((activity) => {
      this.received.push(activity);
      for (const wake of [...this.waiters]) wake();
    });
  }

  get status(): ConnectionStatus {
    return this.client.connectionStatus$.getValue();
  }

  get conversationId(): string | undefined {
    return (this.client as unknown as { conversationId?: string }).conversationId;
  }

  get token(): string | undefined {
    return (this.client as unknown as { token?: string }).token;
  }

  get watermark(): string {
    return (this.client as unknown as { watermark: string }).watermark;
  }

  /** Messages from the bot, in order. */
  botMessages(): Activity[] {
    return this.received.filter((a) => a.type === 'message' && a.from.role === 'bot');
  }

  botTexts(): string[] {
    return this.botMessages().map((a) => ('text' in a ? (a.text ?? '') : ''));
  }

  /** Resolves when `predicate` holds for what was received; fails after `timeoutMs`. */
  waitFor(predicate: (received: Activity[]) => boolean, timeoutMs = 15_000): Promise<void> {
    if (predicate(this.received)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out; received: ${JSON.stringify(this.received.map((a) => [a.type, 'text' in a ? a.text : undefined]))}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(this.received)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /** Waits until the bot has sent `count` messages in all. */
  waitForBotMessages(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.botMessages().length >= count, timeoutMs);
  }

  /** Posts a message as Web Chat does; resolves with the id the server gave it. */
  say(text: string, locale?: string, clientActivityID = `client-${Math.random().toString(36).slice(2)}`): Promise<string> {
    return new Promise((resolve, reject) => {
      this.client
        .postActivity({ type: 'message', from: { id: 'ignored-by-the-server', role: 'user' }, text, locale, channelData: { clientActivityID } })
        .subscribe({ next: (id: string) => resolve(id), error: reject });
    });
  }

  end(): void {
    this.subscription.unsubscribe();
    this.client.end();
  }
}
