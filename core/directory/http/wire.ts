import { z } from 'zod';
import { ACCOUNT_STATUSES } from '../../domain.js';
import { ACCOUNT_REF_PATTERN } from '../directory.js';

// The HTTP contract's bodies (docs/directory-api.yaml), shared by the HTTP adapter, which parses
// answers with them, and the reference server, which parses requests. Every expected outcome is a
// 200 with an `outcome`; other statuses are protocol errors, never "not found".

export const API_PREFIX = '/v1';

const Ref = z.string().regex(ACCOUNT_REF_PATTERN);
const Status = z.enum(ACCOUNT_STATUSES);
const Instant = z.iso.datetime({ offset: true });

export const WireAccount = z.object({
  ref: Ref,
  loginId: z.string().min(1).max(128),
  email: z.string().min(3).max(320),
  emailConfirmed: z.boolean(),
  status: Status,
  social: z.string().max(64).nullable(),
  country: z.string().max(8),
  phone: z.string().max(32).nullable(),
});

const Parts = z.object({ card: z.boolean(), amount: z.boolean(), date: z.boolean() });
const Before = z.object({ email: z.string().min(3).max(320), emailConfirmed: z.boolean(), status: Status });

export const AccountAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('found'), account: WireAccount }),
  z.object({ outcome: z.literal('notFound') }),
]);

export const StatusAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('found'), status: Status }),
  z.object({ outcome: z.literal('notFound') }),
]);

export const CardPaymentAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('found'), account: WireAccount, parts: Parts }),
  z.object({ outcome: z.literal('notFound'), parts: Parts }),
  z.object({ outcome: z.literal('ambiguous'), parts: Parts }),
]);

export const ChangeAnswer = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('done'), account: WireAccount, before: Before }),
  z.object({ outcome: z.literal('refused'), status: Status }),
  z.object({ outcome: z.literal('notFound') }),
  z.object({ outcome: z.literal('taken') }),
]);

export const ErrorAnswer = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const OrderQuery = z.object({ orderNumber: z.string().regex(/^\d{1,32}$/) }).strict();
export const CardPaymentQuery = z
  .object({
    bin: z.string().regex(/^\d{6}$/),
    last4: z.string().regex(/^\d{4}$/),
    amountMinor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    paidWithin: z.array(z.object({ from: Instant, to: Instant }).strict()).min(1).max(8),
  })
  .strict();
export const EmailQuery = z.object({ email: z.string().min(3).max(320) }).strict();
export const PasswordChange = z.object({ password: z.string().min(1).max(1024) }).strict();
export const EmailChange = z.object({ email: z.email().max(320) }).strict();
export const EmailConfirmation = z.object({}).strict();
export const BlockLift = z.object({ from: z.enum(['TEMP_BLOCKED', 'ABOLISHED']) }).strict();

/** The routes under API_PREFIX, by operation. `{ref}` is the account reference, percent-encoded. */
export const ROUTES = {
  findByOrder: { method: 'POST', path: '/lookups/by-order' },
  findByCardPayment: { method: 'POST', path: '/lookups/by-card-payment' },
  findByEmail: { method: 'POST', path: '/lookups/by-email' },
  getAccount: { method: 'GET', path: '/accounts/{ref}' },
  readStatus: { method: 'GET', path: '/accounts/{ref}/status' },
  setPassword: { method: 'POST', path: '/accounts/{ref}/password' },
  changeEmail: { method: 'POST', path: '/accounts/{ref}/email' },
  confirmEmail: { method: 'POST', path: '/accounts/{ref}/email-confirmation' },
  liftBlock: { method: 'POST', path: '/accounts/{ref}/block-lift' },
} as const;

export type Operation = keyof typeof ROUTES;

/** Operations that change an account: each needs an Idempotency-Key and is never retried by the adapter. */
export const CHANGES: readonly Operation[] = ['setPassword', 'changeEmail', 'confirmEmail', 'liftBlock'];
