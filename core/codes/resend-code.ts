import type { Locale } from '../domain.js';
import { hashCode } from './code-hash.js';
import { sendCodeLetter } from './code-letter.js';
import { findOpenChallenge } from './find-challenge.js';
import type { ChallengeRow } from './find-challenge.js';
import { generateCode } from './generate-code.js';
import { mailboxKey } from './mailbox-key.js';
import type { CodeDeps, CodePurpose } from './types.js';

export type ResendCodeInput = { conversationId: string; purpose: CodePurpose; locale: Locale };

export type ResendCodeResult =
  | { kind: 'sent' }
  | { kind: 'tooSoon'; seconds: number }
  | { kind: 'limitReached' }
  | { kind: 'noChallenge' }
  | { kind: 'mailFailed' }
  /** The directory did not answer: no code was replaced or sent, nothing counted. */
  | { kind: 'unavailable' };

/**
 * The address a resend goes to: the new address for EMAIL_NEW, else the account's address on
 * file — but only while it still is the mailbox the challenge was started for.
 */
async function resendAddress(deps: CodeDeps, challenge: ChallengeRow): Promise<string | null | 'unavailable'> {
  if (!challenge.accountId) return null;
  if (challenge.purpose === 'EMAIL_NEW') return challenge.newEmail;
  const found = await deps.directory.getAccount(challenge.accountId);
  if (found.kind === 'unavailable') return 'unavailable';
  return found.kind === 'found' && mailboxKey(deps.secret, found.account.email) === challenge.emailKey ? found.account.email : null;
}

/**
 * Sends a fresh code for the open, unverified challenge (SPEC §4.1: at most `maxResends`,
 * `resendIntervalSeconds` apart). The old code stops working, the expiry starts over, the
 * failure count stays. A challenge without an account answers the same and sends nothing.
 */
export async function resendCode(deps: CodeDeps, input: ResendCodeInput): Promise<ResendCodeResult> {
  const now = deps.now();
  const challenge = await findOpenChallenge(deps.prisma, input.conversationId, input.purpose);
  if (!challenge || challenge.verifiedAt) return { kind: 'noChallenge' };
  if (challenge.sends - 1 >= deps.codes.maxResends) return { kind: 'limitReached' };
  const interval = deps.codes.resendIntervalSeconds * 1000;
  const waitMs = challenge.lastSentAt.getTime() + interval - now.getTime();
  if (waitMs > 0) return { kind: 'tooSoon', seconds: Math.ceil(waitMs / 1000) };

  // Asked before the code is replaced: a resend the directory cannot serve changes nothing.
  const to = await resendAddress(deps, challenge);
  if (to === 'unavailable') return { kind: 'unavailable' };

  const code = generateCode();
  // Conditional on the send count read above: of two resends at once, only one goes out.
  const updated = await deps.prisma.verificationCode.updateMany({
    where: { id: challenge.id, sends: challenge.sends, voidedAt: null, verifiedAt: null, consumedAt: null },
    data: {
      codeHash: hashCode(deps.secret, input.purpose, challenge.id, code),
      expiresAt: new Date(now.getTime() + deps.codes.ttlMinutes * 60_000),
      lastSentAt: now,
      sends: { increment: 1 },
    },
  });
  if (updated.count === 0) return { kind: 'tooSoon', seconds: deps.codes.resendIntervalSeconds };

  if (!to) return { kind: 'sent' };
  return sendCodeLetter(deps, { purpose: input.purpose, to, code, locale: input.locale, conversationId: input.conversationId });
}
