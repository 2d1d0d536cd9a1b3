import type { DbClient } from '../db/client.js';
import type { LookupResult } from './lookup-result.js';
import { toAccountSummary } from './account-summary.js';
import { maskDigits } from '../text/mask-digits.js';

/** Looks an account up by the exact order number (digits only). */
export async function findByOrder(prisma: DbClient, orderNumber: string): Promise<LookupResult> {
  const order = await prisma.order.findUnique({ where: { number: orderNumber }, include: { account: true } });
  const display = maskDigits(orderNumber);
  return {
    account: order ? toAccountSummary(order.account) : null,
    evidence: [order ? { kind: 'ORDER_NUMBER', display, matched: true, accountId: order.account.id } : { kind: 'ORDER_NUMBER', display, matched: false }],
  };
}
