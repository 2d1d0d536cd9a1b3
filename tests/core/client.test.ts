import { afterAll, describe, expect, it } from 'vitest';
import { transaction } from '../../core/db/client.js';
import { runTsx } from '../helpers/spawn-tsx.js';
import { testBackends } from '../helpers/test-db.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

const ROUNDS = 25;

/** A worker process: read-then-write transactions and plain writes, interleaved. */
const WORKER = `
import { createDb, transaction } from './core/db/client.ts';
const db = await createDb(process.env.DATABASE_URL);
for (let i = 0; i < ${ROUNDS}; i += 1) {
  await transaction(db, async (tx) => {
    const seen = await tx.auditEvent.count();
    await tx.auditEvent.create({ data: { actorType: 'SYSTEM', action: 'tx-write', after: String(seen) } });
  });
  await db.prisma.auditEvent.create({ data: { actorType: 'SYSTEM', action: 'plain-write' } });
}
await db.close();
`;

describe.each(backends)('createDb on $name', (backend) => {
  it('takes concurrent writers from several processes without "database is locked"', async () => {
    const { db, url: databaseUrl } = await backend.create();
    const runs = await Promise.all([1, 2, 3].map(() => runTsx({ eval: WORKER }, { DATABASE_URL: databaseUrl })));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(await db.prisma.auditEvent.count()).toBe(3 * 2 * ROUNDS);
  });

  it('keeps concurrent transactions and queries of one process apart', async () => {
    const db = await backend.setup();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? transaction(db, async (tx) => {
              await tx.auditEvent.create({ data: { actorType: 'SYSTEM', action: 'kept' } });
              await tx.auditEvent.create({ data: { actorType: 'SYSTEM', action: 'rolled-back' } });
              throw new Error('roll back');
            }).catch(() => undefined)
          : db.prisma.auditEvent.create({ data: { actorType: 'SYSTEM', action: 'outside' } }),
      ),
    );
    // Writes made outside the transactions survive their rollbacks; nothing from inside does.
    expect(await db.prisma.auditEvent.count({ where: { action: 'outside' } })).toBe(10);
    expect(await db.prisma.auditEvent.count({ where: { action: { in: ['kept', 'rolled-back'] } } })).toBe(0);
  });
});
