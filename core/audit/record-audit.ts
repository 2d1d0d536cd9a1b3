import type { DbTransaction as DbClient } from '../db/client.js';

export type AuditInput = {
  actorType: 'BOT' | 'OPERATOR' | 'SYSTEM';
  actorId?: string | null;
  action: string;
  caseId?: string | null;
  accountId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Appends one event to the audit log. The log is only ever inserted into. */
export async function recordAudit(prisma: DbClient, event: AuditInput): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      actorType: event.actorType,
      actorId: event.actorId ?? null,
      action: event.action,
      caseId: event.caseId ?? null,
      accountId: event.accountId ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
    },
  });
}
