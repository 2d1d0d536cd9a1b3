import type { DbClient } from '../db/client.js';
import { transcriptRows, type TranscriptLine } from './transcript-rows.js';

/** Adds lines said outside a turn (the desk's messages) to a conversation's transcript. */
export async function appendTranscript(prisma: DbClient, conversationId: string, lines: TranscriptLine[]): Promise<void> {
  if (lines.length === 0) return;
  await prisma.transcriptEntry.createMany({ data: transcriptRows(conversationId, lines) });
}
