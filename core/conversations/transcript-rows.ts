import { redactText } from '../text/redact.js';

export type TranscriptLine = { direction: 'IN' | 'OUT' | 'OPERATOR'; text: string; operatorId?: string | null };

/**
 * The rows for transcript lines written together: every line redacted again here, whatever the
 * caller did, and timestamps a millisecond apart so the lines keep their order.
 */
export function transcriptRows(conversationId: string, lines: TranscriptLine[], now = Date.now()) {
  return lines.map((line, i) => ({
    conversationId,
    direction: line.direction,
    text: redactText(line.text),
    operatorId: line.operatorId ?? null,
    createdAt: new Date(now + i),
  }));
}
