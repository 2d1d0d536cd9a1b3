import http from 'node:http';
import type { z } from 'zod';
import { ACCOUNT_REF_PATTERN, DirectoryError, IDEMPOTENCY_KEY_PATTERN, type Directory } from '../directory.js';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../http/signature.js';
import { API_PREFIX, BlockLift, CardPaymentQuery, EmailChange, EmailConfirmation, EmailQuery, OrderQuery, PasswordChange, ROUTES, type Operation } from '../http/wire.js';
import { toWire } from './to-wire.js';

export type ReferenceServerOptions = {
  /** What the server answers from: usually the embedded directory over a snapshot. */
  directory: Directory;
  secret: string;
  maxBodyBytes?: number;
  now?: () => number;
  /** Told of each request the server answered (operation, status), for logs and tests. */
  onRequest?: (event: { operation: Operation | null; status: number }) => void;
};

type Answer = { status: number; body: unknown };

const error = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } } });

const BODIES: Partial<Record<Operation, z.ZodType>> = {
  findByOrder: OrderQuery,
  findByCardPayment: CardPaymentQuery,
  findByEmail: EmailQuery,
  setPassword: PasswordChange,
  changeEmail: EmailChange,
  confirmEmail: EmailConfirmation,
  liftBlock: BlockLift,
};

/** Which operation a method and path name, and the account reference in it. */
function route(method: string, pathname: string): { operation: Operation; ref: string | null } | null {
  if (!pathname.startsWith(`${API_PREFIX}/`)) return null;
  const rest = pathname.slice(API_PREFIX.length);
  for (const [operation, r] of Object.entries(ROUTES) as [Operation, (typeof ROUTES)[Operation]][]) {
    if (r.method !== method) continue;
    const pattern = new RegExp(`^${r.path.replace('{ref}', '([^/]+)')}$`);
    const match = pattern.exec(rest);
    if (match) return { operation, ref: match[1] === undefined ? null : decodeURIComponent(match[1]) };
  }
  return null;
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A reference implementation of the directory's HTTP contract (docs/directory-api.yaml): what a
 * marketplace builds in front of its own identity and order services, here in front of any
 * Directory (the embedded one over a snapshot, for the tests and `npm run directory:reference`).
 * It checks each request's signature and timestamp, requires an idempotency key on every change,
 * validates bodies, and answers every expected outcome as 200 with an `outcome`.
 */
export function createReferenceServer(options: ReferenceServerOptions): http.Server {
  const now = options.now ?? Date.now;
  const maxBody = options.maxBodyBytes ?? 16 * 1024;

  async function handle(req: http.IncomingMessage): Promise<{ operation: Operation | null; answer: Answer }> {
    const url = new URL(req.url ?? '/', 'http://directory.invalid');
    const found = route(req.method ?? 'GET', url.pathname);
    const body = await readBody(req, maxBody);
    if (body === null) return { operation: found?.operation ?? null, answer: error(413, 'TooLarge', 'The body is too large.') };
    const timestamp = String(req.headers[TIMESTAMP_HEADER] ?? '');
    const key = typeof req.headers[IDEMPOTENCY_HEADER] === 'string' ? req.headers[IDEMPOTENCY_HEADER] : null;
    const signed = { method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, timestamp, idempotencyKey: key, body };
    const check = verifySignature(options.secret, signed, req.headers[SIGNATURE_HEADER] as string | undefined, Math.floor(now() / 1000));
    // The signature first: an unsigned caller learns nothing, not even which routes exist.
    if (check !== 'ok') return { operation: found?.operation ?? null, answer: error(401, 'BadSignature', `The request signature is ${check}.`) };
    if (!found) return { operation: null, answer: error(404, 'NoSuchRoute', 'No such operation.') };
    const { operation, ref } = found;
    if (ref !== null && !ACCOUNT_REF_PATTERN.test(ref)) return { operation, answer: error(400, 'BadRequest', 'Not an account reference.') };
    const isChange = ['setPassword', 'changeEmail', 'confirmEmail', 'liftBlock'].includes(operation);
    if (isChange && (key === null || !IDEMPOTENCY_KEY_PATTERN.test(key))) return { operation, answer: error(400, 'IdempotencyKeyRequired', 'A change needs an Idempotency-Key.') };
    const schema = BODIES[operation];
    let input: unknown = undefined;
    if (schema) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return { operation, answer: error(400, 'BadRequest', 'The body is not JSON.') };
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) return { operation, answer: error(400, 'BadRequest', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')) };
      input = parsed.data;
    }
    try {
      return { operation, answer: { status: 200, body: await run(options.directory, operation, ref ?? '', input, key ?? '') } };
    } catch (failure) {
      if (failure instanceof DirectoryError && failure.code === 'IdempotencyKeyReused') return { operation, answer: error(422, failure.code, failure.message) };
      throw failure;
    }
  }

  return http.createServer((req, res) => {
    void handle(req)
      .catch(() => ({ operation: null, answer: error(500, 'Internal', 'Internal error.') }))
      .then(({ operation, answer }) => {
        options.onRequest?.({ operation, status: answer.status });
        res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(answer.body));
      });
  });
}

/** Calls the directory for one operation and turns its answer into the wire's. */
async function run(directory: Directory, operation: Operation, ref: string, input: unknown, key: string): Promise<unknown> {
  const body = input as Record<string, unknown>;
  switch (operation) {
    case 'findByOrder':
      return toWire(await directory.findByOrder(String(body.orderNumber)));
    case 'findByCardPayment': {
      const q = input as z.infer<typeof CardPaymentQuery>;
      const paidWithin = q.paidWithin.map((w) => ({ from: new Date(w.from), to: new Date(w.to) }));
      return toWire(await directory.findByCardPayment({ bin: q.bin, last4: q.last4, amountMinor: q.amountMinor, paidWithin }));
    }
    case 'findByEmail':
      return toWire(await directory.findByEmail(String(body.email)));
    case 'getAccount':
      return toWire(await directory.getAccount(ref));
    case 'readStatus':
      return toWire(await directory.readStatus(ref));
    case 'setPassword':
      return toWire(await directory.setPassword(ref, { password: String(body.password), idempotencyKey: key }));
    case 'changeEmail':
      return toWire(await directory.changeEmail(ref, { email: String(body.email), idempotencyKey: key }));
    case 'confirmEmail':
      return toWire(await directory.confirmEmail(ref, { idempotencyKey: key }));
    case 'liftBlock':
      return toWire(await directory.liftBlock(ref, { from: (input as z.infer<typeof BlockLift>).from, idempotencyKey: key }));
  }
}
