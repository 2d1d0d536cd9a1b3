// Shared by the code and account tests: a settable clock, a fake mailer that records letters
// (the one thing faked; the database is real), and rows to start from.
import { randomBytes } from 'node:crypto';
import type { CodeDeps, Letter, SendLetter } from '../../core/codes/types.js';
import type { Db } from '../../core/db/client.js';
import { createEmbeddedDirectory } from '../../core/directory/embedded/embedded-directory.js';

export const CODES: CodeDeps['codes'] = { ttlMinutes: 10, maxFailures: 5, maxResends: 3, resendIntervalSeconds: 60, cooldownMinutes: 30 };
export const SECRET = 'codes-test-secret-0123456789abcdef0123456789';
export const MINUTE = 60_000;

export type Clock = { now: () => Date; advance(ms: number): void };

export function makeClock(start = '2026-11-22T10:00:00.000Z'): Clock {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export type Mailer = {
  letters: Letter[];
  /** What the next letters report; FAILED simulates a mailer that could not hand a letter over. */
  status: 'SENT' | 'STORED' | 'FAILED';
  send: SendLetter;
  /** The code of the last letter to `to`. */
  lastCode(to: string): string;
};

export function makeMailer(): Mailer {
  const mailer: Mailer = {
    letters: [],
    status: 'STORED',
    send: async (letter) => {
      mailer.letters.push(letter);
      return { status: mailer.status, outboxId: `outbox-${mailer.letters.length}` };
    },
    lastCode: (to) => {
      const letter = mailer.letters.filter((l) => l.to === to && 'code' in l.params).at(-1);
      if (!letter) throw new Error(`no code letter to ${to}`);
      return String(letter.params.code);
    },
  };
  return mailer;
}

export type Harness = { deps: CodeDeps; clock: Clock; mailer: Mailer };

export function makeHarness(db: Db, clock = makeClock()): Harness {
  const mailer = makeMailer();
  return { deps: { prisma: db.prisma, directory: createEmbeddedDirectory(db.prisma, { now: clock.now }), secret: SECRET, codes: CODES, send: mailer.send, now: clock.now }, clock, mailer };
}

export async function newConversation(db: Db): Promise<string> {
  const row = await db.prisma.conversation.create({
    data: { channelId: 'test', externalId: randomBytes(8).toString('hex'), locale: 'en' },
  });
  return row.id;
}

export type AccountFixture = { id: string; loginId: string; email: string };

/** An account with a unique login and mailbox, so tests never share limits by accident. */
export async function newAccount(db: Db, overrides: { status?: string; emailConfirmed?: boolean; email?: string } = {}): Promise<AccountFixture> {
  const tag = randomBytes(4).toString('hex');
  const email = overrides.email ?? `Shopper.${tag}@Example.com`;
  const row = await db.prisma.account.create({
    data: {
      loginId: `pl${parseInt(tag, 16).toString().padStart(10, '0')}`,
      email,
      emailNormalized: email.trim().toLowerCase(),
      emailConfirmed: overrides.emailConfirmed ?? true,
      country: 'PL',
      status: overrides.status ?? 'ACTIVE',
      passwordHash: null,
    },
  });
  return { id: row.id, loginId: row.loginId, email: row.email };
}

/** A wrong code for `code`: same length, different digits. */
export function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

/** Whether `code` appears in `text` standing alone (not inside a longer run of digits or hex). */
export function containsCode(text: string, code: string): boolean {
  return new RegExp(`(?<![0-9a-fA-F])${code}(?![0-9a-fA-F])`).test(text);
}
