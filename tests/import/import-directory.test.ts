import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.js';
import { ImportError, importDirectory } from '../../core/import/import-directory.js';
import { verifyPassword } from '../../core/security/password.js';
import { testBackends } from '../helpers/test-db.js';
import type { TestDatabase } from '../helpers/test-db.js';

interface DemoOrder {
  number: string;
  amount: string;
  payment: { method: string; bin?: string; last4?: string };
}
interface DemoAccount {
  loginId: string;
  email: string;
  password?: string;
  social?: string;
  orders: DemoOrder[];
}

const demoText = readFileSync(new URL('../../demo/directory.json', import.meta.url), 'utf8');
const demo = () => JSON.parse(demoText) as { accounts: DemoAccount[] };
const DEMO_ACCOUNTS = demo().accounts.length;
const DEMO_ORDERS = demo().accounts.reduce((n, a) => n + a.orders.length, 0);

async function rowCounts(db: Db) {
  const [accounts, orders] = await Promise.all([db.prisma.account.count(), db.prisma.order.count()]);
  return { accounts, orders };
}

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

describe.each(backends)('importDirectory on $name', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await backend.create();
  });

  it('imports the demo directory', async () => {
    const result = await importDirectory(test.db, demo());
    expect(result).toEqual({ accountsCreated: DEMO_ACCOUNTS, accountsUpdated: 0, ordersCreated: DEMO_ORDERS, ordersUpdated: 0 });
    expect(await rowCounts(test.db)).toEqual({ accounts: DEMO_ACCOUNTS, orders: DEMO_ORDERS });

    const anna = await test.db.prisma.account.findUniqueOrThrow({ where: { loginId: 'ru4815162342' }, include: { orders: true } });
    expect(anna).toMatchObject({ email: 'anna.kuznetsova@example.com', emailNormalized: 'anna.kuznetsova@example.com', status: 'ACTIVE', country: 'RU', phone: '+79161234567', social: null });
    const order = anna.orders.find((o) => o.number === '8123456789012341');
    expect(order).toMatchObject({ amountMinor: 152050, currency: 'RUB', paymentMethod: 'CARD', cardBin: '427601', cardLast4: '4417', trackingNumber: 'LP00123456789012' });
    expect(order?.paidAt.toISOString()).toBe('2026-10-01T10:00:00.000Z');
    const wallet = anna.orders.find((o) => o.paymentMethod === 'WALLET');
    expect(wallet).toMatchObject({ cardBin: null, cardLast4: null, amountMinor: 34900 });

    const social = await test.db.prisma.account.findUniqueOrThrow({ where: { loginId: 'ru7730519846' } });
    expect(social).toMatchObject({ social: 'vk', passwordHash: null, email: 'k2h8x@aliexpress.com' });
    const statuses = await test.db.prisma.account.groupBy({ by: ['status'], _count: true });
    expect(statuses.map((s) => s.status).sort()).toEqual(['ABOLISHED', 'ACTIVE', 'DELETED', 'TEMP_BLOCKED', 'UNCONFIRMED']);
  });

  it('is idempotent: a second import updates everything and creates nothing', async () => {
    const before = await rowCounts(test.db);
    const result = await importDirectory(test.db, demo());
    expect(result).toEqual({ accountsCreated: 0, accountsUpdated: DEMO_ACCOUNTS, ordersCreated: 0, ordersUpdated: DEMO_ORDERS });
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it('stores passwords only as hashes that verify', async () => {
    const withPasswords = demo().accounts.filter((a) => a.password);
    expect(withPasswords.length).toBeGreaterThan(5);
    const rows = await test.db.prisma.account.findMany({ where: { loginId: { in: withPasswords.map((a) => a.loginId) } } });
    for (const account of withPasswords) {
      const hash = rows.find((s) => s.loginId === account.loginId)?.passwordHash ?? '';
      expect(hash).toMatch(/^scrypt\$/);
      expect(await verifyPassword(account.password ?? '', hash)).toBe(true);
    }
    // Not in any row of any table, nor (SQLite) anywhere in the bytes of the file and its WAL.
    const stored = await test.dump();
    expect(stored).toContain('ru4815162342');
    for (const account of withPasswords) expect(stored).not.toContain(account.password);
  });

  it('rejects a bad file listing every error with its path, and writes nothing', async () => {
    const before = await rowCounts(test.db);
    const input = demo() as unknown as { accounts: Record<string, unknown>[] };
    const accounts = input.accounts;
    const orderOf = (a: number, o: number) => (accounts[a]?.orders as Record<string, unknown>[])[o] as Record<string, unknown>;
    // A valid new account and a valid change, which must not be written either.
    accounts.push({ loginId: 'us9999999999', email: 'new@example.com', emailConfirmed: true, country: 'US', status: 'ACTIVE', orders: [] });
    (accounts[1] as Record<string, unknown>).email = 'changed@example.com';
    // Several errors in several places.
    (orderOf(0, 0).payment as Record<string, unknown>).bin = '4276';
    (orderOf(0, 1).payment as Record<string, unknown>).pan = '4276011234567890';
    orderOf(3, 0).amount = '19.999';
    (accounts[4] as Record<string, unknown>).status = 'FROZEN';
    (accounts[5] as Record<string, unknown>).loginId = 'ru4815162342';
    delete (accounts[6] as Record<string, unknown>).country;

    const error = await importDirectory(test.db, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).issues).toEqual([
      { path: 'accounts[0].orders[0].payment.bin', message: 'must be 6 digits' },
      {
        path: 'accounts[0].orders[1].payment.pan',
        message: 'full card numbers must not be imported; only payment.bin and payment.last4 are allowed',
      },
      { path: 'accounts[3].orders[0].amount', message: 'must have at most 2 decimal places' },
      { path: 'accounts[4].status', message: 'must be one of ACTIVE, UNCONFIRMED, TEMP_BLOCKED, ABOLISHED, DELETED' },
      { path: 'accounts[5].loginId', message: 'duplicate loginId (also accounts[0])' },
      { path: 'accounts[6].country', message: 'is required' },
    ]);
    expect((error as Error).message).not.toContain('4276011234567890');

    expect(await rowCounts(test.db)).toEqual(before);
    expect(await test.db.prisma.account.findUnique({ where: { loginId: 'us9999999999' } })).toBeNull();
    expect((await test.db.prisma.account.findUniqueOrThrow({ where: { loginId: 'ru7730519846' } })).email).toBe('k2h8x@aliexpress.com');
  });

  it('moves an order to another account, clears dropped optional fields, keeps a stored password', async () => {
    const input = demo();
    const [anna, vk] = input.accounts;
    if (!anna || !vk) throw new Error('demo data changed');
    const moved = anna.orders.pop();
    if (!moved) throw new Error('demo data changed');
    vk.orders.push(moved);
    delete (anna as { phone?: string }).phone;
    delete anna.password;
    const hashBefore = (await test.db.prisma.account.findUniqueOrThrow({ where: { loginId: anna.loginId } })).passwordHash;

    const result = await importDirectory(test.db, input);
    expect(result).toMatchObject({ ordersCreated: 0, ordersUpdated: DEMO_ORDERS });
    const order = await test.db.prisma.order.findUniqueOrThrow({ where: { number: moved.number }, include: { account: true } });
    expect(order.account.loginId).toBe(vk.loginId);
    const annaAfter = await test.db.prisma.account.findUniqueOrThrow({ where: { loginId: anna.loginId } });
    expect(annaAfter.phone).toBeNull();
    expect(annaAfter.passwordHash).toBe(hashBefore);
  });

  it('imports 1,000 accounts with 2,000 orders in reasonable time', { timeout: 120_000 }, async () => {
    const big = {
      accounts: Array.from({ length: 1000 }, (_, i) => ({
        loginId: `bulk${String(i).padStart(8, '0')}`,
        email: `Bulk.User${i}@Example.com`,
        emailConfirmed: i % 3 !== 0,
        country: ['RU', 'UA', 'PL', 'BY', 'KZ'][i % 5],
        status: 'ACTIVE',
        // A few with passwords: scrypt costs ~0.1 s of CPU each, by design.
        ...(i % 50 === 0 ? { password: `Bulk-Password-${i}` } : {}),
        orders: [0, 1].map((j) => ({
          number: `9${String(i * 2 + j).padStart(17, '0')}`,
          amount: `${i}.${String(j).padStart(2, '0')}`.replace(/^0\.00$/, '0.01'),
          currency: 'RUB',
          paidAt: '2026-05-01T12:00:00Z',
          payment: j === 0 ? { method: 'CARD', bin: '220220', last4: String(i % 10000).padStart(4, '0') } : { method: 'WALLET' },
        })),
      })),
    };
    let started = performance.now();
    expect(await importDirectory(test.db, big)).toEqual({ accountsCreated: 1000, accountsUpdated: 0, ordersCreated: 2000, ordersUpdated: 0 });
    const firstMs = performance.now() - started;
    started = performance.now();
    expect(await importDirectory(test.db, big)).toEqual({ accountsCreated: 0, accountsUpdated: 1000, ordersCreated: 0, ordersUpdated: 2000 });
    const secondMs = performance.now() - started;
    console.error(`[${backend.name}] 1000 accounts / 2000 orders: first import ${Math.round(firstMs)} ms, re-import ${Math.round(secondMs)} ms`);
    expect(firstMs).toBeLessThan(30_000);
    expect(secondMs).toBeLessThan(30_000);
    const sample = await test.db.prisma.account.findUniqueOrThrow({ where: { loginId: 'bulk00000007' } });
    expect(sample.emailNormalized).toBe('bulk.user7@example.com');
  });
});
