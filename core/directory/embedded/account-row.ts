import { ACCOUNT_STATUSES, type AccountStatus } from '../../domain.js';
import type { DirectoryAccount } from '../directory.js';

/** The columns of an Account row the directory shows. */
export const ACCOUNT_COLUMNS = {
  id: true,
  loginId: true,
  email: true,
  emailConfirmed: true,
  status: true,
  social: true,
  country: true,
  phone: true,
} as const;

export type AccountRow = {
  id: string;
  loginId: string;
  email: string;
  emailConfirmed: boolean;
  status: string;
  social: string | null;
  country: string;
  phone: string | null;
};

export function toStatus(value: string): AccountStatus {
  return (ACCOUNT_STATUSES as readonly string[]).includes(value) ? (value as AccountStatus) : 'ACTIVE';
}

/** An Account row as the port shows it: the row's id is the account's reference. */
export function toDirectoryAccount(row: AccountRow): DirectoryAccount {
  return {
    ref: row.id,
    loginId: row.loginId,
    email: row.email,
    emailConfirmed: row.emailConfirmed,
    status: toStatus(row.status),
    social: row.social,
    country: row.country,
    phone: row.phone,
  };
}
