import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT } from './layout.js';
import type { ProviderLayout } from './layout.js';

const PRISMA_BIN = createRequire(import.meta.url).resolve('prisma/build/index.js');

export interface PrismaRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the project's Prisma CLI with the provider's config and, unless told otherwise, the
 * provider's offline DATABASE_URL, so no command reaches a real database by accident.
 */
export function runPrisma(layout: ProviderLayout, args: string[], databaseUrl = layout.offlineDatabaseUrl): PrismaRun {
  const env: NodeJS.ProcessEnv = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
  if (databaseUrl === undefined) delete env.DATABASE_URL;
  else env.DATABASE_URL = databaseUrl;
  const result = spawnSync(process.execPath, [PRISMA_BIN, ...args, '--config', layout.config], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** `prisma migrate diff … --script --exit-code`: the SQL, or null when the schemas are equivalent. */
export function diffScript(layout: ProviderLayout, from: string | null, to: string): string | null {
  const fromArgs = from === null ? ['--from-empty'] : ['--from-schema-datamodel', from];
  const run = runPrisma(layout, ['migrate', 'diff', ...fromArgs, '--to-schema-datamodel', to, '--script', '--exit-code']);
  // --exit-code: 0 = no difference, 2 = difference, anything else = failure.
  if (run.status === 0) return null;
  if (run.status === 2) return run.stdout;
  throw new Error(`prisma migrate diff (${layout.provider}) failed:\n${run.stderr.trim() || run.stdout.trim()}`);
}
