/** What changed in the queue; the console refreshes the list or shows a notification. */
export type QueueEvent = {
  type: 'queue';
  change: 'opened' | 'claimed' | 'released' | 'reassigned' | 'closed';
  caseId: string;
  caseNumber: number;
  caseType: string;
  locale: string;
  /** Who holds the case after the change, if anyone: that operator gets the case's own events. */
  claimedById: string | null;
};

/** A new line in a held case's transcript: the shopper's message or the bot's answer to it. */
export type MessageEvent = {
  type: 'message';
  caseId: string;
  claimedById: string | null;
  line: { direction: string; text: string; createdAt: string };
};

/** Something on a held case changed (evidence checked, email change moved on): the console reloads the case. */
export type CaseEvent = {
  type: 'case';
  caseId: string;
  claimedById: string | null;
  change: 'evidence' | 'emailChange' | 'status';
};

export type DeskEvent = QueueEvent | MessageEvent | CaseEvent;
export type DeskListener = (event: DeskEvent) => void;

/**
 * The desk's in-process event bus: services publish domain events, each open event stream
 * (desk/api/routes/events-route.ts) decides what its operator may see. One process only; several
 * instances would put a shared channel (PostgreSQL LISTEN/NOTIFY, Redis) behind the same interface.
 */
export class DeskHub {
  private readonly listeners = new Set<DeskListener>();

  subscribe(listener: DeskListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: DeskEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken stream must not keep the event from the others, nor fail the action that published it.
      }
    }
  }

  /** Open subscriptions, for tests and shutdown. */
  get size(): number {
    return this.listeners.size;
  }
}
