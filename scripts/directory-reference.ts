// DIRECTORY_SECRET=… npm run directory:reference -- --file snapshot.json --port 4100 [--host 127.0.0.1]
// A reference server of the directory's HTTP contract (docs/directory-api.yaml), answering from a
// snapshot (SPEC §7 format; default: the demo data) loaded into its own temporary SQLite database:
// what a marketplace's services look like to Recovery Desk. Point the product at it with
// DIRECTORY_URL=http://127.0.0.1:4100 and the same DIRECTORY_SECRET. Changes live until it stops.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb } from '../core/db/client.js';
import { applyMigrations } from '../core/db/migrate.js';
import { createEmbeddedDirectory } from '../core/directory/embedded/embedded-directory.js';
import { createReferenceServer } from '../core/directory/reference/reference-server.js';
import { ImportError, importDirectory } from '../core/import/import-directory.js';
import { ROOT } from './lib/layout.js';
import { runScript } from './lib/run-script.js';

const Options = z.object({
  file: z.string().optional(),
  port: z.coerce.number().int().min(0).max(65535).default(4100),
  host: z.string().min(1).default('127.0.0.1'),
  secret: z.string({ error: 'DIRECTORY_SECRET must be set (at least 32 characters), the same as the product\'s' }).min(32, 'DIRECTORY_SECRET must be at least 32 characters'),
});

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { file: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  const parsed = Options.safeParse({ ...values, secret: process.env.DIRECTORY_SECRET });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.') || 'options'}: ${issue.message}`);
    return 2;
  }
  const options = parsed.data;
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const file = options.file ? resolve(process.env.INIT_CWD ?? process.cwd(), options.file) : join(ROOT, 'demo', 'directory.json');
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    console.error(`Cannot read ${file} as JSON: ${(error as Error).message}`);
    return 1;
  }

  const folder = mkdtempSync(join(tmpdir(), 'rd-directory-'));
  const databaseUrl = `file:${join(folder, 'directory.db')}`;
  await applyMigrations(databaseUrl);
  const db = await createDb(databaseUrl);
  const cleanup = async () => {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const result = await importDirectory(db, snapshot);
    console.log(`Loaded ${file}: ${result.accountsCreated} accounts, ${result.ordersCreated} orders`);
  } catch (error) {
    await cleanup();
    if (!(error instanceof ImportError)) throw error;
    console.error(`${file} was not loaded; ${error.issues.length} problem(s):`);
    for (const issue of error.issues) console.error(`  ${issue.path}: ${issue.message}`);
    return 1;
  }

  const server = createReferenceServer({
    directory: createEmbeddedDirectory(db.prisma),
    secret: options.secret,
    // Which operation and how it ended, never a body: they carry passwords and addresses.
    onRequest: ({ operation, status }) => console.log(`${new Date().toISOString()} ${operation ?? '-'} ${status}`),
  });
  await new Promise<void>((done) => server.listen(options.port, options.host, done));
  const { port } = server.address() as AddressInfo;
  console.log(`Directory reference server on http://${options.host}:${port} (DIRECTORY_URL for the product)`);

  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
  await cleanup();
  return 0;
}

runScript('directory:reference', main);
