import type { DbClient } from '../../core/db/client.js';
import type { CaseType, Locale } from '../../core/domain.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import type { QueueItem } from '../api/contract.js';

export type QueueFilter = { type?: CaseType; language?: Locale };

const MAX_ITEMS = 200;

/**
 * The waiting cases an operator may take, oldest first (SPEC §6): an agent's languages only,
 * every language for a supervisor; narrowed by type and language. A language the agent does not
 * serve gives an empty list, not someone else's queue.
 */
export async function listQueue(prisma: DbClient, operator: DeskOperator, filter: QueueFilter, now: Date): Promise<QueueItem[]> {
  const served = operator.role === 'SUPERVISOR' ? null : operator.languages;
  const languages = filter.language ? (served === null || served.includes(filter.language) ? [filter.language] : []) : served;
  const rows = await prisma.case.findMany({
    where: { status: 'WAITING', ...(filter.type ? { type: filter.type } : {}), ...(languages ? { locale: { in: languages } } : {}) },
    orderBy: [{ createdAt: 'asc' }, { number: 'asc' }],
    take: MAX_ITEMS,
    include: { evidence: { orderBy: { createdAt: 'asc' }, select: { kind: true, display: true, matched: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    type: row.type,
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    waitingSeconds: Math.max(0, Math.floor((now.getTime() - row.createdAt.getTime()) / 1000)),
    evidence: row.evidence,
    evidenceMatched: row.evidence.filter((e) => e.matched === true).length,
    evidenceTotal: row.evidence.length,
  }));
}
