import type { DbClient } from '../db/client.js';

const DAY = 86_400_000;

export type PurgeResult = {
  transcriptLines: number;
  replayRecords: number;
  attempts: number;
  evidence: number;
  letters: number;
  codes: number;
  conversations: number;
  cases: number;
};

/**
 * Deletes what the retention period no longer allows to keep (SPEC §8): transcript
 * lines, replay records, retrieval attempts, letters and code challenges past it, and
 * the evidence and requested address of cases closed before it, the flow snapshots of
 * conversations quiet since. Cases and the audit log stay, without the personal details.
 */
export async function purgeExpired(prisma: DbClient, retentionDays: number, now: Date): Promise<PurgeResult> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY);
  const [transcript, processed, attempts, evidence, letters, codes, conversations, cases] = await prisma.$transaction([
    prisma.transcriptEntry.deleteMany({ where: { createdAt: { lt: cutoff } } }),
    prisma.processedActivity.deleteMany({ where: { createdAt: { lt: cutoff } } }),
    prisma.retrievalAttempt.deleteMany({ where: { createdAt: { lt: cutoff } } }),
    prisma.evidence.deleteMany({ where: { case: { closedAt: { lt: cutoff } } } }),
    // Letters hold addresses and sealed codes; code challenges their hashes.
    prisma.outboxMessage.deleteMany({ where: { createdAt: { lt: cutoff } } }),
    prisma.verificationCode.deleteMany({ where: { createdAt: { lt: cutoff } } }),
    // A quiet conversation's flow snapshot (masked evidence, a typed address) and reference go;
    // the row stays for its cases. A returning shopper simply starts over.
    prisma.conversation.updateMany({
      where: { updatedAt: { lt: cutoff }, OR: [{ snapshot: { not: null } }, { reference: { not: null } }] },
      data: { snapshot: null, reference: null },
    }),
    prisma.case.updateMany({ where: { closedAt: { lt: cutoff }, requestedEmail: { not: null } }, data: { requestedEmail: null } }),
  ]);
  return {
    transcriptLines: transcript.count,
    replayRecords: processed.count,
    attempts: attempts.count,
    evidence: evidence.count,
    letters: letters.count,
    codes: codes.count,
    conversations: conversations.count,
    cases: cases.count,
  };
}
