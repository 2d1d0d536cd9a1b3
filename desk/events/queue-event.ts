import type { QueueEvent } from './desk-hub.js';

type CaseFacts = { id: string; number: number; type: string; locale: string; claimedById: string | null };

/** The queue event for a case after a change. */
export function queueEvent(change: QueueEvent['change'], row: CaseFacts): QueueEvent {
  return { type: 'queue', change, caseId: row.id, caseNumber: row.number, caseType: row.type, locale: row.locale, claimedById: row.claimedById };
}
