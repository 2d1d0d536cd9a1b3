// Checks that a built tree installed for production starts and serves what shoppers and operators
// load: `npm ci --omit=dev` in a copy of the tree (tracked files + dist/ + generated/), then
// `npm start` in production mode on a free loopback port, then /healthz, /chat, Web Chat's bundle,
// /desk and one of the console's assets. Run by .ci/run after the tests; needs `npm run build` first.
//   node scripts/smoke-production.mjs [--keep]   (--keep leaves the copy in place for a look)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildState, ROOT } from './build-inputs.mjs';

const keep = process.argv.includes('--keep');

function fail(message) {
  console.error(`smoke-production: ${message}`);
  process.exitCode = 1;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, child, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server did not answer /healthz in time');
}

async function expectOk(base, path, contentType) {
  const res = await fetch(`${base}${path}`);
  const body = await res.text();
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !type.startsWith(contentType)) {
    throw new Error(`GET ${path}: ${res.status} ${type} (expected 200 ${contentType})`);
  }
  return body;
}

for (const part of ['server', 'console']) {
  if (buildState(part) !== 'fresh') {
    console.error(`smoke-production: the ${part} build is missing or out of date; run \`npm run build\` first.`);
    process.exit(1);
  }
}

const copy = mkdtempSync(join(tmpdir(), 'recovery-desk-production-'));
const app = join(copy, 'app');
let child;
try {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    mkdirSync(dirname(join(app, file)), { recursive: true });
    cpSync(join(ROOT, file), join(app, file));
  }
  cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'generated'), join(app, 'generated'), { recursive: true });

  console.log(`smoke-production: npm ci --omit=dev in ${app}`);
  const install = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: app, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (install.status !== 0) throw new Error(`npm ci --omit=dev failed (${install.status})`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // This environment (PATH, npm's settings such as the Node headers for native builds) plus a
  // production configuration.
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `file:${join(copy, 'production.db')}`,
    APP_SECRET: randomBytes(32).toString('base64url'),
    // Production refuses local mode; requests to /api/messages are not made here.
    MicrosoftAppId: '00000000-0000-4000-8000-000000000001',
    MicrosoftAppPassword: randomBytes(24).toString('base64url'),
    DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
  };
  let output = '';
  // Its own process group: npm does not pass SIGTERM on to the script it runs, so the group is
  // signalled, as a process manager stopping a service would.
  child = spawn('npm', ['start'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));

  await waitForHealth(base, child, 60_000);
  const chat = await expectOk(base, '/chat', 'text/html');
  await expectOk(base, '/chat/webchat.js', 'text/javascript');
  const desk = await expectOk(base, '/desk', 'text/html');
  const asset = /\/desk\/assets\/[\w.-]+\.js/.exec(desk)?.[0];
  if (!asset) throw new Error('the console page names no script asset');
  await expectOk(base, asset, 'text/javascript');
  if (!chat.includes('webchat.js')) throw new Error('the chat page does not load Web Chat');

  const closed = new Promise((resolve) => child.once('close', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const stopped = await Promise.race([closed.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 15_000))]);
  if (!stopped) throw new Error('the server did not stop within 15 s of SIGTERM');
  if (/DeprecationWarning|\[DEP\d+\]/.test(output)) throw new Error(`deprecation warnings at start:\n${output}`);
  console.log('smoke-production: a production install of the build starts and serves /chat, Web Chat, /desk and its assets.');
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
  if (child && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
} finally {
  if (keep) console.log(`smoke-production: left ${copy}`);
  else rmSync(copy, { recursive: true, force: true });
}
