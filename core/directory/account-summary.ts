import type { AccountSummary } from '../domain.js';
import { maskEmail } from '../text/mask-email.js';
import type { DirectoryAccount } from './directory.js';

/** Placeholder mailboxes of accounts created through a social network (SPEC §3). */
const SOCIAL_PLACEHOLDER = /@aliexpress\.com$/i;

/** What the shopper may be told about a proven account: masked, no secrets. */
export function toAccountSummary(account: DirectoryAccount): AccountSummary {
  const social = account.social ?? (SOCIAL_PLACEHOLDER.test(account.email) ? 'other' : null);
  return {
    ref: account.ref,
    loginId: account.loginId,
    maskedEmail: maskEmail(account.email),
    status: account.status,
    social,
  };
}
