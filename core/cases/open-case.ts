import type { AccountStatus, CaseType, EvidenceItem, Locale } from '../domain.js';
import type { DbClient, DbTransaction } from '../db/client.js';
import { recordAudit } from '../audit/record-audit.js';
import { queuePosition } from './queue-position.js';

export type OpenCaseRequest = {
  conversationId: string;
  type: CaseType;
  locale: Locale;
  evidence: EvidenceItem[];
  accountId: string | null;
  blockStatus: AccountStatus | null;
  requestedEmail?: string | null;
};

export type OpenedCase = { caseId: string; caseNumber: number; position: number; reused: boolean };

const OPEN_STATUSES = ['WAITING', 'CLAIMED'];
const MAX_NUMBER_RETRIES = 5;

/**
 * Opens a desk case for a conversation, or returns the one already open there so a
 * repeated "operator" does not queue the shopper twice; new evidence is added to it.
 */
export async function openCase(prisma: DbClient, request: OpenCaseRequest): Promise<OpenedCase> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const existing = await tx.case.findFirst({
          where: { conversationId: request.conversationId, status: { in: OPEN_STATUSES } },
        });
        const target = existing ? await refreshCase(tx, existing, request) : await createCase(tx, request);
        await addNewEvidence(tx, target.id, request.evidence);
        if (!existing) {
          await recordAudit(tx, {
            actorType: 'BOT',
            action: 'case.opened',
            caseId: target.id,
            accountId: request.accountId,
            after: { type: request.type, number: target.number, locale: request.locale },
          });
        }
        const position = target.status === 'WAITING' ? await queuePosition(tx, target.createdAt, target.number) : 0;
        return { caseId: target.id, caseNumber: target.number, position, reused: existing !== null };
      });
    } catch (error) {
      // Two conversations taking the next case number at once: the loser retries.
      if (attempt < MAX_NUMBER_RETRIES && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

type CaseRow = Awaited<ReturnType<DbTransaction['case']['create']>>;

/**
 * The shopper asked again with more to say (a proven account, a new address, a more precise
 * request): the open case takes it, so the desk sees what the shopper asked for last.
 */
async function refreshCase(tx: DbTransaction, existing: CaseRow, request: OpenCaseRequest): Promise<CaseRow> {
  const changes = {
    ...(request.type !== 'GENERAL' && request.type !== existing.type ? { type: request.type } : {}),
    ...(request.accountId && request.accountId !== existing.accountId ? { accountId: request.accountId } : {}),
    ...(request.requestedEmail && request.requestedEmail !== existing.requestedEmail ? { requestedEmail: request.requestedEmail } : {}),
    ...(request.blockStatus && request.blockStatus !== existing.blockStatus ? { blockStatus: request.blockStatus } : {}),
  };
  if (Object.keys(changes).length === 0) return existing;
  const updated = await tx.case.update({ where: { id: existing.id }, data: changes });
  await recordAudit(tx, {
    actorType: 'BOT',
    action: 'case.updated',
    caseId: existing.id,
    accountId: updated.accountId,
    before: Object.fromEntries(Object.keys(changes).map((k) => [k, existing[k as keyof typeof changes] ?? null])),
    after: changes,
  });
  return updated;
}

async function createCase(tx: DbTransaction, request: OpenCaseRequest) {
  const last = await tx.case.findFirst({ orderBy: { number: 'desc' }, select: { number: true } });
  return tx.case.create({
    data: {
      number: (last?.number ?? 1000) + 1,
      type: request.type,
      locale: request.locale,
      conversationId: request.conversationId,
      accountId: request.accountId,
      blockStatus: request.blockStatus,
      requestedEmail: request.requestedEmail ?? null,
    },
  });
}

async function addNewEvidence(tx: DbTransaction, caseId: string, evidence: EvidenceItem[]) {
  if (evidence.length === 0) return;
  const known = await tx.evidence.findMany({ where: { caseId }, select: { kind: true, display: true } });
  const seen = new Set(known.map((e) => `${e.kind}:${e.display}`));
  const fresh = evidence.filter((e) => !seen.has(`${e.kind}:${e.display}`));
  if (fresh.length === 0) return;
  await tx.evidence.createMany({
    data: fresh.map((e) => ({ caseId, kind: e.kind, display: e.display, matched: e.matched, accountId: e.accountId ?? null })),
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'P2002';
}
