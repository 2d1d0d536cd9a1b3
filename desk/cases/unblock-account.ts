import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import { providerOfClient } from '../../core/db/client-provider.js';
import { lockName } from '../../core/db/named-lock.js';
import type { LiftableStatus } from '../../core/directory/directory.js';
import type { DeskDeps } from '../desk-deps.js';
import { DIRECTORY_UNAVAILABLE, refuse, succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import { findHeldCase } from './case-access.js';
import { accountProven } from './evidence-rules.js';
import { tellShopper } from './tell-shopper.js';

const UNBLOCKABLE: readonly string[] = ['TEMP_BLOCKED', 'ABOLISHED'] satisfies LiftableStatus[];

/**
 * Lifts a block (SPEC §4.4: TEMP_BLOCKED, or ABOLISHED after a rules review) on the case's
 * account, once the shopper proved it. A deleted account cannot be restored. The shopper is told.
 * The directory lifts it only while the status is still the one read here, under a key naming this
 * case and its count of unblocks, so a retry after a timeout lifts it once and is audited once.
 */
export async function unblockAccount(deps: DeskDeps, operator: DeskOperator, caseId: string): Promise<DeskResult<{ accountId: string; status: string }>> {
  const held = await findHeldCase(deps.prisma, operator, caseId);
  if (!held.ok) return held;
  const row = held.value;
  if (!row.accountId) return refuse(409, 'NoAccount', 'The case is not about a known account.');
  const accountId = row.accountId;
  const evidence = await deps.prisma.evidence.findMany({ where: { caseId }, select: { kind: true, matched: true, accountId: true } });
  if (!accountProven(evidence, accountId)) return refuse(409, 'AccountNotProven', 'No evidence matched this account yet.');

  const read = await deps.directory.readStatus(accountId);
  if (read.kind === 'unavailable') return DIRECTORY_UNAVAILABLE;
  if (read.kind === 'notFound') return refuse(409, 'NoAccount', 'The directory no longer knows the case\'s account.');
  if (!UNBLOCKABLE.includes(read.status)) return refuse(409, 'NotBlocked', `The account is ${read.status}, not blocked.`);
  const from = read.status as LiftableStatus;

  const done = await deps.prisma.auditEvent.count({ where: { caseId, action: 'account.unblocked' } });
  const lifted = await deps.directory.liftBlock(accountId, { from, idempotencyKey: `unblock:${caseId}:${done + 1}` });
  if (lifted.kind === 'unavailable') return DIRECTORY_UNAVAILABLE;
  if (lifted.kind === 'notFound') return refuse(409, 'NoAccount', 'The directory no longer knows the case\'s account.');
  if (lifted.kind !== 'done') return refuse(409, 'NotBlocked', `The account is ${lifted.status}, not blocked.`);

  const audited = await runTransaction(deps.prisma, async (tx) => {
    // Of two unblocks at once (a double click), both get the directory's one answer; one audits.
    await lockName(tx, providerOfClient(deps.prisma), 'unblock-case', caseId);
    if ((await tx.auditEvent.count({ where: { caseId, action: 'account.unblocked' } })) > done) return false;
    await recordAudit(tx, {
      actorType: 'OPERATOR',
      actorId: operator.id,
      action: 'account.unblocked',
      caseId,
      accountId,
      before: { status: lifted.before.status },
      after: { status: lifted.account.status },
    });
    return true;
  });
  if (!audited) return refuse(409, 'NotBlocked', 'The account is ACTIVE, not blocked.');

  deps.hub.publish({ type: 'case', caseId, claimedById: operator.id, change: 'status' });
  await tellShopper(deps, row.conversationId, [{ voice: 'operator', operatorId: operator.id, key: 'desk.unblocked' }]);
  return succeed({ accountId, status: 'ACTIVE' });
}
