import { hashConfirmationToken, newConfirmationToken } from '../../core/accounts/confirmation-token.js';
import { recordAudit } from '../../core/audit/record-audit.js';
import { normalizeEmail } from '../../core/codes/mailbox-key.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import { unverifyChallenge } from '../../core/codes/unverify-challenge.js';
import { verifyCode } from '../../core/codes/verify-code.js';
import { isLocale } from '../../core/domain.js';
import { maskEmail } from '../../core/text/mask-email.js';
import type { DeskDeps } from '../desk-deps.js';
import { codeDepsOf } from './code-deps.js';

export type CodeAnswer =
  | { kind: 'onHold'; holdHours: number }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'expired' }
  | { kind: 'locked'; retryAfterMinutes: number }
  /** No code can be checked (none sent, or it was used or voided): the operator sends a new one. */
  | { kind: 'noChallenge' }
  /** The code was right but the directory did not answer: it stays good to type again later. */
  | { kind: 'unavailable' };

/** The path of the page behind the cancel link in the hold notice. */
export const CANCEL_PATH = '/desk/cancel-email-change';

/**
 * The shopper typed the code from the new mailbox in the chat. A good code confirms the new
 * address; the change then waits out the hold (EMAIL_CHANGE_HOLD_HOURS), and the old address
 * gets a notice with a link that cancels it (SPEC §6). Wrong codes count against the
 * challenge's limits as anywhere else.
 */
export async function confirmEmailChangeCode(
  deps: Pick<DeskDeps, 'prisma' | 'directory' | 'config' | 'send' | 'now' | 'hub'>,
  held: { caseId: string; conversationId: string; claimedById: string | null },
  code: string,
): Promise<CodeAnswer> {
  const request = await deps.prisma.emailChangeRequest.findFirst({ where: { caseId: held.caseId, state: 'PENDING_CODE' }, orderBy: { createdAt: 'desc' } });
  if (!request?.challengeId) return { kind: 'noChallenge' };
  const result = await verifyCode(codeDepsOf(deps), { conversationId: held.conversationId, purpose: 'EMAIL_NEW', code });
  if (result.kind !== 'ok') return result;
  // The hold notice goes to the account's address on file, read before anything is used up.
  const found = await deps.directory.getAccount(request.accountId);
  if (found.kind === 'unavailable') {
    await unverifyChallenge(deps.prisma, { id: request.challengeId });
    return { kind: 'unavailable' };
  }
  if (found.kind !== 'found') return { kind: 'noChallenge' };

  const now = deps.now();
  const holdHours = deps.config.desk.emailChangeHoldHours;
  const holdUntil = new Date(now.getTime() + holdHours * 3_600_000);
  const token = newConfirmationToken();
  const confirmed = await runTransaction(deps.prisma, async (tx) => {
    // The verified challenge must be the one sent for this very request, to this address.
    const challenge = await tx.verificationCode.findUnique({ where: { id: request.challengeId! } });
    if (!challenge?.verifiedAt || challenge.consumedAt || challenge.accountId !== request.accountId) return null;
    if (normalizeEmail(challenge.newEmail ?? '') !== normalizeEmail(request.newEmail)) return null;
    await tx.verificationCode.update({ where: { id: challenge.id }, data: { consumedAt: now } });
    const moved = await tx.emailChangeRequest.updateMany({
      where: { id: request.id, state: 'PENDING_CODE' },
      data: { state: 'ON_HOLD', holdUntil, cancelTokenHash: hashConfirmationToken(token) },
    });
    if (moved.count === 0) return null;
    await recordAudit(tx, {
      actorType: 'BOT',
      action: 'email_change.code_confirmed',
      caseId: request.caseId,
      accountId: request.accountId,
      before: { requestId: request.id, state: 'PENDING_CODE' },
      after: { requestId: request.id, state: 'ON_HOLD', holdUntil: holdUntil.toISOString() },
    });
    return found.account;
  });
  if (!confirmed) return { kind: 'noChallenge' };

  await deps.send({
    kind: 'emailChangeHold',
    to: confirmed.email,
    locale: isLocale(request.locale) ? request.locale : 'en',
    params: {
      loginId: confirmed.loginId,
      newEmail: maskEmail(request.newEmail),
      when: holdUntil.toISOString(),
      link: `${deps.config.publicBaseUrl}${CANCEL_PATH}?token=${token}`,
    },
  });
  deps.hub.publish({ type: 'case', caseId: held.caseId, claimedById: held.claimedById, change: 'emailChange' });
  return { kind: 'onHold', holdHours };
}
