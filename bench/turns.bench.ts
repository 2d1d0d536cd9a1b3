// Turn throughput of the real HTTP endpoint on the embedded default (SQLite):
// each virtual shopper opens a conversation and retrieves an account by order number
// (5 turns: join, menu choice, yes, yes, order number). Loopback only, bounded.
//   npm run bench            (defaults: 200 conversations, 16 at a time)
//   BENCH_CONVERSATIONS=500 BENCH_CONCURRENCY=32 npm run bench
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../core/config/config.js';
import { applyMigrations } from '../core/db/migrate.js';
import { createDb } from '../core/db/client.js';
import { importDirectory } from '../core/import/import-directory.js';
import { createApp } from '../bot/app.js';
import { createLogger } from '../bot/logger.js';
import demo from '../demo/directory.json' with { type: 'json' };
import { LOCALES } from '../core/domain.js';
import { IntentClassifier } from '../bot/understand/nlu/intent-classifier.js';
import { readCorpus } from '../bot/understand/nlu/corpus.js';

/*
 * What understanding costs: training the four models (done once at start), and classifying
 * one message (done once or twice per turn), measured on the held-out phrasings after a warm-up.
 */
function measureClassifier() {
  const trainStart = performance.now();
  const classifier = new IntentClassifier();
  const trainMs = performance.now() - trainStart;
  const messages = LOCALES.flatMap((locale) => readCorpus(locale, 'heldout').map((e) => [e.text, locale] as const));
  for (const [text, locale] of messages) classifier.classify(text, locale);
  const rounds = 20;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const [text, locale] of messages) classifier.classify(`${text} ${r}`, locale);
  const perMessageMs = (performance.now() - start) / (rounds * messages.length);
  return { trainMs: Math.round(trainMs), classifyMsPerMessage: Number(perMessageMs.toFixed(3)) };
}
const understanding = measureClassifier();

const conversations = Math.min(Number(process.env.BENCH_CONVERSATIONS ?? 200), 5000);
const concurrency = Math.min(Number(process.env.BENCH_CONCURRENCY ?? 16), 128);
const dir = mkdtempSync(join(tmpdir(), 'rd-bench-'));
const url = `file:${join(dir, 'bench.db')}`;

await applyMigrations(url);
const db = await createDb(url);
await importDirectory(db, demo);
// Per-client limits would stop one load generator on one address: lifted for the measurement.
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, CLIENT_MAX_FAILURES: '1000000' });
const app = createApp({ config, db, logger: createLogger(config) });
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/messages`;

const latencies: number[] = [];
let failures = 0;

async function post(conversation: string, n: number, extra: Record<string, unknown>) {
  const body = {
    type: 'message', id: `${conversation}-${n}`, channelId: 'bench', serviceUrl: 'http://127.0.0.1:9/',
    conversation: { id: conversation }, from: { id: 'u' }, recipient: { id: 'b' }, locale: 'ru-RU',
    deliveryMode: 'expectReplies', ...extra,
  };
  const started = performance.now();
  const res = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  latencies.push(performance.now() - started);
  if (res.status !== 200) failures++;
}

async function shopper(i: number) {
  const c = `bench-${i}`;
  await post(c, 0, { type: 'conversationUpdate', membersAdded: [{ id: 'u' }] });
  await post(c, 1, { text: 'Не помню аккаунт' });
  await post(c, 2, { text: 'да' });
  await post(c, 3, { text: 'да' });
  await post(c, 4, { text: '8123456789012341' });
}

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < conversations) await shopper(next++);
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(
  JSON.stringify({
    database: 'sqlite',
    conversations,
    concurrency,
    turns: latencies.length,
    failures,
    turnsPerSecond: Math.round(latencies.length / seconds),
    p50ms: pct(50),
    p95ms: pct(95),
    p99ms: pct(99),
    understanding,
  }),
);
await new Promise<void>((resolve) => app.server.close(() => resolve()));
await db.close();
rmSync(dir, { recursive: true, force: true });
