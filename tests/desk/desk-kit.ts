// Shared pieces of the desk API tests: operators, cases, a signed-in HTTP client with its cookie
// and CSRF token, an SSE reader, and a clock the tests move.
import { openCase } from '../../core/cases/open-case.js';
import type { Db } from '../../core/db/client.js';
import type { CaseType, EvidenceItem, Locale } from '../../core/domain.js';
import { createOperator } from '../../desk/operators/create-operator.js';
import type { DeskOperator, OperatorRole } from '../../desk/operators/desk-operator.js';

export const PASSWORD = 'Desk-Test-Password-2026!';

/** A clock the tests move by hand; the app reads it for sessions, holds and codes. */
export class Clock {
  private offset = 0;
  now = () => new Date(Date.now() + this.offset);
  advanceMinutes(minutes: number) {
    this.offset += minutes * 60_000;
  }
}

let serial = 0;
const unique = () => `${process.pid}-${Date.now().toString(36)}-${++serial}`;

export async function addOperator(db: Db, role: OperatorRole, languages: Locale[], name = `${role.toLowerCase()} ${serial + 1}`): Promise<DeskOperator> {
  const result = await createOperator(db.prisma, { email: `op-${unique()}@desk.example.com`, displayName: name, role, languages, password: PASSWORD });
  if (result.kind !== 'created') throw new Error(`operator not created: ${result.kind}`);
  return result.operator;
}

export type TestCase = { caseId: string; conversationId: string; number: number };

/** A waiting case on a conversation of its own, as the bot opens them (audit event included). */
export async function addCase(
  db: Db,
  options: { locale?: Locale; type?: CaseType; evidence?: EvidenceItem[]; accountId?: string | null; requestedEmail?: string | null; reference?: unknown } = {},
): Promise<TestCase> {
  const conversation = await db.prisma.conversation.create({
    data: { channelId: 'desk-test', externalId: `conv-${unique()}`, locale: options.locale ?? 'ru', reference: options.reference ? JSON.stringify(options.reference) : null },
  });
  const opened = await openCase(db.prisma, {
    conversationId: conversation.id,
    type: options.type ?? 'GENERAL',
    locale: options.locale ?? 'ru',
    evidence: options.evidence ?? [],
    accountId: options.accountId ?? null,
    blockStatus: null,
    requestedEmail: options.requestedEmail ?? null,
  });
  return { caseId: opened.caseId, conversationId: conversation.id, number: opened.caseNumber };
}

export type Reply<T> = { status: number; body: T; headers: Headers };
type RequestOptions = { body?: unknown; rawBody?: string; contentType?: string; csrf?: string | null; origin?: string | null; headers?: Record<string, string> };

/** The console, as far as the server can tell: a session cookie, the CSRF token, same-origin requests. */
export class DeskClient {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(readonly base: string) {}

  static async signIn(base: string, email: string, password = PASSWORD): Promise<DeskClient> {
    const client = new DeskClient(base);
    const res = await client.post<{ csrfToken: string }>('/desk/api/session', { email, password });
    if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${JSON.stringify(res.body)}`);
    return client;
  }

  async request<T = Record<string, unknown>>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (options.origin !== null) headers.origin = options.origin ?? this.base;
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (method !== 'GET' && csrf !== null && csrf !== undefined) headers['x-csrf-token'] = csrf;
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const res = await fetch(`${this.base}${path}`, { method, headers, body: payload });
    const setCookie = res.headers.get('set-cookie');
    const session = setCookie ? /rd_desk=([^;]*)/.exec(setCookie)?.[1] : undefined;
    if (session !== undefined) this.cookie = session ? `rd_desk=${session}` : undefined;
    const text = await res.text();
    const body = (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
    const token = (body as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof token === 'string') this.csrf = token;
    return { status: res.status, body, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...options, body: options.rawBody === undefined ? (body ?? {}) : undefined });
  }

  del<T = Record<string, unknown>>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }
}

export type StreamEvent = { event: string; data: Record<string, unknown> };

/** A Server-Sent Events reader over fetch, as the console's EventSource would be. */
export class EventStream {
  readonly events: StreamEvent[] = [];
  private constructor(private readonly controller: AbortController, readonly status: number) {}

  static async open(client: DeskClient, query = ''): Promise<EventStream> {
    const controller = new AbortController();
    const res = await fetch(`${client.base}/desk/api/events${query}`, { headers: { cookie: client.cookie ?? '' }, signal: controller.signal });
    const stream = new EventStream(controller, res.status);
    if (res.status !== 200 || !res.body) {
      controller.abort();
      return stream;
    }
    void stream.read(res.body).catch(() => undefined);
    await stream.waitFor((e) => e.event === 'ready');
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) this.events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  }

  async waitFor(match: (e: StreamEvent) => boolean, timeoutMs = 5000): Promise<StreamEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(this.events.map((e) => e.event))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.controller.abort();
  }
}
