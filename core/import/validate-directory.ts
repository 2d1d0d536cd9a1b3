import type { z } from 'zod';
import { isCardNumberKey } from './card-number.js';
import { directorySnapshotSchema } from './directory-schema.js';
import type { DirectorySnapshot } from './directory-schema.js';
import { formatPath, ImportError } from './import-error.js';

type Path = (string | number)[];

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** zod's issues in the report's words. Never echoes values: they may be passwords or card numbers. */
function describe(issue: z.core.$ZodIssue, input: unknown): { path: Path; message: string }[] {
  const path = issue.path as Path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const value = valueAt(input, [...path, key]);
      const cardLike = isCardNumberKey(key) || /^\d{13,19}$/.test(String(value ?? '').replace(/[ -]/g, ''));
      const cardOnly = path.at(-1) === 'payment' && (key === 'bin' || key === 'last4');
      let message = 'unknown field';
      if (cardLike) message = 'full card numbers must not be imported; only payment.bin and payment.last4 are allowed';
      else if (cardOnly) message = 'only allowed when method is CARD';
      return { path: [...path, key], message };
    });
  }
  if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) return [{ path, message: 'is required' }];
  if (issue.code === 'invalid_union' && path.at(-1) === 'method' && valueAt(input, path) === undefined) {
    return [{ path, message: 'is required (CARD, WALLET or OTHER)' }];
  }
  return [{ path, message: issue.message }];
}

/** Duplicate loginIds and order numbers, looked for in the raw input so they are reported even when other fields are invalid. */
function duplicates(input: unknown): { path: Path; message: string }[] {
  const found: { path: Path; message: string }[] = [];
  const accounts = valueAt(input, ['accounts']);
  if (!Array.isArray(accounts)) return found;
  const logins = new Map<string, number>();
  const orders = new Map<string, string>();
  accounts.forEach((account: unknown, a) => {
    const loginId = valueAt(account, ['loginId']);
    if (typeof loginId === 'string' && loginId.trim()) {
      const first = logins.get(loginId.trim());
      if (first === undefined) logins.set(loginId.trim(), a);
      else found.push({ path: ['accounts', a, 'loginId'], message: `duplicate loginId (also accounts[${first}])` });
    }
    const list = valueAt(account, ['orders']);
    if (!Array.isArray(list)) return;
    list.forEach((order: unknown, o) => {
      const number = valueAt(order, ['number']);
      if (typeof number !== 'string' || !number) return;
      const first = orders.get(number);
      if (first === undefined) orders.set(number, formatPath(['accounts', a, 'orders', o]));
      else found.push({ path: ['accounts', a, 'orders', o, 'number'], message: `duplicate order number (also ${first})` });
    });
  });
  return found;
}

/** Report order: accounts[2] before accounts[10]; within an object, fields alphabetically. */
function comparePaths(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return a.length - b.length;
}

/**
 * Validates a directory snapshot completely and returns it parsed (amounts in minor units, dates
 * as Date), or throws ImportError listing every problem with its path.
 */
export function validateDirectory(input: unknown): DirectorySnapshot {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ImportError([{ path: '(root)', message: 'must be an object like { "accounts": [ … ] }' }]);
  }
  const result = directorySnapshotSchema.safeParse(input);
  const issues: { path: Path; message: string }[] = [];
  for (const issue of result.error?.issues ?? []) issues.push(...describe(issue, input));
  issues.push(...duplicates(input));
  if (issues.length > 0 || !result.success) {
    issues.sort((x, y) => comparePaths(x.path, y.path));
    throw new ImportError(issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })));
  }
  return result.data;
}
