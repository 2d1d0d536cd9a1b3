// Builds the server (tsc → dist/) and the desk console (Vite → dist/desk-console), each only when
// its sources changed since the last build (scripts/build-inputs.mjs), unless --force.
//   npm run build            build what is out of date
//   npm run build -- --force build everything
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildState, fingerprint, ROOT, stampFile, STAMPS } from './build-inputs.mjs';

const require = createRequire(import.meta.url);

/** A package's command-line script by its path inside the package (exports maps hide bin files). */
export function packageBin(pkg, path) {
  return join(dirname(require.resolve(`${pkg}/package.json`)), path);
}

function run(label, [pkg, path], args) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [packageBin(pkg, path), ...args], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`build: ${label} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const STEPS = {
  // Incremental: tsc keeps its build info beside the stamps, so a rebuild compiles what changed.
  server: () => run('server', ['typescript', 'bin/tsc'], ['-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', `${STAMPS}/tsconfig.tsbuildinfo`]),
  console: () => run('desk console', ['vite', 'bin/vite.js'], ['build', '--config', 'desk-console/vite.config.ts', '--logLevel', 'warn']),
};

export function build({ force = false } = {}) {
  mkdirSync(STAMPS, { recursive: true });
  for (const [part, step] of Object.entries(STEPS)) {
    if (!force && buildState(part) === 'fresh') continue;
    // Fingerprint before building: a source edited during the build makes the next start rebuild.
    const print = fingerprint(part);
    step();
    writeFileSync(stampFile(part), `${print}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  build({ force: process.argv.includes('--force') });
}
