import { findOpenChallenge } from '../../core/codes/find-challenge.js';
import { startChallenge } from '../../core/codes/start-challenge.js';
import type { Locale } from '../../core/domain.js';
import type { DeskDeps } from '../desk-deps.js';
import { tellShopper } from '../cases/tell-shopper.js';
import { codeDepsOf } from './code-deps.js';

/** `unavailable`: the directory did not answer, no code went out; the operator sends it again later. */
export type CodeSending = 'sent' | 'mailFailed' | 'locked' | 'unavailable';

export type EmailChangeCodeTarget = {
  requestId: string;
  accountId: string;
  newEmail: string;
  conversationId: string;
  locale: Locale;
  operatorId: string;
};

/**
 * Sends the code that proves the new mailbox (core/codes, purpose EMAIL_NEW, in the case's
 * conversation, so the shopper types it in the same chat) and tells the shopper where it went.
 * The challenge is linked to the request so the shopper's code can only confirm this change.
 */
export async function sendEmailChangeCode(deps: DeskDeps, target: EmailChangeCodeTarget): Promise<CodeSending> {
  const started = await startChallenge(codeDepsOf(deps), {
    conversationId: target.conversationId,
    purpose: 'EMAIL_NEW',
    email: target.newEmail,
    newEmail: target.newEmail,
    accountId: target.accountId,
    locale: target.locale,
  });
  if (started.kind === 'locked' || started.kind === 'unavailable') return started.kind;
  const challenge = await findOpenChallenge(deps.prisma, target.conversationId, 'EMAIL_NEW');
  if (challenge) {
    await deps.prisma.emailChangeRequest.updateMany({ where: { id: target.requestId, state: 'PENDING_CODE' }, data: { challengeId: challenge.id } });
  }
  await tellShopper(deps, target.conversationId, [
    { voice: 'operator', operatorId: target.operatorId, key: 'code.sentToNew', params: { email: target.newEmail } },
  ]);
  return started.kind;
}
