import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../core/import/import-error.js';
import { validateDirectory } from '../../core/import/validate-directory.js';

const order = (extra: Record<string, unknown> = {}) => ({
  number: '8123456789012395',
  amount: '10.00',
  currency: 'RUB',
  paidAt: '2026-10-01T10:00:00Z',
  payment: { method: 'WALLET' },
  ...extra,
});
const account = (extra: Record<string, unknown> = {}) => ({
  loginId: 'ru1234567890',
  email: 'anna@example.com',
  emailConfirmed: true,
  country: 'RU',
  status: 'ACTIVE',
  orders: [order()],
  ...extra,
});

function issues(input: unknown) {
  try {
    validateDirectory(input);
  } catch (error) {
    if (error instanceof ImportError) return error.issues;
    throw error;
  }
  return [];
}

describe('validateDirectory', () => {
  it('accepts the demo directory', () => {
    const demo = JSON.parse(readFileSync(new URL('../../demo/directory.json', import.meta.url), 'utf8')) as unknown;
    expect(issues(demo)).toEqual([]);
  });

  it('parses amounts to minor units, dates to instants, and defaults orders to none', () => {
    const parsed = validateDirectory({
      accounts: [
        account({ orders: [order({ amount: '1520.50', paidAt: '2026-10-01T13:00:00+03:00' })] }),
        account({ loginId: 'ru2', email: ' Mixed.Case@Example.COM ', orders: undefined }),
      ],
    });
    expect(parsed.accounts[0]?.orders[0]?.amount).toBe(152050);
    expect(parsed.accounts[0]?.orders[0]?.paidAt.toISOString()).toBe('2026-10-01T10:00:00.000Z');
    expect(parsed.accounts[1]?.orders).toEqual([]);
    expect(parsed.accounts[1]?.email).toBe('Mixed.Case@Example.COM');
  });

  it('refuses input that is not an object with accounts', () => {
    expect(issues([])).toEqual([{ path: '(root)', message: 'must be an object like { "accounts": [ … ] }' }]);
    expect(issues('x')).toEqual([{ path: '(root)', message: 'must be an object like { "accounts": [ … ] }' }]);
    expect(issues({})).toEqual([{ path: 'accounts', message: 'is required' }]);
    expect(issues({ accounts: [], extra: 1 })).toEqual([{ path: 'extra', message: 'unknown field' }]);
  });

  it('requires bin and last4 for CARD payments and refuses them otherwise', () => {
    expect(
      issues({
        accounts: [
          account({
            orders: [
              order({ number: '8000001', payment: { method: 'CARD' } }),
              order({ number: '8000002', payment: { method: 'CARD', bin: '42760', last4: '12a4' } }),
              order({ number: '8000003', payment: { method: 'WALLET', bin: '427601', last4: '1234' } }),
              order({ number: '8000004', payment: { method: 'PAYPAL' } }),
              order({ number: '8000005', payment: {} }),
            ],
          }),
        ],
      }),
    ).toEqual([
      { path: 'accounts[0].orders[0].payment.bin', message: 'is required' },
      { path: 'accounts[0].orders[0].payment.last4', message: 'is required' },
      { path: 'accounts[0].orders[1].payment.bin', message: 'must be 6 digits' },
      { path: 'accounts[0].orders[1].payment.last4', message: 'must be 4 digits' },
      { path: 'accounts[0].orders[2].payment.bin', message: 'only allowed when method is CARD' },
      { path: 'accounts[0].orders[2].payment.last4', message: 'only allowed when method is CARD' },
      { path: 'accounts[0].orders[3].payment.method', message: 'must be one of CARD, WALLET, OTHER' },
      { path: 'accounts[0].orders[4].payment.method', message: 'is required (CARD, WALLET or OTHER)' },
    ]);
  });

  it('refuses anything that looks like a full card number, without echoing it', () => {
    const pan = '4276011234567895'; // Luhn-valid
    let error: unknown;
    try {
      validateDirectory({
        accounts: [
          account({
            cardNumber: pan,
            notes: 'hello',
            email: `${pan}@example.com`,
            orders: [
              order({ payment: { method: 'CARD', bin: '427601', last4: '7895', pan } }),
              order({ number: '8000009', trackingNumber: pan, cc: '1234' }),
            ],
          }),
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    const full = 'full card numbers must not be imported; only payment.bin and payment.last4 are allowed';
    const looks = 'looks like a full card number; only payment.bin and payment.last4 may be imported';
    expect((error as ImportError).issues).toEqual([
      { path: 'accounts[0].cardNumber', message: full },
      { path: 'accounts[0].email', message: looks },
      { path: 'accounts[0].notes', message: 'unknown field' },
      { path: 'accounts[0].orders[0].payment.pan', message: full },
      { path: 'accounts[0].orders[1].cc', message: full },
      { path: 'accounts[0].orders[1].trackingNumber', message: looks },
    ]);
    expect((error as Error).message).not.toContain(pan);
    // A tracking number with a long digit run that is not a card number is fine.
    expect(issues({ accounts: [account({ orders: [order({ trackingNumber: 'YT2412345678901234' })] })] })).toEqual([]);
  });

  it('reports duplicates inside the file, even alongside other errors', () => {
    expect(
      issues({
        accounts: [
          account({ orders: [order({ number: '8111111' })] }),
          account({ country: 'Russia', orders: [order({ number: '8222222' }), order({ number: '8111111' })] }),
        ],
      }),
    ).toEqual([
      { path: 'accounts[1].country', message: 'must be an ISO 3166 alpha-2 code like "RU"' },
      { path: 'accounts[1].loginId', message: 'duplicate loginId (also accounts[0])' },
      { path: 'accounts[1].orders[1].number', message: 'duplicate order number (also accounts[0].orders[0])' },
    ]);
  });

  it('lists every field error with its path, in document order of accounts and orders', () => {
    const found = issues({
      accounts: [
        account({ email: 'not-an-email', emailConfirmed: 'yes', phone: '8 916 123-45-67', status: 'FROZEN', social: 'VK' }),
        account({
          loginId: 'ru2',
          password: '',
          orders: [order({ number: 8123456789012345, amount: '19.999', currency: 'XYZ', paidAt: '01.10.2026' })],
        }),
      ],
    });
    expect(found).toEqual([
      { path: 'accounts[0].email', message: 'must be an email address' },
      { path: 'accounts[0].emailConfirmed', message: 'must be true or false' },
      { path: 'accounts[0].phone', message: 'must be in international format like "+79161234567"' },
      { path: 'accounts[0].social', message: 'must be a lower-case network name like "vk" or "google"' },
      { path: 'accounts[0].status', message: 'must be one of ACTIVE, UNCONFIRMED, TEMP_BLOCKED, ABOLISHED, DELETED' },
      { path: 'accounts[1].orders[0].amount', message: 'must have at most 2 decimal places' },
      { path: 'accounts[1].orders[0].currency', message: 'is not a known ISO 4217 currency' },
      { path: 'accounts[1].orders[0].number', message: 'must be a string of digits (quoted: JSON numbers lose digits)' },
      { path: 'accounts[1].orders[0].paidAt', message: 'must be an ISO 8601 date-time like "2026-10-01T10:00:00Z"' },
      { path: 'accounts[1].password', message: 'must not be empty' },
    ]);
  });
});
