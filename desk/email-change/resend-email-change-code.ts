import { resendCode, type ResendCodeResult } from '../../core/codes/resend-code.js';
import { isLocale } from '../../core/domain.js';
import { findHeldCase } from '../cases/case-access.js';
import { tellShopper } from '../cases/tell-shopper.js';
import type { DeskDeps } from '../desk-deps.js';
import { refuse, succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import { codeDepsOf } from './code-deps.js';

/**
 * Sends the new-mailbox code again when the shopper says it did not arrive, within the code
 * limits of SPEC §4.1 (a few resends, a minute apart).
 */
export async function resendEmailChangeCode(deps: DeskDeps, operator: DeskOperator, caseId: string): Promise<DeskResult<ResendCodeResult>> {
  const held = await findHeldCase(deps.prisma, operator, caseId);
  if (!held.ok) return held;
  const request = await deps.prisma.emailChangeRequest.findFirst({ where: { caseId, state: 'PENDING_CODE' } });
  if (!request) return refuse(409, 'NoCodePending', 'No email change waits for a code.');
  const locale = isLocale(request.locale) ? request.locale : 'en';
  const result = await resendCode(codeDepsOf(deps), { conversationId: held.value.conversationId, purpose: 'EMAIL_NEW', locale });
  if (result.kind === 'sent') {
    await tellShopper(deps, held.value.conversationId, [{ voice: 'operator', operatorId: operator.id, key: 'code.resent' }]);
  }
  return succeed(result);
}
