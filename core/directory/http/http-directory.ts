import { randomInt } from 'node:crypto';
import https from 'node:https';
import type { z } from 'zod';
import {
  DirectoryError,
  IDEMPOTENCY_KEY_PATTERN,
  type AccountLookup,
  type CardPaymentLookup,
  type ChangeAnswer as PortChangeAnswer,
  type Directory,
  type EmailChangeAnswer,
  type StatusLookup,
} from '../directory.js';
import { CircuitBreaker, type BreakerState } from './circuit-breaker.js';
import { sendRequest, TransportError } from './send-request.js';
import { IDEMPOTENCY_HEADER, sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';
import { AccountAnswer, API_PREFIX, CardPaymentAnswer, ChangeAnswer, ErrorAnswer, ROUTES, StatusAnswer, type Operation } from './wire.js';

export type DirectoryLog = {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
};

export type HttpDirectoryOptions = {
  /** The directory's base URL; the contract's paths (`/v1/…`) are appended. */
  url: string;
  /** The shared secret requests are signed with (HMAC-SHA256). */
  secret: string;
  /** The deadline of one exchange. */
  timeoutMs?: number;
  /** Further tries of a read after a refused connection or a 5xx/429 answer (never after a timeout). */
  readRetries?: number;
  /** The pause before the first retry; doubled before each next one, with jitter. */
  retryDelayMs?: number;
  breaker?: { failureThreshold: number; openMs: number };
  /** Mutual TLS: PEM client certificate and key, and the CA that signed the directory's certificate. */
  tls?: { cert?: string; key?: string; ca?: string };
  maxResponseBytes?: number;
  now?: () => number;
  log?: DirectoryLog;
};

export type HttpDirectory = Directory & { readonly breakerState: BreakerState };

/** `misconfigured`: the directory refused who we are (401/403) or knows no such route (404): an operator must act. */
type Attempt = { kind: 'answer'; status: number; body: string } | { kind: 'failed'; retryable: boolean; reason: string; misconfigured?: boolean };

const UNAVAILABLE = { kind: 'unavailable' } as const;
const silent: DirectoryLog = { warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The directory over the marketplace's own services (docs/directory-api.yaml). Every request is
 * signed (HMAC over timestamp, method, path, idempotency key and body); every change carries its
 * idempotency key and is sent once; a read is tried again after a refused connection or a 5xx,
 * a bounded number of times; each exchange has a deadline; a circuit breaker stops calling a
 * directory that keeps failing. Whatever goes wrong on the way is `unavailable` to the caller;
 * only a broken contract (a malformed answer, a rejected request) throws.
 */
export function createHttpDirectory(options: HttpDirectoryOptions): HttpDirectory {
  const base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
  if (!/^https?:$/.test(base.protocol)) throw new Error('DIRECTORY_URL must be an http(s) URL');
  const timeoutMs = options.timeoutMs ?? 2000;
  const readRetries = options.readRetries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 100;
  const now = options.now ?? Date.now;
  const log = options.log ?? silent;
  const breaker = new CircuitBreaker({ failureThreshold: 5, openMs: 30_000, ...options.breaker, now });
  const agent = options.tls && base.protocol === 'https:' ? new https.Agent({ ...options.tls, keepAlive: true }) : undefined;

  const urlOf = (operation: Operation, ref?: string) =>
    new URL(`${API_PREFIX}${ROUTES[operation].path}`.replace('{ref}', encodeURIComponent(ref ?? '')).slice(1), base);

  async function attempt(operation: Operation, url: URL, body: string | null, key: string | null): Promise<Attempt> {
    const method = ROUTES[operation].method;
    const timestamp = String(Math.floor(now() / 1000));
    const path = `${url.pathname}${url.search}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: sign(options.secret, { method, path, timestamp, idempotencyKey: key, body: body ?? '' }),
      ...(body === null ? {} : { 'content-type': 'application/json' }),
      ...(key === null ? {} : { [IDEMPOTENCY_HEADER]: key }),
    };
    try {
      const res = await sendRequest({ url, method, headers, body, timeoutMs, maxResponseBytes: options.maxResponseBytes ?? 64 * 1024, agent });
      if (res.status === 200) return { kind: 'answer', status: 200, body: res.body };
      if (res.status === 400 || res.status === 422) return { kind: 'answer', status: res.status, body: res.body };
      const misconfigured = res.status === 401 || res.status === 403 || res.status === 404;
      return { kind: 'failed', retryable: res.status >= 500 || res.status === 429, reason: `HTTP ${res.status}`, misconfigured };
    } catch (error) {
      const reason = error instanceof TransportError ? error.reason : 'network';
      return { kind: 'failed', retryable: reason === 'network', reason: error instanceof Error ? `${reason}: ${error.message}` : reason };
    }
  }

  /** One operation: through the breaker, tried (and for reads retried), its answer parsed. */
  async function call<S extends z.ZodType>(operation: Operation, schema: S, input: { ref?: string; body?: unknown; key?: string }): Promise<z.infer<S> | typeof UNAVAILABLE> {
    if (input.key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(input.key)) throw new DirectoryError('BadRequest', 'An idempotency key is 1–200 letters, digits or ._:-');
    if (!breaker.tryPass()) return UNAVAILABLE;
    const url = urlOf(operation, input.ref);
    const body = input.body === undefined ? null : JSON.stringify(input.body);
    const tries = input.key === undefined ? 1 + readRetries : 1;
    let last: Attempt | null = null;
    for (let i = 0; i < tries; i++) {
      if (i > 0) await sleep(retryDelayMs * 2 ** (i - 1) + randomInt(0, retryDelayMs + 1));
      last = await attempt(operation, url, body, input.key ?? null);
      if (last.kind === 'answer' || !last.retryable) break;
    }
    if (!last || last.kind === 'failed') {
      breaker.failed();
      const details = { operation, reason: last?.reason, breaker: breaker.state };
      if (last?.misconfigured) log.error(details, 'directory refused the request: check DIRECTORY_URL and DIRECTORY_SECRET');
      else log.warn(details, 'directory did not answer');
      return UNAVAILABLE;
    }
    breaker.succeeded();
    if (last.status !== 200) {
      const error = ErrorAnswer.safeParse(safeJson(last.body));
      const code = error.success ? error.data.error.code : `HTTP ${last.status}`;
      log.error({ operation, status: last.status, code }, 'directory refused the request');
      throw new DirectoryError(code === 'IdempotencyKeyReused' ? 'IdempotencyKeyReused' : 'BadRequest', `The directory refused ${operation}: ${code}`);
    }
    const parsed = schema.safeParse(safeJson(last.body));
    if (!parsed.success) {
      log.error({ operation, issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'directory answer breaks the contract');
      throw new DirectoryError('BadAnswer', `The directory's answer to ${operation} breaks the contract.`);
    }
    return parsed.data;
  }

  const account = async (operation: Operation, input: { ref?: string; body?: unknown }): Promise<AccountLookup> => {
    const answer = await call(operation, AccountAnswer, input);
    if ('kind' in answer) return answer;
    return answer.outcome === 'found' ? { kind: 'found', account: answer.account } : { kind: 'notFound' };
  };

  const change = async (operation: Operation, ref: string, key: string, body: unknown): Promise<EmailChangeAnswer> => {
    const answer = await call(operation, ChangeAnswer, { ref, key, body });
    if ('kind' in answer) return answer;
    switch (answer.outcome) {
      case 'done':
        return { kind: 'done', account: answer.account, before: answer.before };
      case 'refused':
        return { kind: 'refused', status: answer.status };
      case 'notFound':
        return { kind: 'notFound' };
      case 'taken':
        return { kind: 'taken' };
    }
  };

  /** Only an email change may answer `taken`; from any other change it breaks the contract. */
  const plainChange = async (operation: Operation, ref: string, key: string, body: unknown): Promise<PortChangeAnswer> => {
    const answer = await change(operation, ref, key, body);
    if (answer.kind === 'taken') throw new DirectoryError('BadAnswer', `The directory answered "taken" to ${operation}.`);
    return answer;
  };

  return {
    get breakerState() {
      return breaker.state;
    },
    findByOrder: (orderNumber) => account('findByOrder', { body: { orderNumber } }),
    async findByCardPayment(query): Promise<CardPaymentLookup> {
      const body = { ...query, paidWithin: query.paidWithin.map((w) => ({ from: w.from.toISOString(), to: w.to.toISOString() })) };
      const answer = await call('findByCardPayment', CardPaymentAnswer, { body });
      if ('kind' in answer) return answer;
      if (answer.outcome === 'found') return { kind: 'found', account: answer.account, parts: answer.parts };
      return { kind: answer.outcome, parts: answer.parts };
    },
    findByEmail: (email) => account('findByEmail', { body: { email } }),
    getAccount: (ref) => account('getAccount', { ref }),
    async readStatus(ref): Promise<StatusLookup> {
      const answer = await call('readStatus', StatusAnswer, { ref });
      if ('kind' in answer) return answer;
      return answer.outcome === 'found' ? { kind: 'found', status: answer.status } : { kind: 'notFound' };
    },
    setPassword: (ref, { password, idempotencyKey }) => plainChange('setPassword', ref, idempotencyKey, { password }),
    changeEmail: (ref, { email, idempotencyKey }) => change('changeEmail', ref, idempotencyKey, { email }),
    confirmEmail: (ref, { idempotencyKey }) => plainChange('confirmEmail', ref, idempotencyKey, {}),
    liftBlock: (ref, { from, idempotencyKey }) => plainChange('liftBlock', ref, idempotencyKey, { from }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
