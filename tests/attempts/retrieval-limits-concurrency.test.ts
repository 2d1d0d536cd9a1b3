// Retrieval attempt limits (core/attempts) under concurrency: tries that arrive at the same
// instant must not all pass the check before any failure is stored.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { provideFlowActors, type FlowActorDeps } from '../../bot/flow-actors.js';
import { retrieveUnderLimits, type AttemptLookupResult } from '../../core/attempts/retrieve-under-limits.js';
import type { RetrievalLimits } from '../../core/attempts/retrieval-limits.js';
import { attemptLockKeys } from '../../core/attempts/scope-locks.js';
import { loadConfig } from '../../core/config/config.js';
import { providerOfClient } from '../../core/db/client-provider.js';
import type { DbClient } from '../../core/db/client.js';
import { createEmbeddedDirectory } from '../../core/directory/embedded/embedded-directory.js';
import type { AccountSummary, RetrievalOutcome } from '../../core/domain.js';
import type { Mailer } from '../../core/mail/mailer.js';
import { keyedHash } from '../../core/security/keyed-hash.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';

const N = 8;
const LIMITS: RetrievalLimits = {
  retrievalMaxFailures: 3,
  retrievalCooldownMinutes: 30,
  targetMaxFailures: 5,
  clientMaxFailures: 4,
  windowMinutes: 60,
};
const NOT_FOUND: AttemptLookupResult = { account: null, evidence: [{ kind: 'ORDER_NUMBER', display: '81******34', matched: false }] };
const ACCOUNT: AccountSummary = { ref: 'acc-1', loginId: 'ru1000000001', maskedEmail: 'a***k@example.com', status: 'ACTIVE', social: null };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A lookup that counts its calls and takes a little time, so concurrent tries overlap. */
function countingLookup(result: AttemptLookupResult = NOT_FOUND) {
  const counter = {
    calls: 0,
    lookup: async () => {
      counter.calls += 1;
      await sleep(20);
      return result;
    },
  };
  return counter;
}

const kinds = (outcomes: RetrievalOutcome[]) => outcomes.map((o) => o.kind).sort();

describe('attempt lock keys', () => {
  it('gives one signed 64-bit key per distinct scope, in ascending order', () => {
    const keys = attemptLockKeys({ conversationId: 'c1', clientKey: 'k1', targetKey: 't1' });
    expect(keys).toHaveLength(3);
    expect([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(keys);
    for (const key of keys) expect(BigInt.asIntN(64, key)).toBe(key);
    expect(attemptLockKeys({ conversationId: 'c1', clientKey: null, targetKey: 't1' })).toHaveLength(2);
    // The same scope name in two kinds of scope is two locks; the same scope is the same lock.
    expect(new Set(attemptLockKeys({ conversationId: 'x', clientKey: 'x', targetKey: 'x' })).size).toBe(3);
    expect(attemptLockKeys({ conversationId: 'c1', clientKey: 'k1', targetKey: 't1' })).toEqual(keys);
  });
});

describe.each(testBackends())('retrieval attempt limits under concurrency on $name', (backend) => {
  let database: TestDatabase;
  let prisma: DbClient;

  beforeAll(async () => {
    database = await backend.create();
    prisma = database.db.prisma;
  });
  afterAll(() => database.cleanup());

  async function conversation(clientKey: string | null = null): Promise<string> {
    const row = await prisma.conversation.create({ data: { channelId: 'test', externalId: randomUUID(), locale: 'en', clientKey } });
    return row.id;
  }

  const context = (conversationId: string, clientKey: string | null = null) => ({
    prisma,
    limits: LIMITS,
    now: () => new Date(),
    conversationId,
    clientKey,
  });

  const failures = (where: { targetKey?: string; conversationId?: string; clientKey?: string }) =>
    prisma.retrievalAttempt.count({ where: { ...where, matched: false } });

  it('tells the provider from the client', () => {
    expect(providerOfClient(prisma)).toBe(backend.name);
  });

  it(`looks one wrong order number up at most ${LIMITS.targetMaxFailures} times when ${N} conversations try it at once (bot actors)`, async () => {
    const config = loadConfig({
      APP_SECRET: 'concurrency-test-secret-0123456789abcdef',
      RETRIEVAL_MAX_FAILURES: String(LIMITS.retrievalMaxFailures),
      TARGET_MAX_FAILURES: String(LIMITS.targetMaxFailures),
      CLIENT_MAX_FAILURES: '100',
      LIMIT_WINDOW_MINUTES: String(LIMITS.windowMinutes),
    });
    const mailer = { send: async () => 'STORED', queue: async () => 'QUEUED' } as unknown as Mailer;
    const orderNumber = '81999999999934';
    const conversations = await Promise.all(Array.from({ length: N }, () => conversation()));
    const outcomes = await Promise.all(
      conversations.map((conversationId) => {
        const deps: FlowActorDeps = { prisma, directory: createEmbeddedDirectory(prisma), config, now: () => new Date(), mailer, conversationId, clientKey: null };
        const actor = createActor(provideFlowActors(deps).actors.lookupOrder, { input: { orderNumber } });
        actor.start();
        return toPromise(actor);
      }),
    );

    const targetKey = keyedHash(config.secret, 'order', orderNumber);
    expect(await failures({ targetKey })).toBe(LIMITS.targetMaxFailures);
    expect(await prisma.retrievalAttempt.count({ where: { targetKey } })).toBe(LIMITS.targetMaxFailures);
    expect(kinds(outcomes)).toEqual([...Array(N - LIMITS.targetMaxFailures).fill('locked'), ...Array(LIMITS.targetMaxFailures).fill('notFound')]);
    for (const outcome of outcomes) {
      if (outcome.kind === 'locked') expect(outcome.retryAfterMinutes).toBe(LIMITS.windowMinutes);
      if (outcome.kind === 'notFound') expect(outcome.attemptsLeft).toBe(LIMITS.retrievalMaxFailures - 1);
    }
  });

  it(`per target: ${N} conversations at once, ${LIMITS.targetMaxFailures} lookups, the rest locked`, async () => {
    const targetKey = `target-${randomUUID()}`;
    const counter = countingLookup();
    const conversations = await Promise.all(Array.from({ length: N }, () => conversation()));
    const outcomes = await Promise.all(conversations.map((id) => retrieveUnderLimits(context(id), targetKey, counter.lookup)));
    expect(counter.calls).toBe(LIMITS.targetMaxFailures);
    expect(await failures({ targetKey })).toBe(LIMITS.targetMaxFailures);
    expect(kinds(outcomes)).toEqual([...Array(N - LIMITS.targetMaxFailures).fill('locked'), ...Array(LIMITS.targetMaxFailures).fill('notFound')]);
    // A further try after they all finished is locked too and looks nothing up.
    expect(await retrieveUnderLimits(context(await conversation()), targetKey, counter.lookup)).toEqual({ kind: 'locked', retryAfterMinutes: 60 });
    expect(counter.calls).toBe(LIMITS.targetMaxFailures);
  });

  it(`per conversation: ${N} targets at once in one conversation, ${LIMITS.retrievalMaxFailures} lookups, then the cool-down`, async () => {
    const id = await conversation();
    const counter = countingLookup();
    const outcomes = await Promise.all(Array.from({ length: N }, (_, i) => retrieveUnderLimits(context(id), `conv-target-${i}-${randomUUID()}`, counter.lookup)));
    expect(counter.calls).toBe(LIMITS.retrievalMaxFailures);
    expect(await failures({ conversationId: id })).toBe(LIMITS.retrievalMaxFailures);
    const looked = outcomes.filter((o) => o.kind === 'notFound');
    // The tries that looked up saw 2 and 1 attempts left; the third reached the limit and says "locked".
    expect(looked.map((o) => (o.kind === 'notFound' ? o.attemptsLeft : -1)).sort()).toEqual([1, 2]);
    expect(outcomes.filter((o) => o.kind === 'locked')).toHaveLength(N - 2);
  });

  it(`per client: ${N} conversations and targets at once from one client address, ${LIMITS.clientMaxFailures} lookups`, async () => {
    const clientKey = `client-${randomUUID()}`;
    const counter = countingLookup();
    const conversations = await Promise.all(Array.from({ length: N }, () => conversation(clientKey)));
    const outcomes = await Promise.all(
      conversations.map((id, i) => retrieveUnderLimits(context(id, clientKey), `client-target-${i}-${randomUUID()}`, counter.lookup)),
    );
    expect(counter.calls).toBe(LIMITS.clientMaxFailures);
    expect(await failures({ clientKey })).toBe(LIMITS.clientMaxFailures);
    expect(outcomes.filter((o) => o.kind === 'locked')).toHaveLength(N - LIMITS.clientMaxFailures);
  });

  it('keeps the sequential behaviour: attempts left, the cool-down, a match, a failed lookup', async () => {
    const id = await conversation();
    const counter = countingLookup();
    const target = () => `seq-${randomUUID()}`;
    expect(await retrieveUnderLimits(context(id), target(), counter.lookup)).toMatchObject({ kind: 'notFound', attemptsLeft: 2 });
    // A match is stored as matched and does not count as a failure.
    const found = await retrieveUnderLimits(context(id), target(), async () => ({ account: ACCOUNT, evidence: [] }));
    expect(found).toEqual({ kind: 'match', account: ACCOUNT, evidence: [] });
    expect(await prisma.retrievalAttempt.count({ where: { conversationId: id, matched: true } })).toBe(1);
    // A lookup that throws leaves no attempt behind, as before.
    await expect(retrieveUnderLimits(context(id), target(), async () => Promise.reject(new Error('directory down')))).rejects.toThrow('directory down');
    expect(await prisma.retrievalAttempt.count({ where: { conversationId: id } })).toBe(2);
    expect(await retrieveUnderLimits(context(id), target(), counter.lookup)).toMatchObject({ kind: 'notFound', attemptsLeft: 1 });
    expect(await retrieveUnderLimits(context(id), target(), counter.lookup)).toEqual({ kind: 'locked', retryAfterMinutes: 30 });
    expect(await retrieveUnderLimits(context(id), target(), counter.lookup)).toEqual({ kind: 'locked', retryAfterMinutes: 30 });
    expect(counter.calls).toBe(3);
    expect(await failures({ conversationId: id })).toBe(3);
  });

  it('closes its connection pool promptly after many concurrent tries', async () => {
    const own = await backend.create();
    const counter = countingLookup();
    const targetKey = `pool-${randomUUID()}`;
    const ids = await Promise.all(
      Array.from({ length: 2 * N }, async () => (await own.db.prisma.conversation.create({ data: { channelId: 'test', externalId: randomUUID(), locale: 'en' } })).id),
    );
    await Promise.all(ids.map((id) => retrieveUnderLimits({ ...context(id), prisma: own.db.prisma }, targetKey, counter.lookup)));
    expect(counter.calls).toBe(LIMITS.targetMaxFailures);
    const closed = await Promise.race([own.db.close().then(() => 'closed'), sleep(10_000).then(() => 'still open')]);
    expect(closed).toBe('closed');
    await own.cleanup();
  });

  it.runIf(backend.name === 'postgresql')('waits for the advisory lock of its scope on PostgreSQL', async () => {
    const id = await conversation();
    const targetKey = `held-${randomUUID()}`;
    // The target's key is the one key of this scope that another conversation's try also takes.
    const shared = attemptLockKeys({ conversationId: id, clientKey: null, targetKey }).filter((key) =>
      attemptLockKeys({ conversationId: 'someone-else', clientKey: null, targetKey }).includes(key),
    );
    expect(shared).toHaveLength(1);
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [shared[0]!.toString()]);
      const counter = countingLookup();
      let settled = false;
      const attempt = retrieveUnderLimits(context(id), targetKey, counter.lookup).finally(() => (settled = true));
      await sleep(300);
      expect(settled).toBe(false);
      expect(counter.calls).toBe(0);
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [shared[0]!.toString()]);
      expect(await attempt).toMatchObject({ kind: 'notFound' });
      expect(counter.calls).toBe(1);
      // Transaction-scoped: nothing stays held once the try is done.
      const { rows } = await holder.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      expect(rows[0]!.n).toBe('0');
    } finally {
      await holder.end();
    }
  });
});
