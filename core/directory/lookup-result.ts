import type { AccountSummary, EvidenceItem } from '../domain.js';

/**
 * What a directory lookup finds: the account (or none) and each piece of evidence, matched or not.
 * `unavailable`: the directory did not answer; nothing was checked (every piece `matched: null`).
 */
export type LookupResult = { account: AccountSummary | null; evidence: EvidenceItem[]; unavailable?: boolean };
