import { isLocale, type Locale } from '../../core/domain.js';

export const OPERATOR_ROLES = ['AGENT', 'SUPERVISOR'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** An operator as the desk works with them: languages parsed, no password hash. */
export type DeskOperator = {
  id: string;
  email: string;
  displayName: string;
  role: OperatorRole;
  languages: Locale[];
  active: boolean;
};

export type OperatorRow = { id: string; email: string; displayName: string; role: string; languages: string; active: boolean };

/** The stored comma-separated list, unknown entries dropped (a typo must not grant a queue). */
export function parseLanguages(stored: string): Locale[] {
  return [...new Set(stored.split(',').map((l) => l.trim().toLowerCase()).filter(isLocale))];
}

export function toDeskOperator(row: OperatorRow): DeskOperator {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    // Anything but SUPERVISOR gets the narrower rights.
    role: row.role === 'SUPERVISOR' ? 'SUPERVISOR' : 'AGENT',
    languages: parseLanguages(row.languages),
    active: row.active,
  };
}

/** Supervisors see every queue (SPEC §1); agents the queues of their languages. */
export function servesLocale(operator: DeskOperator, locale: string): boolean {
  return operator.role === 'SUPERVISOR' || (operator.languages as string[]).includes(locale);
}
