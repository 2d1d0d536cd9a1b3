import type { Directory, PaymentWindow } from './directory.js';
import type { LookupResult } from './lookup-result.js';
import { toAccountSummary } from './account-summary.js';
import { formatMinor } from '../text/format-minor.js';

export type CardQuery = { bin: string; last4: string; amountMinor: number; dates: string[] };

const DAY = 86_400_000;

/** A calendar date the shopper named, ±1 day for their time zone: the day before to the day after. */
export function paymentWindows(isoDates: string[]): PaymentWindow[] {
  return isoDates.flatMap((iso) => {
    const day = Date.parse(`${iso}T00:00:00Z`);
    return Number.isNaN(day) ? [] : [{ from: new Date(day - DAY), to: new Date(day + 2 * DAY) }];
  });
}

/**
 * Looks an account up by a card payment: BIN + last 4, the exact amount and the
 * date (SPEC §3). Each piece is reported matched or not for the desk; the shopper
 * only learns whether the whole matched one account.
 */
export async function findByCard(directory: Directory, query: CardQuery): Promise<LookupResult> {
  const displays = { card: `${query.bin}******${query.last4}`, amount: formatMinor(query.amountMinor), date: query.dates.join(' / ') };
  const found = await directory.findByCardPayment({ bin: query.bin, last4: query.last4, amountMinor: query.amountMinor, paidWithin: paymentWindows(query.dates) });
  if (found.kind === 'unavailable') {
    return {
      account: null,
      evidence: [
        { kind: 'CARD', display: displays.card, matched: null },
        { kind: 'AMOUNT', display: displays.amount, matched: null },
        { kind: 'PAYMENT_DATE', display: displays.date, matched: null },
      ],
      unavailable: true,
    };
  }
  // Two accounts sharing one payment description cannot be told apart: nobody is revealed.
  // Only a whole match (card, amount and date of one payment) binds the pieces to its account.
  const bound = found.kind === 'found' ? { accountId: found.account.ref } : {};
  const evidence: LookupResult['evidence'] = [
    { kind: 'CARD', display: displays.card, matched: found.parts.card, ...bound },
    { kind: 'AMOUNT', display: displays.amount, matched: found.parts.amount, ...bound },
    { kind: 'PAYMENT_DATE', display: displays.date, matched: found.parts.date, ...bound },
  ];
  return { account: found.kind === 'found' ? toAccountSummary(found.account) : null, evidence };
}
