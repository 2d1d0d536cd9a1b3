// Renders prisma/postgres/schema.prisma from prisma/schema.prisma.
//   npm run db:schemas            write the file
//   npm run db:schemas -- --check exit 1 if the committed file differs (CI)
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { LAYOUTS, ROOT, SOURCE_SCHEMA } from './lib/layout.js';
import { renderPostgresSchema } from './lib/render-postgres-schema.js';

const pg = LAYOUTS.find((layout) => layout.provider === 'postgresql');
if (!pg) throw new Error('no PostgreSQL layout');
const target = pg.schema;
const expected = renderPostgresSchema(readFileSync(SOURCE_SCHEMA, 'utf8'));
const shown = relative(ROOT, target);

if (process.argv.includes('--check')) {
  const actual = existsSync(target) ? readFileSync(target, 'utf8') : null;
  if (actual !== expected) {
    console.error(`${shown} is ${actual === null ? 'missing' : 'out of date'}: run \`npm run db:schemas\` and commit it.`);
    process.exit(1);
  }
  console.log(`${shown} is up to date.`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, expected);
  console.log(`Wrote ${shown}.`);
}
