import type { Config } from '../config/config.js';
import type { DbClient } from '../db/client.js';
import type { Directory } from '../directory/directory.js';
import type { Letter } from '../mail/letters.js';
import type { SendStatus } from '../mail/mailer.js';

export type { Letter, LetterKind } from '../mail/letters.js';

/** What a one-time code proves (SPEC §4.1, §4.2). */
export const CODE_PURPOSES = ['PASSWORD_RESET', 'EMAIL_CURRENT', 'EMAIL_NEW', 'ACCOUNT_PROOF'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** The mailer's `send` (core/mail/mailer.ts); FAILED means not handed over yet, retried later. */
export type SendLetter = (letter: Letter) => Promise<{ status: SendStatus; outboxId: string }>;

/**
 * What the code and account services need. All state lives in the database and the clock is
 * injected, so limits survive restarts and tests can move time.
 */
export type CodeDeps = {
  prisma: DbClient;
  /** The marketplace's directory: addresses and accounts are read and changed only through it. */
  directory: Directory;
  secret: string;
  codes: Config['codes'];
  send: SendLetter;
  now: () => Date;
};
