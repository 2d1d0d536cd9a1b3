export type EvidenceFact = { kind: string; matched: boolean | null; accountId: string | null };

/** A piece that matched the case's own account (not some other account the shopper also named). */
export function isBound(evidence: EvidenceFact, accountId: string | null): boolean {
  return accountId !== null && evidence.matched === true && evidence.accountId === accountId;
}

/** Whether the shopper proved the case's account at all: until then the desk shows it masked (SPEC §6). */
export function accountProven(evidence: EvidenceFact[], accountId: string | null): boolean {
  return evidence.some((e) => isBound(e, accountId));
}

/**
 * SPEC §6: an email change on a locked mailbox needs two independent matches, an order number
 * and a card payment, both on the case's account. A card piece is bound to an account only when
 * the whole payment (card, amount, date) matched it, so a bound CARD is a whole card match.
 */
export function hasTwoIndependentMatches(evidence: EvidenceFact[], accountId: string | null): boolean {
  const bound = (kind: string) => evidence.some((e) => e.kind === kind && isBound(e, accountId));
  return bound('ORDER_NUMBER') && bound('CARD');
}
