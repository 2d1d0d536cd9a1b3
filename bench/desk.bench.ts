// The desk under load, on the embedded default (SQLite), loopback only, bounded:
// OPERATORS agents watch the queue over Server-Sent Events while CASES shoppers ask for an
// operator through the real HTTP endpoint. Measured: how long until every operator's stream
// shows a new case, how long a claim takes when every operator clicks at once (exactly one
// must win), and how long a shopper's message takes to reach the holder's stream.
//   npm run bench:desk            (defaults: 8 operators, 60 cases)
//   BENCH_OPERATORS=16 BENCH_CASES=200 npm run bench:desk
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../core/config/config.js';
import { applyMigrations } from '../core/db/migrate.js';
import { createDb } from '../core/db/client.js';
import { importDirectory } from '../core/import/import-directory.js';
import { createOperator } from '../desk/operators/create-operator.js';
import { createApp } from '../bot/app.js';
import { createLogger } from '../bot/logger.js';
import demo from '../demo/directory.json' with { type: 'json' };

const operatorCount = Math.min(Math.max(Number(process.env.BENCH_OPERATORS ?? 8), 2), 64);
const caseCount = Math.min(Math.max(Number(process.env.BENCH_CASES ?? 60), 1), 1000);
const PASSWORD = 'Bench-Desk-Password-2026!';
const WAIT_MS = 10_000;

// The shoppers' channel: accepts what the bot and the operators send ("an operator joined", replies).
const channel = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `a-${Math.random().toString(36).slice(2)}` }));
  });
});
await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
const serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`;

const dir = mkdtempSync(join(tmpdir(), 'rd-bench-desk-'));
const url = `file:${join(dir, 'bench.db')}`;
await applyMigrations(url);
const db = await createDb(url);
await importDirectory(db, demo);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, CLIENT_MAX_FAILURES: '1000000' });
const app = createApp({ config, db, logger: createLogger(config) });
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

type Operator = { id: string; cookie: string; csrf: string; events: { name: string; data: Record<string, unknown>; at: number }[]; stop: AbortController };

async function signIn(email: string): Promise<Operator> {
  const res = await fetch(`${base}/desk/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const body = (await res.json()) as { operator: { id: string }; csrfToken: string };
  const cookie = /rd_desk=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  const operator: Operator = { id: body.operator.id, cookie, csrf: body.csrfToken, events: [], stop: new AbortController() };
  const stream = await fetch(`${base}/desk/api/events`, { headers: { cookie }, signal: operator.stop.signal });
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name && data) operator.events.push({ name, data: JSON.parse(data) as Record<string, unknown>, at: performance.now() });
      }
    }
  })().catch(() => undefined);
  return operator;
}

async function waitFor(operator: Operator, match: (e: Operator['events'][number]) => boolean): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = operator.events.find(match);
    if (found) return found.at;
    if (Date.now() > deadline) throw new Error('an event did not arrive in time');
    await new Promise((r) => setTimeout(r, 1));
  }
}

function say(conversation: string, n: number, text: string) {
  return fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message', id: `${conversation}-${n}`, channelId: 'bench', serviceUrl,
      conversation: { id: conversation }, from: { id: 'u' }, recipient: { id: 'b' }, locale: 'ru-RU', text, deliveryMode: 'expectReplies',
    }),
  }).then((r) => r.arrayBuffer());
}

const operators: Operator[] = [];
for (let i = 0; i < operatorCount; i++) {
  const email = `bench-agent-${i}@desk.example.com`;
  const created = await createOperator(db.prisma, { email, displayName: `Agent ${i}`, role: 'AGENT', languages: ['ru'], password: PASSWORD });
  if (created.kind !== 'created') throw new Error(`operator not created: ${created.kind}`);
  operators.push(await signIn(email));
}
await Promise.all(operators.map((o) => waitFor(o, (e) => e.name === 'ready')));

const push: number[] = [];
const claims: number[] = [];
const relay: number[] = [];
let raceProblems = 0;

for (let i = 0; i < caseCount; i++) {
  const conversation = `bench-desk-${i}`;
  // The shopper asks for an operator: every operator's stream shows the new case.
  const asked = performance.now();
  await say(conversation, 1, 'позовите оператора');
  const row = await db.prisma.case.findFirstOrThrow({ where: { conversation: { externalId: conversation } } });
  const arrivals = await Promise.all(operators.map((o) => waitFor(o, (e) => e.name === 'queue' && e.data.caseId === row.id && e.data.change === 'opened')));
  push.push(Math.max(...arrivals) - asked);

  // Everyone claims at once: exactly one wins, the others are told.
  const statuses = await Promise.all(
    operators.map(async (o) => {
      const started = performance.now();
      const res = await fetch(`${base}/desk/api/cases/${row.id}/claim`, { method: 'POST', headers: { cookie: o.cookie, 'x-csrf-token': o.csrf, 'content-type': 'application/json' }, body: '{}' });
      await res.arrayBuffer();
      claims.push(performance.now() - started);
      return { operator: o, status: res.status };
    }),
  );
  const winners = statuses.filter((s) => s.status === 200);
  if (winners.length !== 1 || statuses.some((s) => s.status !== 200 && s.status !== 409)) raceProblems++;
  const holder = winners[0]!.operator;

  // The shopper writes; the holder's stream shows it.
  const sent = performance.now();
  await say(conversation, 2, `вопрос номер ${i}`);
  relay.push((await waitFor(holder, (e) => e.name === 'message' && e.data.caseId === row.id)) - sent);
}

const pct = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((p / 100) * list.length))]!.toFixed(1);
console.log(
  JSON.stringify({
    database: 'sqlite',
    operators: operatorCount,
    cases: caseCount,
    queuePushToAllOperators: { p50ms: pct(push, 50), p95ms: pct(push, 95) },
    claimWithAllOperatorsAtOnce: { p50ms: pct(claims, 50), p95ms: pct(claims, 95), casesWithNotExactlyOneWinner: raceProblems },
    shopperMessageToHolder: { p50ms: pct(relay, 50), p95ms: pct(relay, 95) },
  }),
);
for (const o of operators) o.stop.abort();
app.desk.close();
await new Promise<void>((resolve) => app.server.close(() => resolve()));
await new Promise<void>((resolve) => channel.close(() => resolve()));
await db.close();
rmSync(dir, { recursive: true, force: true });
if (raceProblems > 0) process.exitCode = 1;
