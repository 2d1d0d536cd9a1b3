// The directory every adapter is tested on (SPEC §7 format). Each account serves one group of
// tests, so the tests that change accounts do not depend on one another.
const order = (number: string, amount: string, paidAt: string, payment: Record<string, string>) => ({ number, amount, currency: 'RUB', paidAt, payment });

export const PASSWORD = 'Correct horse 42 battery';

export const CONFORMANCE_SNAPSHOT = {
  accounts: [
    {
      loginId: 'ru2000000001',
      email: 'Vera.Lookup@Example.com',
      emailConfirmed: true,
      phone: '+79161234567',
      country: 'RU',
      status: 'ACTIVE',
      orders: [
        order('8200000000000001', '1520.50', '2026-10-01T10:00:00Z', { method: 'CARD', bin: '427601', last4: '1111' }),
        order('8200000000000002', '99.00', '2026-09-12T08:30:00Z', { method: 'WALLET' }),
      ],
    },
    { loginId: 'ru2000000002', email: 'k9x1@aliexpress.com', emailConfirmed: true, country: 'RU', status: 'ACTIVE', social: 'vk', orders: [] },
    // Two accounts paid the same amount on the same day with one card: nobody can be named.
    { loginId: 'ru2000000003', email: 'twin.one@example.com', emailConfirmed: true, country: 'RU', status: 'ACTIVE', orders: [order('8200000000000003', '700.00', '2026-08-20T12:00:00Z', { method: 'CARD', bin: '220220', last4: '2222' })] },
    { loginId: 'ru2000000004', email: 'twin.two@example.com', emailConfirmed: true, country: 'RU', status: 'ACTIVE', orders: [order('8200000000000004', '700.00', '2026-08-20T18:00:00Z', { method: 'CARD', bin: '220220', last4: '2222' })] },
    // A deleted account and a live one share a mailbox: only the live one is found by it.
    { loginId: 'ua2000000005', email: 'shared.box@example.com', emailConfirmed: true, country: 'UA', status: 'DELETED', password: PASSWORD, orders: [order('8200000000000005', '812.00', '2026-07-03T09:00:00Z', { method: 'OTHER' })] },
    { loginId: 'ua2000000006', email: 'shared.box@example.com', emailConfirmed: true, country: 'UA', status: 'ACTIVE', orders: [] },
    { loginId: 'pl2000000007', email: 'reset.me@example.com', emailConfirmed: true, country: 'PL', status: 'ACTIVE', password: PASSWORD, orders: [] },
    { loginId: 'pl2000000008', email: 'moving.out@example.com', emailConfirmed: false, country: 'PL', status: 'UNCONFIRMED', orders: [] },
    { loginId: 'pl2000000009', email: 'taken.address@example.com', emailConfirmed: true, country: 'PL', status: 'ACTIVE', orders: [] },
    { loginId: 'pl2000000010', email: 'gone.address@example.com', emailConfirmed: true, country: 'PL', status: 'DELETED', orders: [] },
    { loginId: 'ru2000000011', email: 'not.yet@example.com', emailConfirmed: false, country: 'RU', status: 'UNCONFIRMED', orders: [] },
    { loginId: 'ru2000000012', email: 'temp.block@example.com', emailConfirmed: true, country: 'RU', status: 'TEMP_BLOCKED', orders: [] },
    { loginId: 'ru2000000013', email: 'abolished@example.com', emailConfirmed: true, country: 'RU', status: 'ABOLISHED', orders: [] },
    { loginId: 'ru2000000014', email: 'double.click@example.com', emailConfirmed: true, country: 'RU', status: 'TEMP_BLOCKED', orders: [] },
    { loginId: 'ru2000000015', email: 'retry.change@example.com', emailConfirmed: true, country: 'RU', status: 'ACTIVE', orders: [] },
  ],
};
