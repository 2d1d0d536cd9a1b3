// Round trip of the chat widget's channel, measured with Microsoft's own client
// (botframework-directlinejs, as inside Web Chat) against the real server on loopback:
// from postActivity() to the bot's first reply to it arriving at the client, over WebSocket
// and over polling (1000 ms, directlinejs' default, and 200 ms, its minimum), one shopper at a
// time; then turns/s with many shoppers at once over WebSocket.
//   npm run bench:directline     (BENCH_MESSAGES=40 BENCH_SHOPPERS=16)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../core/config/config.js';
import { applyMigrations } from '../core/db/migrate.js';
import { createDb } from '../core/db/client.js';
import { importDirectory } from '../core/import/import-directory.js';
import { createApp } from '../bot/app.js';
import { createLogger } from '../bot/logger.js';
import { DirectLineSession, replyToId } from '../tests/directline/directline-client.js';
import demo from '../demo/directory.json' with { type: 'json' };

const messages = Math.min(Number(process.env.BENCH_MESSAGES ?? 40), 500);
const shoppers = Math.min(Number(process.env.BENCH_SHOPPERS ?? 16), 64);
const url = `file:${join(mkdtempSync(join(tmpdir(), 'rd-bench-dl-')), 'bench.db')}`;

await applyMigrations(url);
const db = await createDb(url);
await importDirectory(db, demo);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, CLIENT_MAX_FAILURES: '1000000' });
const app = createApp({ config, db, logger: createLogger(config) });
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

async function open(webSocket: boolean, pollingInterval = 1000): Promise<DirectLineSession> {
  const res = await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: '{"locale":"en-US"}' });
  const { token } = (await res.json()) as { token: string };
  const session = new DirectLineSession({ domain: `${base}/v3/directline`, token, webSocket, pollingInterval });
  await session.waitForBotMessages(2);
  return session;
}

/** Milliseconds from posting to the first bot reply to that post. */
async function roundTrip(session: DirectLineSession, text: string): Promise<number> {
  const started = performance.now();
  const id = await session.say(text, 'en-US');
  await session.waitFor((received) => received.some((a) => replyToId(a) === id));
  return performance.now() - started;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const show = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  return `p50 ${pct(sorted, 50).toFixed(0)} ms, p95 ${pct(sorted, 95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`;
};

for (const [label, webSocket, interval] of [
  ['WebSocket', true, 1000],
  ['polling every 1000 ms', false, 1000],
  ['polling every 200 ms', false, 200],
] as const) {
  const session = await open(webSocket, interval);
  const times: number[] = [];
  // Alternating requests keep the conversation in the menu; each answer is one bot turn.
  for (let i = 0; i < messages; i++) times.push(await roundTrip(session, i % 2 ? 'menu' : 'where is my user id'));
  session.end();
  console.log(`${label.padEnd(22)} ${messages} round trips: ${show(times)}`);
}

// Many shoppers at once, each through a retrieval by order number (the conversations are open first).
const crowd = await Promise.all(Array.from({ length: shoppers }, () => open(true)));
const started = performance.now();
const all: number[] = [];
await Promise.all(
  crowd.map(async (session) => {
    for (const text of ["I don't remember my account", 'yes', 'yes', '8123456789012341', 'start over']) all.push(await roundTrip(session, text));
    session.end();
  }),
);
const seconds = (performance.now() - started) / 1000;
console.log(`WebSocket, ${shoppers} shoppers at once: ${all.length} turns in ${seconds.toFixed(2)} s (${(all.length / seconds).toFixed(0)} turns/s), ${show(all)}`);

app.directLine.close();
await new Promise<void>((resolve) => app.server.close(() => resolve()));
await app.bot.idle();
await db.close();
