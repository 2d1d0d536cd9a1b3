import type { DbTransaction } from '../db/client.js';
import { minutesUntil } from '../time/minutes-until.js';
import { codeMatches } from './code-hash.js';
import { findOpenChallenge } from './find-challenge.js';
import type { ChallengeRow } from './find-challenge.js';
import { normalizeCodeInput } from './normalize-code-input.js';
import { runTransaction } from './run-transaction.js';
import type { CodeDeps, CodePurpose } from './types.js';

export type VerifyCodeInput = { conversationId: string; purpose: CodePurpose; code: string };

export type VerifyCodeResult =
  | { kind: 'ok'; accountId: string }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'expired' }
  | { kind: 'locked'; retryAfterMinutes: number }
  | { kind: 'noChallenge' };

const MINUTE = 60_000;

/** No open challenge: either it was voided for too many failures (still cooling down) or there is none. */
async function lockedOrNone(deps: CodeDeps, input: VerifyCodeInput, now: Date): Promise<VerifyCodeResult> {
  const cooldown = deps.codes.cooldownMinutes * MINUTE;
  const voided = await deps.prisma.verificationCode.findFirst({
    where: {
      conversationId: input.conversationId,
      purpose: input.purpose,
      failedAttempts: { gte: deps.codes.maxFailures },
      voidedAt: { gt: new Date(now.getTime() - cooldown) },
    },
    orderBy: { voidedAt: 'desc' },
    select: { voidedAt: true },
  });
  if (!voided?.voidedAt) return { kind: 'noChallenge' };
  return { kind: 'locked', retryAfterMinutes: minutesUntil(new Date(voided.voidedAt.getTime() + cooldown), now) };
}

/**
 * Counts one wrong entry. The increment is a single UPDATE and the read-back happens in the same
 * transaction, under the row's write lock: two wrong entries at the same moment count twice and
 * each learns its own count. At maxFailures the challenge is voided; the account is untouched.
 */
function countFailure(deps: CodeDeps, challenge: ChallengeRow, now: Date): Promise<number | null> {
  return runTransaction(deps.prisma, async (tx: DbTransaction) => {
    const open = { id: challenge.id, voidedAt: null, verifiedAt: null, consumedAt: null };
    const counted = await tx.verificationCode.updateMany({ where: open, data: { failedAttempts: { increment: 1 } } });
    if (counted.count === 0) return null;
    const { failedAttempts } = await tx.verificationCode.findUniqueOrThrow({ where: { id: challenge.id }, select: { failedAttempts: true } });
    if (failedAttempts >= deps.codes.maxFailures) {
      await tx.verificationCode.update({ where: { id: challenge.id }, data: { voidedAt: now } });
    }
    return failedAttempts;
  });
}

/**
 * Checks a typed code against the open challenge of this purpose in this conversation
 * (SPEC §4.1). A code is good once: after `ok` the challenge answers `noChallenge`. A challenge
 * stored without an account never answers `ok`. Anything that is not six digits counts as a
 * wrong entry, so callers re-ask for malformed input with normalizeCodeInput before calling.
 */
export async function verifyCode(deps: CodeDeps, input: VerifyCodeInput): Promise<VerifyCodeResult> {
  const now = deps.now();
  const challenge = await findOpenChallenge(deps.prisma, input.conversationId, input.purpose);
  if (!challenge) return lockedOrNone(deps, input, now);
  if (challenge.verifiedAt) return { kind: 'noChallenge' };
  if (challenge.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };

  // Compared even when there is no account, so both cases cost the same.
  const code = normalizeCodeInput(input.code) ?? '';
  const matches = codeMatches(deps.secret, input.purpose, challenge.id, code, challenge.codeHash);
  if (matches && challenge.accountId) {
    // Conditional on the code hash read above: a concurrent resend or second entry cannot both win.
    const verified = await deps.prisma.verificationCode.updateMany({
      where: { id: challenge.id, codeHash: challenge.codeHash, voidedAt: null, verifiedAt: null, consumedAt: null },
      data: { verifiedAt: now },
    });
    return verified.count === 1 ? { kind: 'ok', accountId: challenge.accountId } : { kind: 'noChallenge' };
  }

  const failures = await countFailure(deps, challenge, now);
  if (failures === null) return lockedOrNone(deps, input, now);
  if (failures >= deps.codes.maxFailures) return { kind: 'locked', retryAfterMinutes: deps.codes.cooldownMinutes };
  return { kind: 'wrong', attemptsLeft: deps.codes.maxFailures - failures };
}
