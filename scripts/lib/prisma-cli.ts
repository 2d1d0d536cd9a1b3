import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './layout.js';
import type { ProviderLayout } from './layout.js';
import { renderPrisma6Schema } from './prisma6/render-prisma6-schema.js';
import { SCHEMA_ENV } from './prisma6/schema-from-env.js';

/**
 * Offline diffs use the Prisma 6.19 CLI (the `prisma6` npm alias): Prisma 7's `migrate diff` needs
 * a native schema engine that only a download provides, while 6.19 ships one as WebAssembly.
 */
const PRISMA6_BIN = createRequire(import.meta.url).resolve('prisma6/build/index.js');

export interface PrismaRun {
  status: number;
  stdout: string;
  stderr: string;
}

function prisma6Config(layout: ProviderLayout): string {
  return join(ROOT, 'scripts', 'lib', 'prisma6', layout.provider === 'sqlite' ? 'sqlite.config.ts' : 'postgres.config.ts');
}

/**
 * Runs the 6.19 CLI with the provider's config; `schema` is the (6.19-dialect) schema file it loads.
 * Without `databaseUrl` the config stays offline (DATABASE_URL is removed, so nothing reaches a
 * real database by accident); with one, it connects through Prisma 7's driver adapter.
 */
function runPrisma6Raw(layout: ProviderLayout, args: string[], schema: string, databaseUrl?: string): PrismaRun {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    [SCHEMA_ENV]: schema,
    // The alias looks for a query-engine library before it runs and downloads one when none is
    // named; any existing file satisfies the check, and the diff never loads it.
    PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
  };
  if (databaseUrl === undefined) delete env.DATABASE_URL;
  else env.DATABASE_URL = databaseUrl;
  const result = spawnSync(process.execPath, [PRISMA6_BIN, ...args, '--config', prisma6Config(layout)], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs a Prisma 6.19 CLI command (`migrate status`, say) for the provider's current schema against
 * `databaseUrl`. Used to check that what core/db/migrate.ts applies is what Prisma itself expects.
 */
export function runPrisma6(layout: ProviderLayout, args: string[], databaseUrl: string): PrismaRun {
  const dir = mkdtempSync(join(tmpdir(), 'recovery-desk-prisma6-'));
  try {
    const schema = join(dir, 'schema.prisma');
    writeFileSync(schema, renderPrisma6Schema(readFileSync(layout.schema, 'utf8')));
    return runPrisma6Raw(layout, args, schema, databaseUrl);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `prisma migrate diff … --script --exit-code`: the SQL, or null when the schemas are equivalent. */
export function diffScript(layout: ProviderLayout, from: string | null, to: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'recovery-desk-diff-'));
  try {
    const rendered = (path: string, name: string) => {
      const target = join(dir, name);
      writeFileSync(target, renderPrisma6Schema(readFileSync(path, 'utf8')));
      return target;
    };
    const toFile = rendered(to, 'to.prisma');
    const fromArgs = from === null ? ['--from-empty'] : ['--from-schema-datamodel', rendered(from, 'from.prisma')];
    const run = runPrisma6Raw(layout, ['migrate', 'diff', ...fromArgs, '--to-schema-datamodel', toFile, '--script', '--exit-code'], toFile);
    // --exit-code: 0 = no difference, 2 = difference, anything else = failure.
    if (run.status === 0) return null;
    if (run.status === 2) return run.stdout;
    throw new Error(`prisma migrate diff (${layout.provider}) failed:\n${run.stderr.trim() || run.stdout.trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
