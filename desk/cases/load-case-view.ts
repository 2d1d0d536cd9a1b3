import type { DbClient } from '../../core/db/client.js';
import type { Directory } from '../../core/directory/directory.js';
import { CASE_NOT_FOUND, succeed, type DeskResult } from '../desk-result.js';
import { toEmailChangeView } from '../email-change/email-change-view.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import { toAccountView } from './account-view.js';
import { findVisibleCase } from './case-access.js';
import { toCaseHeader } from './case-header.js';
import { parseEvidenceRequest } from './evidence-request.js';
import { accountProven, hasTwoIndependentMatches, isBound } from './evidence-rules.js';
import type { CaseView } from '../api/contract.js';

const TRANSCRIPT_LINES = 500;

/** Everything the case page shows (SPEC §6), for an operator who may see the case. */
export async function loadCaseView(deps: { prisma: DbClient; directory: Directory }, operator: DeskOperator, caseId: string): Promise<DeskResult<CaseView>> {
  const { prisma, directory } = deps;
  const row = await findVisibleCase(prisma, operator, caseId);
  if (!row) return CASE_NOT_FOUND;
  const [evidence, found, emailChanges, lines, holder] = await Promise.all([
    prisma.evidence.findMany({ where: { caseId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    row.accountId ? directory.getAccount(row.accountId) : null,
    prisma.emailChangeRequest.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }),
    prisma.transcriptEntry.findMany({ where: { conversationId: row.conversationId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: TRANSCRIPT_LINES }),
    row.claimedById ? prisma.operator.findUnique({ where: { id: row.claimedById }, select: { id: true, displayName: true } }) : null,
  ]);
  const writerIds = [...new Set(lines.map((l) => l.operatorId).filter((id): id is string => id !== null))];
  const writers = new Map(
    (await prisma.operator.findMany({ where: { id: { in: writerIds } }, select: { id: true, displayName: true } })).map((o) => [o.id, o]),
  );
  const proven = accountProven(evidence, row.accountId);
  const account = found?.kind === 'found' ? found.account : null;

  return succeed({
    ...toCaseHeader(row),
    resolution: row.resolution,
    claimedBy: holder,
    requestedEmail: row.requestedEmail,
    blockStatus: row.blockStatus,
    evidence: evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      display: e.display,
      matched: e.matched,
      matchesAccount: isBound(e, row.accountId),
      createdAt: e.createdAt.toISOString(),
    })),
    accountProven: proven,
    twoIndependentMatches: hasTwoIndependentMatches(evidence, row.accountId),
    account: account ? toAccountView(account, proven) : null,
    accountUnavailable: found?.kind === 'unavailable',
    evidenceRequest: parseEvidenceRequest(row.evidenceRequest)?.step ?? null,
    emailChanges: emailChanges.map(toEmailChangeView),
    transcript: lines.reverse().map((l) => ({
      id: l.id,
      direction: l.direction,
      text: l.text,
      createdAt: l.createdAt.toISOString(),
      operator: l.operatorId ? (writers.get(l.operatorId) ?? { id: l.operatorId, displayName: '' }) : null,
    })),
  });
}
