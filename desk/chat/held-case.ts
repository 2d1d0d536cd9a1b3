import type { DbClient } from '../../core/db/client.js';
import { parseEvidenceRequest, type EvidenceRequest } from '../cases/evidence-request.js';

/** A conversation whose case an operator holds: the bot stays silent and relays (SPEC §6). */
export type HeldCase = {
  caseId: string;
  caseNumber: number;
  conversationId: string;
  claimedById: string | null;
  accountId: string | null;
  /** An operator's email change waits for the code the shopper was sent. */
  awaitingCode: boolean;
  /** An operator's question the bot reads the answers to. */
  evidenceRequest: EvidenceRequest | null;
};

/** The held case of a conversation, if any; one indexed query per turn when there is none. */
export async function findHeldCaseOf(prisma: DbClient, conversationId: string): Promise<HeldCase | null> {
  const row = await prisma.case.findFirst({ where: { conversationId, status: 'CLAIMED' }, orderBy: { createdAt: 'desc' } });
  if (!row) return null;
  const pending = await prisma.emailChangeRequest.count({ where: { caseId: row.id, state: 'PENDING_CODE' } });
  return {
    caseId: row.id,
    caseNumber: row.number,
    conversationId,
    claimedById: row.claimedById,
    accountId: row.accountId,
    awaitingCode: pending > 0,
    evidenceRequest: parseEvidenceRequest(row.evidenceRequest),
  };
}
