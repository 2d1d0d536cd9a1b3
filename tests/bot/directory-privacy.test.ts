// With the marketplace's directory over HTTP the product keeps no copy of it: a retrieval, a
// password reset, a failed card lookup and a handoff leave only what the case needs (masked) and
// what the limits need (keyed hashes) in the product's database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../bot/i18n/translator.js';
import { readOutbox } from '../../core/mail/read-outbox.js';
import { startBot, Shopper, type Harness, type Reply } from '../helpers/bot-harness.js';
import { referenceDirectory, type ReferenceDirectory } from '../helpers/directory-under-test.js';
import { withTestDb, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };

const t = createTranslator();
const texts = (replies: Reply[]) => replies.map((r) => r.text);
const NEW_PASSWORD = 'Wind over a quiet river 42';

describe('the product with the directory over HTTP', () => {
  let database: TestDatabase;
  let marketplace: ReferenceDirectory;
  let bot: Harness;

  beforeAll(async () => {
    database = await withTestDb('sqlite');
    marketplace = await referenceDirectory(fixture);
    bot = await startBot(database.db, { directory: marketplace.directory });
  });

  afterAll(async () => {
    await bot.close();
    await marketplace.close();
    await database.cleanup();
  });

  it('finds, resets and hands off through the marketplace, and keeps no copy of its directory', async () => {
    const s = new Shopper(() => bot.url, 'en');
    await s.join();
    await s.say(t('en', 'buttons.menu.forgotAccount'));
    await s.say('yes');
    await s.say('yes');
    expect(texts(await s.say('8123 4567 8901 2345'))[0]).toBe(t('en', 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }));
    expect(texts(await s.say(t('en', 'buttons.resetPassword')))).toEqual([t('en', 'code.sentToAccount', { email: 'a***k@example.com' }), t('en', 'code.ask')]);
    const letters = await readOutbox(database.db.prisma, bot.config.secret, { to: 'anna.k@example.com', limit: 5 });
    const code = /\b(\d{6})\b/.exec(letters.find((l) => l.kind === 'passwordResetCode')?.text ?? '')?.[1] ?? '';
    expect(texts(await s.say(code))).toEqual([t('en', 'password.askNew')]);
    expect(texts(await s.say(NEW_PASSWORD))).toEqual([t('en', 'password.askRepeat')]);
    expect(texts(await s.say(NEW_PASSWORD))).toEqual([t('en', 'password.changed'), t('en', 'menu.prompt')]);
    // The marketplace's own sign-in now takes the new password.
    expect(await marketplace.signsIn('ru1000000001', NEW_PASSWORD)).toBe(true);

    const other = new Shopper(() => bot.url, 'en');
    await other.join();
    await other.say(t('en', 'buttons.menu.forgotAccount'));
    await other.say('yes');
    await other.say('no');
    await other.say('card');
    await other.say('220220 5678');
    await other.say('641.00');
    expect(texts(await other.say('20.08.2026'))[0]).toBe(t('en', 'retrieval.notFound', { count: 2 }));
    await other.say('operator');

    const { prisma } = database.db;
    expect([await prisma.account.count(), await prisma.order.count(), await prisma.directoryChange.count()]).toEqual([0, 0, 0]);
    const caseRow = await prisma.case.findFirstOrThrow({ include: { evidence: true } });
    expect(caseRow.evidence.map((e) => [e.kind, e.display, e.matched])).toEqual([
      ['CARD', '220220******5678', true],
      ['AMOUNT', '641.00', false],
      ['PAYMENT_DATE', '2026-08-20', false],
    ]);
    const attempts = await prisma.retrievalAttempt.findMany();
    expect(attempts).toHaveLength(2);
    for (const a of attempts) expect(a.targetKey).toMatch(/^[0-9a-f]{64}$/);

    const stored = await database.dump();
    // Nothing the directory holds that this product was not shown: other orders and accounts,
    // phones, the whole order number the shopper typed, the new password.
    for (const absent of ['8123456789012345', '8123456789012999', '8123456789012346', 'oksana.p@example.com', 'jan.nowak@example.com', 'dmitry.s@example.org', '+79161234567', NEW_PASSWORD]) {
      expect(stored, absent).not.toContain(absent);
    }
  });
});
