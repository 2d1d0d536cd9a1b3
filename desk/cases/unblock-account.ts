import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DeskDeps } from '../desk-deps.js';
import { refuse, succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import { findHeldCase } from './case-access.js';
import { accountProven } from './evidence-rules.js';
import { tellShopper } from './tell-shopper.js';

const UNBLOCKABLE = ['TEMP_BLOCKED', 'ABOLISHED'];

/**
 * Lifts a block (SPEC §4.4: TEMP_BLOCKED, or ABOLISHED after a rules review) on the case's
 * account, once the shopper proved it. A deleted account cannot be restored. The shopper is told.
 */
export async function unblockAccount(deps: DeskDeps, operator: DeskOperator, caseId: string): Promise<DeskResult<{ accountId: string; status: string }>> {
  const held = await findHeldCase(deps.prisma, operator, caseId);
  if (!held.ok) return held;
  const row = held.value;
  if (!row.accountId) return refuse(409, 'NoAccount', 'The case is not about a known account.');
  const accountId = row.accountId;
  const evidence = await deps.prisma.evidence.findMany({ where: { caseId }, select: { kind: true, matched: true, accountId: true } });
  if (!accountProven(evidence, accountId)) return refuse(409, 'AccountNotProven', 'No evidence matched this account yet.');

  const before = await runTransaction(deps.prisma, async (tx) => {
    const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { status: true } });
    if (!UNBLOCKABLE.includes(account.status)) return account.status;
    // Conditional on the status read: of two unblocks at once, one acts and is audited.
    const moved = await tx.account.updateMany({ where: { id: accountId, status: account.status }, data: { status: 'ACTIVE' } });
    if (moved.count === 0) return 'ACTIVE';
    await recordAudit(tx, {
      actorType: 'OPERATOR',
      actorId: operator.id,
      action: 'account.unblocked',
      caseId,
      accountId,
      before: { status: account.status },
      after: { status: 'ACTIVE' },
    });
    return null;
  });
  if (before !== null) return refuse(409, 'NotBlocked', `The account is ${before}, not blocked.`);

  deps.hub.publish({ type: 'case', caseId, claimedById: operator.id, change: 'status' });
  await tellShopper(deps, row.conversationId, [{ voice: 'operator', operatorId: operator.id, key: 'desk.unblocked' }]);
  return succeed({ accountId, status: 'ACTIVE' });
}
