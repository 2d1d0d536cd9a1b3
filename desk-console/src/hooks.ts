import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> = { data: T | null; error: unknown; loading: boolean; reload(): void };

/**
 * Loads with `load` now and on every reload(); a slower earlier answer never overwrites a
 * newer one. `key` changes start over.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    loader.current().then(
      (data) => {
        if (mine === generation.current) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
  }, []);
  useEffect(() => {
    setState({ data: null, error: null, loading: true });
    reload();
  }, [key, reload]);
  return { ...state, reload };
}

/** Re-renders every `ms`, for waiting times that grow while the page is open. */
export function useTick(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * Runs one action at a time: while it runs, `busy` is its name, so the buttons are disabled and
 * a double click sends one request.
 */
export function useAction(): { busy: string | null; run(name: string, action: () => Promise<void>): Promise<void> } {
  const [busy, setBusy] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (name: string, action: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(name);
    try {
      await action();
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);
  return { busy, run };
}
