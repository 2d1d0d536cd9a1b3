import { createHash } from 'node:crypto';

/** Prisma's migration checksum: SHA-256 of the migration.sql text, 64 lower-case hex digits. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

// Older Prisma versions wrote each byte with `{:x}`, dropping leading zeros; Prisma still accepts those.
function unpaddedChecksum(sql: string): string {
  return [...createHash('sha256').update(sql, 'utf8').digest()].map((byte) => byte.toString(16)).join('');
}

/**
 * Whether a recorded checksum belongs to this script, with Prisma's tolerance: line endings may
 * have been converted by git (LF <-> CRLF) and very old rows may be unpadded.
 */
export function checksumMatches(sql: string, recorded: string): boolean {
  const variants = [sql, sql.replace(/\r\n/g, '\n'), sql.replace(/\r?\n/g, '\r\n')];
  const render = recorded.length === 64 ? migrationChecksum : unpaddedChecksum;
  return variants.some((variant) => render(variant) === recorded);
}
