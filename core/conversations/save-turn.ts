import type { DbClient } from '../db/client.js';
import { transcriptRows, type TranscriptLine } from './transcript-rows.js';

export type { TranscriptLine };

export type TurnRecord = {
  conversationId: string;
  locale: string;
  /** Null keeps the stored snapshot: a turn relayed to an operator does not move the flow. */
  snapshot: string | null;
  machineVersion: number;
  reference: string | null;
  transcript: TranscriptLine[];
  /** The incoming activity's id and the replies sent, so a replay is answered the same. */
  processed: { activityId: string; replies: unknown[] } | null;
};

/**
 * Persists one turn atomically: the flow snapshot, the redacted transcript lines
 * and the replay record. Every line is redacted again here, whatever the caller did.
 */
export async function saveTurn(prisma: DbClient, turn: TurnRecord): Promise<void> {
  await prisma.$transaction([
    prisma.conversation.update({
      where: { id: turn.conversationId },
      data: {
        locale: turn.locale,
        ...(turn.snapshot !== null ? { snapshot: turn.snapshot, machineVersion: turn.machineVersion } : {}),
        ...(turn.reference ? { reference: turn.reference } : {}),
      },
    }),
    prisma.transcriptEntry.createMany({ data: transcriptRows(turn.conversationId, turn.transcript) }),
    ...(turn.processed
      ? [
          prisma.processedActivity.create({
            data: {
              conversationId: turn.conversationId,
              activityId: turn.processed.activityId,
              replies: JSON.stringify(turn.processed.replies),
            },
          }),
        ]
      : []),
  ]);
}
