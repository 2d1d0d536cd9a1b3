// What each part of the build is made from, and a fingerprint of it. Shared by scripts/build.mjs
// (which records the fingerprint after building) and scripts/start.mjs (which compares).
// Plain JavaScript: it runs before anything is compiled and in production installs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const STAMPS = join(DIST, '.build');

/**
 * server: what tsc compiles into dist/ (tsconfig.json's include, plus the settings that change its
 * output). console: what Vite bundles into dist/desk-console — the console's sources and the
 * server modules and locale files it imports.
 */
export const PARTS = {
  server: {
    inputs: ['bot', 'core', 'desk', 'flows', 'scripts', 'generated', 'prisma', 'prisma.config.ts', 'tsconfig.json', 'package-lock.json'],
    // What tsc reads; the plain-JavaScript scripts beside them are not compiled.
    extensions: /\.(ts|mts|json)$/,
    output: join(DIST, 'bot', 'main.js'),
  },
  console: {
    inputs: ['desk-console', 'desk', 'core', 'locales', 'package-lock.json'],
    extensions: /\.(ts|tsx|mts|js|mjs|json|css|html|svg|png|ico|woff2?)$/,
    output: join(DIST, 'desk-console', 'index.html'),
  },
};

const SKIPPED = new Set(['node_modules', '.git', 'dist']);

function filesUnder(path, extensions, into) {
  if (!existsSync(path)) return into;
  const stat = statSync(path);
  if (stat.isFile()) {
    into.push(path);
    return into;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) filesUnder(child, extensions, into);
    else if (extensions.test(entry.name)) into.push(child);
  }
  return into;
}

/** SHA-256 over the paths and contents of a part's inputs, in a stable order. */
export function fingerprint(part) {
  const { inputs, extensions } = PARTS[part];
  const files = inputs.flatMap((input) => filesUnder(join(ROOT, input), extensions, [])).sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function stampFile(part) {
  return join(STAMPS, `${part}.sha256`);
}

/** 'fresh', 'stale' (built from other sources) or 'missing'. */
export function buildState(part) {
  if (!existsSync(PARTS[part].output) || !existsSync(stampFile(part))) return 'missing';
  return readFileSync(stampFile(part), 'utf8').trim() === fingerprint(part) ? 'fresh' : 'stale';
}
