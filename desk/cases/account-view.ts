import type { AccountView } from '../api/contract.js';
import { maskEmail } from '../../core/text/mask-email.js';

import type { DirectoryAccount } from '../../core/directory/directory.js';

/** `ru4815162342` → `ru********42`: the country prefix and the last two, enough to refer to it. */
function maskLoginId(loginId: string): string {
  return loginId.length <= 4 ? '*'.repeat(loginId.length) : `${loginId.slice(0, 2)}${'*'.repeat(loginId.length - 4)}${loginId.slice(-2)}`;
}

/** `+79161234567` → `+*********67`. */
function maskPhone(phone: string): string {
  const keepFrom = phone.length - 2;
  return [...phone].map((ch, i) => (i < keepFrom && /\d/.test(ch) ? '*' : ch)).join('');
}

export function toAccountView(account: DirectoryAccount, revealed: boolean): AccountView {
  return {
    id: account.ref,
    revealed,
    loginId: revealed ? account.loginId : maskLoginId(account.loginId),
    email: revealed ? account.email : maskEmail(account.email),
    emailConfirmed: account.emailConfirmed,
    phone: account.phone === null ? null : revealed ? account.phone : maskPhone(account.phone),
    country: account.country,
    status: account.status,
    social: account.social,
  };
}
