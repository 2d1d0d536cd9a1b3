// npm run db:seed [-- --file snapshot.json]
// Applies pending migrations, then imports a directory snapshot (SPEC §7; default: the demo data)
// into DATABASE_URL (default file:./data/recovery-desk.db). Exit 1 on any problem, with every
// validation error listed by path.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '../core/db/client.js';
import { DEFAULT_DATABASE_URL } from '../core/db/default-url.js';
import { applyMigrations } from '../core/db/migrate.js';
import { ImportError, importDirectory } from '../core/import/import-directory.js';
import { ROOT } from './lib/layout.js';
import { runScript } from './lib/run-script.js';

/** Line and column of a JSON.parse error position, for editors. */
function jsonErrorLocation(text: string, message: string): string {
  const position = /position (\d+)/.exec(message)?.[1];
  const offset = position === undefined ? text.length : Number(position);
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1} (position ${offset})`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { file: { type: 'string' } } });
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const file = values.file ? resolve(process.env.INIT_CWD ?? process.cwd(), values.file) : join(ROOT, 'demo', 'directory.json');

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    console.error(`${file} is not valid JSON at ${jsonErrorLocation(text, message)}: ${message}`);
    return 1;
  }

  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const { applied } = await applyMigrations(databaseUrl);
  for (const name of applied) console.log(`Applied migration ${name}`);

  const db = await createDb(databaseUrl);
  try {
    const result = await importDirectory(db, input);
    console.log(`Imported ${file}`);
    console.log(`  accounts: ${result.accountsCreated} created, ${result.accountsUpdated} updated`);
    console.log(`  orders:   ${result.ordersCreated} created, ${result.ordersUpdated} updated`);
    return 0;
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    console.error(`${file} was not imported (nothing was written); ${error.issues.length} problem(s):`);
    for (const issue of error.issues) console.error(`  ${issue.path}: ${issue.message}`);
    return 1;
  } finally {
    await db.close();
  }
}

runScript('db:seed', main);
