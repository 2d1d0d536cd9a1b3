import type { DbClient } from '../db/client.js';
import { redactText } from '../text/redact.js';

export type TranscriptLine = { direction: 'IN' | 'OUT' | 'OPERATOR'; text: string };

export type TurnRecord = {
  conversationId: string;
  locale: string;
  snapshot: string;
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
  const now = Date.now();
  await prisma.$transaction([
    prisma.conversation.update({
      where: { id: turn.conversationId },
      data: {
        locale: turn.locale,
        snapshot: turn.snapshot,
        machineVersion: turn.machineVersion,
        ...(turn.reference ? { reference: turn.reference } : {}),
      },
    }),
    prisma.transcriptEntry.createMany({
      data: turn.transcript.map((line, i) => ({
        conversationId: turn.conversationId,
        direction: line.direction,
        text: redactText(line.text),
        // Lines of one turn share a timestamp otherwise; keep their order.
        createdAt: new Date(now + i),
      })),
    }),
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
