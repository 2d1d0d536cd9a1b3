import { z } from 'zod';
import { ACCOUNT_STATUSES } from '../domain.js';
import { toMinorUnits } from './amount.js';
import { containsCardNumber } from './card-number.js';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const CARD_NUMBER_MESSAGE = 'looks like a full card number; only payment.bin and payment.last4 may be imported';

/** A free-text field that must not smuggle a card number in. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !containsCardNumber(value), CARD_NUMBER_MESSAGE);

const amount = z.union([z.string(), z.number()], 'must be a decimal string like "1520.50" or a number').transform((value, ctx) => {
  try {
    return toMinorUnits(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const bin = z.string().regex(/^\d{6}$/, 'must be 6 digits');
const last4 = z.string().regex(/^\d{4}$/, 'must be 4 digits');

// One strict shape per method: bin/last4 are required for CARD and unknown (so refused) otherwise.
const payment = z.discriminatedUnion(
  'method',
  [
    z.strictObject({ method: z.literal('CARD'), bin, last4 }),
    z.strictObject({ method: z.literal('WALLET') }),
    z.strictObject({ method: z.literal('OTHER') }),
  ],
  'must be one of CARD, WALLET, OTHER',
);

const order = z.strictObject({
  number: z.string('must be a string of digits (quoted: JSON numbers lose digits)').regex(/^\d{6,25}$/, 'must be 6–25 digits'),
  trackingNumber: text(40)
    .pipe(z.string().regex(/^[A-Za-z0-9]+$/, 'must be letters and digits only'))
    .optional(),
  amount,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like "RUB"')
    .refine((code) => CURRENCIES.has(code), 'is not a known ISO 4217 currency'),
  paidAt: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time like "2026-10-01T10:00:00Z"' })
    .transform((value) => new Date(value)),
  payment,
});

const account = z.strictObject({
  loginId: text(64).pipe(z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, 'must be 3–64 letters, digits, ".", "_" or "-"')),
  email: text(254).pipe(z.email('must be an email address')),
  emailConfirmed: z.boolean('must be true or false'),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be in international format like "+79161234567"')
    .optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code like "RU"'),
  status: z.enum(ACCOUNT_STATUSES, `must be one of ${ACCOUNT_STATUSES.join(', ')}`),
  password: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  social: text(32)
    .pipe(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a lower-case network name like "vk" or "google"'))
    .optional(),
  orders: z.array(order, 'must be a list of orders').default([]),
});

/** The directory snapshot of SPEC §7. Unknown fields are errors everywhere (strict objects). */
export const directorySnapshotSchema = z.strictObject({
  accounts: z.array(account, 'must be a list of accounts'),
});

export type DirectorySnapshot = z.output<typeof directorySnapshotSchema>;
export type SnapshotAccount = DirectorySnapshot['accounts'][number];
export type SnapshotOrder = SnapshotAccount['orders'][number];
