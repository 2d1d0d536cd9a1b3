import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import { findByCard } from '../../core/directory/find-by-card.js';
import { findByOrder } from '../../core/directory/find-by-order.js';
import { retrieveUnderLimits } from '../../core/attempts/retrieve-under-limits.js';
import type { LookupResult } from '../../core/directory/lookup-result.js';
import type { EvidenceItem } from '../../core/domain.js';
import { keyedHash } from '../../core/security/keyed-hash.js';
import type { EvidenceRequest } from '../cases/evidence-request.js';
import type { DeskDeps } from '../desk-deps.js';
import type { HeldCase } from './held-case.js';

/** A piece of the answer, as the bot read it from the shopper's message. */
export type EvidenceAnswer =
  | { step: 'orderNumber'; digits: string }
  | { step: 'cardDigits'; bin: string; last4: string }
  | { step: 'amount'; minor: number }
  | { step: 'date'; dates: string[] };

export type EvidenceProgress =
  | { kind: 'next'; step: 'amount' | 'date' }
  | { kind: 'checked' }
  | { kind: 'locked'; retryAfterMinutes: number }
  /** The directory did not answer: nothing was checked or counted; the question stays open. */
  | { kind: 'unavailable' }
  /** The question changed or ended meanwhile (the operator released the case, say). */
  | { kind: 'stale' };

type Deps = Pick<DeskDeps, 'prisma' | 'directory' | 'config' | 'now' | 'hub'>;

/**
 * Takes one answer to an operator's evidence question (desk/cases/request-evidence.ts): a card
 * payment moves on to its next step; a whole order number or card payment is looked up under the
 * same attempt limits as the bot's own retrieval and recorded as evidence of the case, matched
 * only if it points to the case's account. The shopper is not told the result; the operator is.
 */
export async function answerEvidenceRequest(deps: Deps, held: HeldCase, answer: EvidenceAnswer, clientKey: string | null): Promise<EvidenceProgress> {
  const row = await deps.prisma.case.findUnique({ where: { id: held.caseId }, select: { evidenceRequest: true, status: true } });
  const stored = row?.status === 'CLAIMED' ? row.evidenceRequest : null;
  const current = held.evidenceRequest;
  if (!stored || !current || current.step !== answer.step) return { kind: 'stale' };

  const next = nextStep(current, answer);
  if (next) {
    const moved = await deps.prisma.case.updateMany({ where: { id: held.caseId, evidenceRequest: stored }, data: { evidenceRequest: JSON.stringify(next) } });
    return moved.count === 1 ? { kind: 'next', step: next.step } : { kind: 'stale' };
  }

  const { targetKey, lookup, kind } = lookupFor(deps, current, answer);
  let found: LookupResult | null = null;
  const outcome = await retrieveUnderLimits(
    { prisma: deps.prisma, limits: deps.config.limits, now: deps.now, conversationId: held.conversationId, clientKey },
    targetKey,
    async () => {
      found = await lookup();
      return found;
    },
  );
  if (outcome.kind === 'unavailable') return { kind: 'unavailable' };
  // Kept whatever the outcome: a lookup that reached the failure limit still checked the piece.
  // (The cast: TypeScript cannot see the assignment inside the callback.)
  const result = found as LookupResult | null;
  const recorded = await recordCheck(deps, held, stored, kind, result);
  if (!recorded) return { kind: 'stale' };
  deps.hub.publish({ type: 'case', caseId: held.caseId, claimedById: held.claimedById, change: 'evidence' });
  return outcome.kind === 'locked' ? { kind: 'locked', retryAfterMinutes: outcome.retryAfterMinutes } : { kind: 'checked' };
}

/** A card payment is asked in steps: the digits and the amount are kept until the date completes it. */
function nextStep(current: EvidenceRequest, answer: EvidenceAnswer): Extract<EvidenceRequest, { step: 'amount' | 'date' }> | null {
  if (answer.step === 'cardDigits') return { step: 'amount', bin: answer.bin, last4: answer.last4 };
  if (answer.step === 'amount' && current.step === 'amount') return { step: 'date', bin: current.bin, last4: current.last4, amountMinor: answer.minor };
  return null;
}

function lookupFor(deps: Deps, current: EvidenceRequest, answer: EvidenceAnswer) {
  if (answer.step === 'date' && current.step === 'date') {
    const query = { bin: current.bin, last4: current.last4, amountMinor: current.amountMinor, dates: answer.dates };
    // The same target keys as the bot's own lookups, so the limits per card and order number count both.
    return { kind: 'CARD', targetKey: keyedHash(deps.config.secret, 'card', `${query.bin}:${query.last4}`), lookup: () => findByCard(deps.directory, query) };
  }
  const digits = answer.step === 'orderNumber' ? answer.digits : '';
  return { kind: 'ORDER_NUMBER', targetKey: keyedHash(deps.config.secret, 'order', digits), lookup: () => findByOrder(deps.directory, digits) };
}

/**
 * Pieces count for this case only as a match on its account. A case without an account yet
 * takes the account a whole match points to: the operator has identified it.
 */
function againstCase(evidence: EvidenceItem[], accountId: string | null): EvidenceItem[] {
  return evidence.map((e) => (e.matched === true && e.accountId === accountId ? e : { ...e, matched: e.matched === null ? null : false, accountId: null }));
}

async function recordCheck(deps: Deps, held: HeldCase, stored: string, kind: string, result: LookupResult | null): Promise<boolean> {
  return runTransaction(deps.prisma, async (tx) => {
    const cleared = await tx.case.updateMany({ where: { id: held.caseId, status: 'CLAIMED', evidenceRequest: stored }, data: { evidenceRequest: null } });
    if (cleared.count === 0) return false;
    const current = await tx.case.findUniqueOrThrow({ where: { id: held.caseId }, select: { accountId: true } });
    const identified = current.accountId === null && result?.account ? result.account.ref : null;
    const accountId = current.accountId ?? identified;
    const pieces = result ? againstCase(result.evidence, accountId) : [];
    if (identified) {
      await tx.case.update({ where: { id: held.caseId }, data: { accountId: identified } });
      await recordAudit(tx, { actorType: 'BOT', action: 'case.account_identified', caseId: held.caseId, accountId: identified, after: { accountId: identified } });
    }
    if (pieces.length > 0) {
      // A piece checked again replaces its earlier result, so the checklist shows each once.
      await tx.evidence.deleteMany({ where: { caseId: held.caseId, OR: pieces.map((p) => ({ kind: p.kind, display: p.display })) } });
      await tx.evidence.createMany({
        data: pieces.map((p) => ({ caseId: held.caseId, kind: p.kind, display: p.display, matched: p.matched, accountId: p.accountId ?? null })),
      });
    }
    await recordAudit(tx, {
      actorType: 'BOT',
      action: 'case.evidence_checked',
      caseId: held.caseId,
      accountId,
      after: { kind, matched: pieces.length > 0 && pieces.every((p) => p.matched === true), pieces: pieces.map((p) => ({ kind: p.kind, display: p.display, matched: p.matched })) },
    });
    return true;
  });
}
