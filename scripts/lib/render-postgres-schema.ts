/** First line of the rendered file; also how --check recognises a generated file. */
export const GENERATED_HEADER = [
  '// GENERATED FILE, DO NOT EDIT. Rendered from prisma/schema.prisma by scripts/db-schemas.ts',
  '// (`npm run db:schemas`); `npm run db:check` fails in CI when it is out of date.',
  '// Identical to the SQLite schema but for the datasource provider and the client output path.',
  '',
  '',
].join('\n');

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'));
  if (matches?.length !== 1) {
    throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  }
  return text.replace(pattern, replacement);
}

/**
 * The PostgreSQL twin of the SQLite schema. Only two things differ, and both are replaced
 * exactly once, so an unexpected schema layout fails loudly instead of rendering something odd.
 */
export function renderPostgresSchema(sqliteSchema: string): string {
  let text = sqliteSchema.replace(/\r\n/g, '\n');
  text = replaceOnce(
    text,
    /(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
    'datasource with provider = "sqlite"',
  );
  text = replaceOnce(
    text,
    /(generator\s+\w+\s*\{[^}]*?output\s*=\s*)"\.\.\/generated\/prisma-sqlite"/,
    '$1"../../generated/prisma-pg"',
    'generator with output = "../generated/prisma-sqlite"',
  );
  return GENERATED_HEADER + text;
}
