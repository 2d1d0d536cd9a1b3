// Generates both Prisma clients (SQLite and PostgreSQL) with the Prisma 7 CLI, offline.
// Run by `npm run db:generate` and after `npm install`. Plain JavaScript so that it runs before
// anything is compiled; in a production install (`npm ci --omit=dev`) the CLI is absent and the
// clients compiled into dist/ are used, so there is nothing to do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let cli;
try {
  cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
} catch {
  console.log('prisma-generate: the Prisma CLI is not installed (production install); using the clients in dist/.');
  process.exit(0);
}

const env = {
  ...process.env,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
  // `generate` looks for the schema engine before it starts and downloads it when none is named,
  // although generating never runs it; any existing file satisfies the check offline.
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
};
for (const config of ['prisma.config.ts', join('prisma', 'postgres.config.ts')]) {
  if (!existsSync(join(root, config))) throw new Error(`missing ${config}`);
  const run = spawnSync(process.execPath, [cli, 'generate', '--config', config], { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
