import { useEffect, useRef, useState } from 'react';
import type { DeskEvent } from './types.js';

// One Server-Sent Events stream per signed-in console (/desk/api/events). Pages subscribe to
// what it brings; 'ready' (the first event of each connection, reconnections included) tells
// them to reload, so nothing said while the stream was down is missed.

export type StreamEvent = DeskEvent | { type: 'ready' } | { type: 'signedOut' };
type Listener = (event: StreamEvent) => void;

const listeners = new Set<Listener>();

function emit(event: StreamEvent): void {
  for (const listener of [...listeners]) listener(event);
}

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** Opens the stream while mounted; `watchCaseId` also follows a case the operator does not hold. */
export function useEventStream(enabled: boolean, watchCaseId: string | null, onClosed: () => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  // A stream the browser gave up on (a 401, a 404, a proxy's 502) is opened again by bumping this.
  const [attempt, setAttempt] = useState(0);
  const failures = useRef(0);
  const closed = useRef(onClosed);
  closed.current = onClosed;
  useEffect(() => {
    if (!enabled) return;
    let retry: number | undefined;
    const source = new EventSource(`/desk/api/events${watchCaseId ? `?case=${encodeURIComponent(watchCaseId)}` : ''}`, { withCredentials: true });
    const parse = (name: StreamEvent['type']) => (message: MessageEvent<string>) => {
      try {
        const data = JSON.parse(message.data) as Record<string, unknown>;
        emit({ ...data, type: name } as StreamEvent);
      } catch {
        // A broken event is dropped; the next reload shows the truth.
      }
    };
    source.addEventListener('ready', (message) => {
      failures.current = 0;
      setState('live');
      parse('ready')(message);
    });
    for (const name of ['queue', 'message', 'case'] as const) source.addEventListener(name, parse(name));
    source.addEventListener('signedOut', () => {
      source.close();
      emit({ type: 'signedOut' });
    });
    // EventSource reconnects by itself after a network error; until 'ready' comes again we say so.
    // An HTTP error closes it for good: then ask why (a 401 signs the console out) and open a new one.
    source.onerror = () => {
      setState('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return;
      closed.current();
      const delay = Math.min(30_000, 2000 * 2 ** Math.min(failures.current++, 4));
      retry = window.setTimeout(() => setAttempt((n) => n + 1), delay);
    };
    return () => {
      window.clearTimeout(retry);
      source.close();
    };
  }, [enabled, watchCaseId, attempt]);
  return state;
}

/** Calls `handler` for every event of the stream while the component is mounted. */
export function useStreamEvents(handler: Listener): void {
  const current = useRef(handler);
  current.current = handler;
  useEffect(() => {
    const listener: Listener = (event) => current.current(event);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
