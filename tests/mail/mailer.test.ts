import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/domain.js';
import { renderLetter, type Letter } from '../../core/mail/letters.js';
import { createMailer, type Mailer } from '../../core/mail/mailer.js';
import { readOutbox } from '../../core/mail/read-outbox.js';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from '../../core/mail/retry-schedule.js';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher.js';
import { testBackends } from '../helpers/test-db.js';
import { FROM, SECRET, capturedLogger, closedPort, inClear, manualClock } from './mail-test-kit.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

const codeLetter = (code: string, to = 'anna.k@example.com', locale: Letter['locale'] = 'ru'): Letter => ({
  kind: 'passwordResetCode',
  to,
  locale,
  params: { code, minutes: 10 },
  conversationId: 'conv-1',
});

describe.each(backends)('mailer on $name', (backend) => {
  const open: { mailers: Mailer[]; catchers: SmtpCatcher[] } = { mailers: [], catchers: [] };
  const track = <T extends Mailer | SmtpCatcher>(thing: T, list: T[]): T => {
    list.push(thing);
    return thing;
  };
  afterEach(async () => {
    for (const mailer of open.mailers.splice(0)) await mailer.close();
    for (const catcher of open.catchers.splice(0)) await catcher.close();
  });

  it('without SMTP stores the letter in the outbox, body sealed, and readOutbox opens it', async () => {
    const database = await backend.create();
    const { logger, lines } = capturedLogger();
    const mailer = track(createMailer({ prisma: database.db.prisma, config: { from: FROM, secret: SECRET }, logger }), open.mailers);

    const result = await mailer.send(codeLetter('482913'));

    expect(result.status).toBe('STORED');
    const row = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: result.outboxId } });
    expect(row).toMatchObject({ to: 'anna.k@example.com', locale: 'ru', kind: 'passwordResetCode', status: 'STORED', attempts: 0, conversationId: 'conv-1' });
    expect(row.subject).toBe(renderLetter(codeLetter('482913')).subject);
    expect(row.sealedBody).toMatch(/^v1\./);
    const dump = await database.dump();
    expect(dump).not.toMatch(inClear('482913'));
    expect(dump).not.toContain('<!DOCTYPE html>');
    expect(dump).not.toContain('Здравствуйте');

    const [letter] = await readOutbox(database.db.prisma, SECRET);
    expect(letter).toMatchObject({ id: result.outboxId, status: 'STORED', subject: row.subject, readable: true });
    expect(letter!.text).toContain('    482913\n');
    expect(letter!.html).toContain('>482913</span>');

    const log = lines.join('\n');
    expect(log).toContain(result.outboxId);
    expect(log).toContain('a***k@example.com');
    expect(log).not.toContain('anna.k@example.com');
    expect(log).not.toMatch(inClear('482913'));
  });

  it('with SMTP sends a localized letter with From, To, a text and an HTML part', async () => {
    const database = await backend.create();
    const catcher = track(await startSmtpCatcher(), open.catchers);
    const { logger, lines } = capturedLogger();
    const clock = manualClock();
    const mailer = track(
      createMailer({ prisma: database.db.prisma, config: { smtpUrl: catcher.url, from: FROM, secret: SECRET }, logger, now: clock.now }),
      open.mailers,
    );

    const result = await mailer.send(codeLetter('731904'));

    expect(result.status).toBe('SENT');
    const mail = await catcher.waitFor((m) => m.to.includes('anna.k@example.com'));
    expect(mail.from).toBe(FROM);
    expect(mail.to).toEqual(['anna.k@example.com']);
    expect(mail.subject).toBe(renderLetter(codeLetter('731904')).subject);
    expect(mail.raw).toMatch(/multipart\/alternative/i);
    expect(mail.text).toContain('    731904\n');
    expect(mail.text).toContain('Здравствуйте!');
    expect(mail.html).toContain('>731904</span>');
    expect(mail.html).toContain('<html lang="ru">');
    expect(mail.headers['content-language']).toBe('ru');
    expect(mail.headers['auto-submitted']).toBe('auto-generated');

    const row = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: result.outboxId } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, nextAttemptAt: null, sentAt: clock.now() });
    expect(await database.dump()).not.toMatch(inClear('731904'));
    const log = lines.join('\n');
    expect(log).toContain('"status":"SENT"');
    expect(log).not.toContain('anna.k@example.com');
    expect(log).not.toMatch(inClear('731904'));
  });

  it('keeps a letter the SMTP server could not take and delivers it when the server is back', async () => {
    const database = await backend.create();
    const port = await closedPort();
    const { logger, lines } = capturedLogger();
    const clock = manualClock();
    const mailer = track(
      createMailer({ prisma: database.db.prisma, config: { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, secret: SECRET }, logger, now: clock.now }),
      open.mailers,
    );

    const first = await mailer.send(codeLetter('550172', 'petro@example.com', 'uk'));

    expect(first.status).toBe('FAILED');
    const pending = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: first.outboxId } });
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null });
    expect(pending.nextAttemptAt).toEqual(new Date(clock.now().getTime() + retryDelayMs(1)));
    expect(pending.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(pending.lastError).not.toContain('petro@example.com');
    expect(lines.join('\n')).toContain('will retry');

    // Not due yet: nothing is tried.
    expect(await mailer.retryDue()).toEqual({ sent: 0, failed: 0 });

    const catcher = track(await startSmtpCatcher({ port }), open.catchers);
    clock.advance(retryDelayMs(1) + 1_000);
    expect(await mailer.retryDue()).toEqual({ sent: 1, failed: 0 });

    const mail = await catcher.waitFor((m) => m.to.includes('petro@example.com'));
    expect(mail.subject).toBe(renderLetter(codeLetter('550172', 'petro@example.com', 'uk')).subject);
    expect(mail.text).toContain('550172');
    const sent = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: first.outboxId } });
    expect(sent).toMatchObject({ status: 'SENT', attempts: 2, nextAttemptAt: null, sentAt: clock.now() });
    expect(await mailer.retryDue()).toEqual({ sent: 0, failed: 0 });
    expect(catcher.messages).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(inClear('550172'));
  });

  it('queues a letter without waiting for SMTP, and the background try is kept like any other', async () => {
    const database = await backend.create();
    const port = await closedPort();
    const { logger } = capturedLogger();
    const clock = manualClock();
    const mailer = createMailer({
      prisma: database.db.prisma,
      config: { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, secret: SECRET },
      logger,
      now: clock.now,
    });
    const queued = await mailer.queue(codeLetter('604218', 'olena@example.com', 'uk'));
    expect(queued.status).toBe('QUEUED');
    // close() waits for the background try, which fails against the closed port and stays due.
    await mailer.close();
    const row = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: queued.outboxId } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null });

    const catcher = track(await startSmtpCatcher({ port }), open.catchers);
    const again = createMailer({ prisma: database.db.prisma, config: { smtpUrl: catcher.url, from: FROM, secret: SECRET }, logger, now: clock.now });
    clock.advance(retryDelayMs(1) + 1_000);
    expect(await again.retryDue()).toEqual({ sent: 1, failed: 0 });
    expect((await catcher.waitFor((m) => m.to.includes('olena@example.com'))).text).toContain('604218');
    await again.close();
  });

  it('sends a retried letter once even when two retry runs overlap', async () => {
    const database = await backend.create();
    const port = await closedPort();
    const clock = manualClock();
    const config = { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, secret: SECRET };
    const a = track(createMailer({ prisma: database.db.prisma, config, now: clock.now }), open.mailers);
    const b = track(createMailer({ prisma: database.db.prisma, config, now: clock.now }), open.mailers);
    expect((await a.send(codeLetter('118822'))).status).toBe('FAILED');

    const catcher = track(await startSmtpCatcher({ port }), open.catchers);
    clock.advance(retryDelayMs(1));
    const results = await Promise.all([a.retryDue(), b.retryDue(), a.retryDue()]);

    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    await catcher.waitFor(() => true);
    expect(catcher.messages).toHaveLength(1);
  });

  it(`gives up after ${MAX_SEND_ATTEMPTS} attempts with backoff, keeping the letter as FAILED`, async () => {
    const database = await backend.create();
    const port = await closedPort();
    const clock = manualClock();
    const mailer = track(
      createMailer({ prisma: database.db.prisma, config: { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, secret: SECRET }, now: clock.now }),
      open.mailers,
    );
    const { outboxId } = await mailer.send(codeLetter('902211'));

    const delays: number[] = [];
    for (let attempt = 1; attempt < MAX_SEND_ATTEMPTS; attempt += 1) {
      const row = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } });
      expect(row).toMatchObject({ status: 'PENDING', attempts: attempt });
      delays.push(row.nextAttemptAt!.getTime() - clock.now().getTime());
      clock.set(row.nextAttemptAt!);
      expect(await mailer.retryDue()).toEqual({ sent: 0, failed: 1 });
    }

    expect(delays.map((ms) => ms / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    const failed = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } });
    expect(failed).toMatchObject({ status: 'FAILED', attempts: MAX_SEND_ATTEMPTS, nextAttemptAt: null });
    clock.advance(24 * 60 * 60_000);
    expect(await mailer.retryDue()).toEqual({ sent: 0, failed: 0 });
    const [kept] = await readOutbox(database.db.prisma, SECRET);
    expect(kept).toMatchObject({ id: outboxId, status: 'FAILED' });
    expect(kept!.text).toContain('902211');
  });

  it('marks FAILED, without retrying, a letter whose body was sealed under another secret', async () => {
    const database = await backend.create();
    const port = await closedPort();
    const clock = manualClock();
    const config = { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, secret: SECRET };
    const before = track(createMailer({ prisma: database.db.prisma, config, now: clock.now }), open.mailers);
    const { outboxId } = await before.send(codeLetter('340017'));

    track(await startSmtpCatcher({ port }), open.catchers);
    const after = track(createMailer({ prisma: database.db.prisma, config: { ...config, secret: `${SECRET}-rotated` }, now: clock.now }), open.mailers);
    clock.advance(retryDelayMs(1));
    expect(await after.retryDue()).toEqual({ sent: 0, failed: 1 });
    const row = await database.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } });
    expect(row).toMatchObject({ status: 'FAILED', nextAttemptAt: null });
    expect(row.lastError).toMatch(/cannot be opened/);
  });

  it('delivers letters in each of the four languages in that language', async () => {
    const database = await backend.create();
    const catcher = track(await startSmtpCatcher(), open.catchers);
    const mailer = track(createMailer({ prisma: database.db.prisma, config: { smtpUrl: catcher.url, from: FROM, secret: SECRET } }), open.mailers);
    const greetings = { ru: 'Здравствуйте!', uk: 'Вітаємо!', pl: 'Dzień dobry!', en: 'Hello,' };

    for (const locale of LOCALES) {
      const letters: Letter[] = [
        { kind: 'emailChangeNewCode', to: `${locale}@example.com`, locale, params: { code: '246810', minutes: 10 } },
        { kind: 'emailChanged', to: `${locale}@example.com`, locale, params: { loginId: `${locale}4815162342`, newEmail: 'n***w@example.org' } },
      ];
      for (const letter of letters) {
        expect((await mailer.send(letter)).status).toBe('SENT');
        const expected = renderLetter(letter);
        const mail = await catcher.waitFor((m) => m.to.includes(letter.to) && m.subject === expected.subject);
        expect(mail.text.trim()).toBe(expected.text.trim());
        expect(mail.text).toContain(greetings[locale]);
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.headers['content-language']).toBe(locale);
      }
    }
    expect(new Set(catcher.messages.map((m) => m.subject)).size).toBe(8);
  });

  it('returns nothing to retry in outbox mode', async () => {
    const database = await backend.create();
    const mailer = track(createMailer({ prisma: database.db.prisma, config: { from: FROM, secret: SECRET } }), open.mailers);
    await mailer.send(codeLetter('123450'));
    expect(await mailer.retryDue()).toEqual({ sent: 0, failed: 0 });
  });
});
