import type { DbClient } from '../db/client.js';
import type { LookupResult } from './lookup-result.js';
import { toAccountSummary } from './account-summary.js';
import { formatMinor } from '../text/format-minor.js';

export type CardQuery = { bin: string; last4: string; amountMinor: number; dates: string[] };

const DAY = 86_400_000;

/** A payment matches a given calendar date within ±1 day, for the shopper's time zone. */
function paidNear(paidAt: Date, isoDates: string[]): boolean {
  return isoDates.some((iso) => {
    const day = Date.parse(`${iso}T00:00:00Z`);
    if (Number.isNaN(day)) return false;
    const t = paidAt.getTime();
    return t >= day - DAY && t < day + 2 * DAY;
  });
}

/**
 * Looks an account up by a card payment: BIN + last 4, the exact amount and the
 * date (SPEC §3). Each piece is reported matched or not for the desk; the shopper
 * only learns whether the whole matched one account.
 */
export async function findByCard(prisma: DbClient, query: CardQuery): Promise<LookupResult> {
  const payments = await prisma.order.findMany({
    where: { paymentMethod: 'CARD', cardBin: query.bin, cardLast4: query.last4 },
    include: { account: true },
  });
  const sameAmount = payments.filter((p) => p.amountMinor === query.amountMinor);
  const full = sameAmount.filter((p) => paidNear(p.paidAt, query.dates));
  const accounts = new Map(full.map((p) => [p.account.id, p.account]));

  // Two accounts sharing one payment description cannot be told apart: nobody is revealed.
  const only = accounts.size === 1 ? [...accounts.values()][0]! : null;
  // Only a whole match (card, amount and date of one payment) binds the pieces to its account.
  const bound = only ? { accountId: only.id } : {};
  const evidence: LookupResult['evidence'] = [
    { kind: 'CARD', display: `${query.bin}******${query.last4}`, matched: payments.length > 0, ...bound },
    { kind: 'AMOUNT', display: formatMinor(query.amountMinor), matched: sameAmount.length > 0, ...bound },
    { kind: 'PAYMENT_DATE', display: query.dates.join(' / '), matched: full.length > 0, ...bound },
  ];
  return { account: only ? toAccountSummary(only) : null, evidence };
}
