import type { DbClient, DbTransaction } from '../../core/db/client.js';
import { CASE_NOT_FOUND, refuse, succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';

export type CaseRow = NonNullable<Awaited<ReturnType<DbClient['case']['findUnique']>>>;

/**
 * A case the operator may look at (SPEC §8): a supervisor any, an agent only the cases they hold
 * or closed. Anything else is the same "not found" as an id that does not exist.
 */
export function findVisibleCase(prisma: DbTransaction, operator: DeskOperator, caseId: string): Promise<CaseRow | null> {
  return operator.role === 'SUPERVISOR'
    ? prisma.case.findUnique({ where: { id: caseId } })
    : prisma.case.findFirst({ where: { id: caseId, claimedById: operator.id } });
}

/** A case the operator may act on: visible, open, and held by them. Supervisors claim (or take by reassigning) first. */
export async function findHeldCase(prisma: DbTransaction, operator: DeskOperator, caseId: string): Promise<DeskResult<CaseRow>> {
  const found = await findVisibleCase(prisma, operator, caseId);
  if (!found) return CASE_NOT_FOUND;
  if (found.status !== 'CLAIMED') return refuse(409, 'CaseNotOpen', `The case is ${found.status.toLowerCase()}; claim it first.`);
  if (found.claimedById !== operator.id) return refuse(409, 'HeldByAnother', 'Another operator holds this case.');
  return succeed(found);
}
