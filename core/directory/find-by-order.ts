import type { Directory } from './directory.js';
import type { LookupResult } from './lookup-result.js';
import { toAccountSummary } from './account-summary.js';
import { maskDigits } from '../text/mask-digits.js';

/** Looks an account up by the exact order number (digits only). */
export async function findByOrder(directory: Directory, orderNumber: string): Promise<LookupResult> {
  const found = await directory.findByOrder(orderNumber);
  const display = maskDigits(orderNumber);
  if (found.kind === 'unavailable') return { account: null, evidence: [{ kind: 'ORDER_NUMBER', display, matched: null }], unavailable: true };
  return {
    account: found.kind === 'found' ? toAccountSummary(found.account) : null,
    evidence: [found.kind === 'found' ? { kind: 'ORDER_NUMBER', display, matched: true, accountId: found.account.ref } : { kind: 'ORDER_NUMBER', display, matched: false }],
  };
}
