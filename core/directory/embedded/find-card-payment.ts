import type { DbClient } from '../../db/client.js';
import type { CardPaymentLookup, CardPaymentQuery } from '../directory.js';
import { ACCOUNT_COLUMNS, toDirectoryAccount } from './account-row.js';

/**
 * A card payment by BIN + last 4, the exact amount and a time window, in one query: the payments
 * on that card with their accounts. Two accounts with such a payment are `ambiguous`: nobody is
 * named.
 */
export async function findCardPayment(prisma: DbClient, query: CardPaymentQuery): Promise<CardPaymentLookup> {
  const payments = await prisma.order.findMany({
    where: { paymentMethod: 'CARD', cardBin: query.bin, cardLast4: query.last4 },
    select: { amountMinor: true, paidAt: true, account: { select: ACCOUNT_COLUMNS } },
  });
  const sameAmount = payments.filter((p) => p.amountMinor === query.amountMinor);
  const inWindow = sameAmount.filter((p) => query.paidWithin.some((w) => p.paidAt >= w.from && p.paidAt < w.to));
  const parts = { card: payments.length > 0, amount: sameAmount.length > 0, date: inWindow.length > 0 };
  const accounts = new Map(inWindow.map((p) => [p.account.id, p.account]));
  if (accounts.size > 1) return { kind: 'ambiguous', parts };
  const only = [...accounts.values()][0];
  return only ? { kind: 'found', account: toDirectoryAccount(only), parts } : { kind: 'notFound', parts };
}
