import { ACCOUNT_STATUSES, type AccountStatus, type AccountSummary } from '../domain.js';
import { maskEmail } from '../text/mask-email.js';

export type AccountRow = { id: string; loginId: string; email: string; status: string; social: string | null };


/** Placeholder mailboxes of accounts created through a social network (SPEC §3). */
const SOCIAL_PLACEHOLDER = /@aliexpress\.com$/i;

function toStatus(value: string): AccountStatus {
  return (ACCOUNT_STATUSES as readonly string[]).includes(value) ? (value as AccountStatus) : 'ACTIVE';
}

/** What the shopper may be told about a proven account: masked, no secrets. */
export function toAccountSummary(account: AccountRow): AccountSummary {
  const social = account.social ?? (SOCIAL_PLACEHOLDER.test(account.email) ? 'other' : null);
  return {
    ref: account.id,
    loginId: account.loginId,
    maskedEmail: maskEmail(account.email),
    status: toStatus(account.status),
    social,
  };
}
