import { afterAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../core/mail/mailer.js';
import { readOutbox } from '../../core/mail/read-outbox.js';
import { runTsx } from '../helpers/spawn-tsx.js';
import { testBackends } from '../helpers/test-db.js';
import { FROM, SECRET, manualClock } from './mail-test-kit.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

describe.each(backends)('the outbox on $name', (backend) => {
  it('reads the latest letters first, opened, filtered by address and limited', async () => {
    const { db } = await backend.create();
    const clock = manualClock();
    const mailer = createMailer({ prisma: db.prisma, config: { from: FROM, secret: SECRET }, now: clock.now });
    const sent: string[] = [];
    for (const [i, to] of ['a@example.com', 'b@example.com', 'a@example.com'].entries()) {
      clock.advance(1_000);
      const code = `10000${i}`;
      sent.push((await mailer.send({ kind: 'accountProofCode', to, locale: 'pl', params: { code, minutes: 10 } })).outboxId);
    }

    const all = await readOutbox(db.prisma, SECRET);
    expect(all.map((l) => l.id)).toEqual([...sent].reverse());
    expect(all[0]).toMatchObject({ to: 'a@example.com', kind: 'accountProofCode', locale: 'pl', status: 'STORED', attempts: 0, sentAt: null, readable: true });
    expect(all[0]!.createdAt).toEqual(clock.now());
    expect(all[0]!.text).toContain('100002');

    const toA = await readOutbox(db.prisma, SECRET, { to: 'a@example.com' });
    expect(toA.map((l) => l.id)).toEqual([sent[2], sent[0]]);
    expect((await readOutbox(db.prisma, SECRET, { limit: 1 })).map((l) => l.id)).toEqual([sent[2]]);
    expect(await readOutbox(db.prisma, SECRET, { to: 'nobody@example.com' })).toEqual([]);

    const [unreadable] = await readOutbox(db.prisma, `${SECRET}-other`, { limit: 1 });
    expect(unreadable).toMatchObject({ readable: false, text: '', html: '', subject: all[0]!.subject });
  });

  it('is printed by npm run mail:outbox with --to and --limit', async () => {
    const { db, url } = await backend.create();
    const mailer = createMailer({ prisma: db.prisma, config: { from: FROM, secret: SECRET } });
    await mailer.send({ kind: 'passwordResetCode', to: 'anna@example.com', locale: 'en', params: { code: '654321', minutes: 10 } });
    await mailer.send({ kind: 'emailConfirmation', to: 'olek@example.com', locale: 'pl', params: { link: 'https://desk.example/confirm?t=1' } });
    const env = { DATABASE_URL: url, APP_SECRET: SECRET, NODE_ENV: 'development' };

    const run = await runTsx({ script: 'scripts/mail-outbox.ts', args: ['--to', 'anna@example.com', '--limit', '5'] }, env);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Subject: Your password reset code');
    expect(run.stdout).toContain('To:      anna@example.com');
    expect(run.stdout).toContain('Status:  STORED');
    expect(run.stdout).toContain('    654321');
    expect(run.stdout).not.toContain('olek@example.com');

    const both = await runTsx({ script: 'scripts/mail-outbox.ts', args: ['--limit', '1'] }, env);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout).toContain('Subject: Potwierdź adres e-mail');
    expect(both.stdout).toContain('https://desk.example/confirm?t=1');
    expect(both.stdout).not.toContain('anna@example.com');

    const bad = await runTsx({ script: 'scripts/mail-outbox.ts', args: ['--limit', 'many'] }, env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--limit');
  });
});
