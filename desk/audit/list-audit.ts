import type { DbClient } from '../../core/db/client.js';
import type { AuditPage } from '../api/contract.js';

export type AuditFilter = {
  caseId?: string;
  accountId?: string;
  actorId?: string;
  /** An exact action (`case.claimed`) or a family (`email_change.`). */
  action?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  /** The `next` of the previous page. */
  cursor?: string;
};

const MAX_LIMIT = 200;

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `<ISO time>_<id>` of the last event of a page: the next page starts strictly after it. */
function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([\w-]{1,64})$/.exec(cursor ?? '');
  return match ? { at: new Date(match[1]!), id: match[2]! } : null;
}

/**
 * The audit log, newest first, for supervisors (SPEC §6: who, what, when, on which case and
 * account, before → after). Read-only: nothing in the desk updates or deletes an audit event.
 */
export async function listAudit(prisma: DbClient, filter: AuditFilter): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), MAX_LIMIT);
  const after = decodeCursor(filter.cursor);
  const action = filter.action?.endsWith('.') ? { startsWith: filter.action } : filter.action;
  const rows = await prisma.auditEvent.findMany({
    where: {
      ...(filter.caseId ? { caseId: filter.caseId } : {}),
      ...(filter.accountId ? { accountId: filter.accountId } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(action ? { action } : {}),
      createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) },
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const actorIds = [...new Set(page.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const caseIds = [...new Set(page.map((r) => r.caseId).filter((id): id is string => id !== null))];
  const [operators, cases] = await Promise.all([
    prisma.operator.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } }),
    prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true } }),
  ]);
  const names = new Map(operators.map((o) => [o.id, o]));
  const numbers = new Map(cases.map((c) => [c.id, c.number]));
  const last = page.at(-1);
  return {
    events: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      actorType: row.actorType,
      actor: row.actorId ? (names.get(row.actorId) ?? { id: row.actorId, displayName: '' }) : null,
      action: row.action,
      caseId: row.caseId,
      caseNumber: row.caseId ? (numbers.get(row.caseId) ?? null) : null,
      accountId: row.accountId,
      before: parseJson(row.before),
      after: parseJson(row.after),
    })),
    next: rows.length > limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}
