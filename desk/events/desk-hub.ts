import { NOTIFY_PAYLOAD_LIMIT, type DbNotifications } from '../../core/db/notifications.js';
import type { CaseEvent, DeskEvent, MessageEvent, QueueEvent } from '../api/contract.js';

export type { CaseEvent, DeskEvent, MessageEvent, QueueEvent };
export type DeskListener = (event: DeskEvent) => void;

/** The PostgreSQL NOTIFY channel the instances share desk events on. */
export const DESK_EVENTS_CHANNEL = 'recovery_desk_events';

/**
 * An event as JSON small enough for a NOTIFY. Only a message line can be long (a shopper's
 * message, MAX_MESSAGE_LENGTH characters): its text is shortened to fit, ending in "…"; the
 * console shows the whole line when it loads the case.
 */
export function encodeDeskEvent(event: DeskEvent): string | null {
  let json = JSON.stringify(event);
  if (event.type !== 'message') return Buffer.byteLength(json) <= NOTIFY_PAYLOAD_LIMIT ? json : null;
  let text = event.line.text;
  while (Buffer.byteLength(json) > NOTIFY_PAYLOAD_LIMIT) {
    if (text.length === 0) return null;
    const keep = Math.floor((text.length * NOTIFY_PAYLOAD_LIMIT) / Buffer.byteLength(json)) - 8;
    text = Array.from(text.slice(0, Math.max(0, keep))).slice(0, -1).join('');
    json = JSON.stringify({ ...event, line: { ...event.line, text: `${text}…` } });
  }
  return json;
}

function decodeDeskEvent(payload: string): DeskEvent | null {
  try {
    const event = JSON.parse(payload) as Partial<DeskEvent> | null;
    const known = event?.type === 'queue' || event?.type === 'message' || event?.type === 'case';
    return known && typeof event.caseId === 'string' ? (event as DeskEvent) : null;
  } catch {
    return null;
  }
}

/**
 * The desk's event bus: services publish domain events, each open event stream
 * (desk/api/routes/events-route.ts) decides what its operator may see. Subscribers of this process
 * hear an event at once; with `shared` (PostgreSQL LISTEN/NOTIFY between the instances on one
 * database) it also goes to the other instances, and their events come in here.
 */
export class DeskHub {
  private readonly listeners = new Set<DeskListener>();
  private readonly resyncListeners = new Set<() => void>();

  constructor(private readonly shared: DbNotifications | null = null) {
    shared?.subscribe(DESK_EVENTS_CHANNEL, (payload) => {
      const event = decodeDeskEvent(payload);
      if (event) this.deliver(event);
    });
    // Events of the other instances may have been missed while the listener was away.
    shared?.onResume(() => {
      for (const listener of [...this.resyncListeners]) {
        try {
          listener();
        } catch {
          // As for events: one broken stream must not keep the others from catching up.
        }
      }
    });
  }

  /** Calls `listener` when events may have been missed (the shared channel reconnected): reload everything. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  subscribe(listener: DeskListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: DeskEvent): void {
    this.deliver(event);
    if (!this.shared) return;
    const payload = encodeDeskEvent(event);
    if (payload !== null) this.shared.send(DESK_EVENTS_CHANNEL, payload);
  }

  /** Open subscriptions, for tests and shutdown. */
  get size(): number {
    return this.listeners.size;
  }

  private deliver(event: DeskEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken stream must not keep the event from the others, nor fail the action that published it.
      }
    }
  }
}
