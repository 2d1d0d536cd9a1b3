import { randomUUID } from 'node:crypto';
import type { Locale } from '../domain.js';
import { checkStartLimits } from './challenge-limits.js';
import { hashCode } from './code-hash.js';
import { sendCodeLetter } from './code-letter.js';
import { generateCode } from './generate-code.js';
import { mailboxKey } from './mailbox-key.js';
import { resolveRecipient } from './resolve-recipient.js';
import { runTransaction } from './run-transaction.js';
import type { CodeDeps, CodePurpose } from './types.js';

export type StartChallengeInput = {
  conversationId: string;
  purpose: CodePurpose;
  /** The address the shopper gave; with `accountId` the code goes to the address on file instead. */
  email: string;
  locale: Locale;
  accountId?: string | null;
  /** EMAIL_NEW: the address to prove, which becomes the account's email once confirmed. */
  newEmail?: string | null;
};

export type StartChallengeResult =
  | { kind: 'sent' }
  | { kind: 'mailFailed' }
  | { kind: 'locked'; retryAfterMinutes: number }
  /** The directory did not answer: nothing was stored or sent; the shopper may ask again later. */
  | { kind: 'unavailable' };

/**
 * Sends a new 6-digit code (SPEC §4.1). The answer is `sent` whether or not an account has the
 * address: without one (or over the mailbox's hourly share) the challenge is stored with no
 * account and no letter, so verifying it only ever says `wrong`, exactly as a real one can.
 * Replaces the open challenge of this purpose in the conversation, keeping its failure count.
 */
export async function startChallenge(deps: CodeDeps, input: StartChallengeInput): Promise<StartChallengeResult> {
  const now = deps.now();
  const { conversationId, purpose } = input;
  const recipient = await resolveRecipient(deps.directory, input);
  if ('unavailable' in recipient) return { kind: 'unavailable' };
  const emailKey = mailboxKey(deps.secret, recipient.to);
  const limit = await checkStartLimits(deps.prisma, { conversationId, purpose, emailKey }, deps.codes, now);
  if (limit.kind === 'locked') return limit;
  const accountId = limit.kind === 'mailboxBusy' ? null : recipient.accountId;

  // The same work whether or not a letter follows: a code, its keyed hash, one transaction.
  const id = randomUUID();
  const code = generateCode();
  const codeHash = hashCode(deps.secret, purpose, id, code);
  await runTransaction(deps.prisma, async (tx) => {
    const previous = await tx.verificationCode.findMany({
      where: { conversationId, purpose, voidedAt: null, consumedAt: null },
      select: { id: true, failedAttempts: true },
    });
    if (previous.length > 0) {
      await tx.verificationCode.updateMany({ where: { id: { in: previous.map((p) => p.id) } }, data: { voidedAt: now } });
    }
    await tx.verificationCode.create({
      data: {
        id,
        purpose,
        conversationId,
        accountId,
        emailKey,
        newEmail: purpose === 'EMAIL_NEW' ? recipient.to : null,
        codeHash,
        expiresAt: new Date(now.getTime() + deps.codes.ttlMinutes * 60_000),
        // A new code does not reset the failure count (SPEC §4.1).
        failedAttempts: Math.max(0, ...previous.map((p) => p.failedAttempts)),
        sends: 1,
        lastSentAt: now,
        createdAt: now,
      },
    });
  });

  if (!accountId) return { kind: 'sent' };
  return sendCodeLetter(deps, { purpose, to: recipient.to, code, locale: input.locale, conversationId });
}
