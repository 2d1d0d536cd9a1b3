import type { DbClient } from '../../core/db/client.js';
import type { CaseStatus } from '../../core/domain.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import type { CaseListItem } from '../api/contract.js';
import { toCaseHeader } from './case-header.js';

const MAX_ITEMS = 200;

/**
 * Cases by status, newest activity first: an agent's own only (SPEC §8), anyone's for a
 * supervisor (who can narrow to one operator). The queue of waiting cases is listQueue.
 */
export async function listCases(
  prisma: DbClient,
  operator: DeskOperator,
  filter: { status?: CaseStatus; operatorId?: string },
): Promise<CaseListItem[]> {
  const holder = operator.role === 'SUPERVISOR' ? filter.operatorId : operator.id;
  const rows = await prisma.case.findMany({
    where: { ...(filter.status ? { status: filter.status } : {}), ...(holder ? { claimedById: holder } : {}) },
    orderBy: [{ updatedAt: 'desc' }, { number: 'desc' }],
    take: MAX_ITEMS,
    include: { claimedBy: { select: { id: true, displayName: true } } },
  });
  return rows.map((row) => ({ ...toCaseHeader(row), claimedBy: row.claimedBy }));
}
