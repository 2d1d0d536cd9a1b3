import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTexts } from './i18n.js';

// Short messages in a corner of the console: a new case, a failed action, "saved". One
// aria-live region, so a screen reader says them too.

export type Notice = { id: number; tone: 'info' | 'error' | 'success'; text: string };
type Notices = { notify(tone: Notice['tone'], text: string): void };

const NoticesContext = createContext<Notices>({ notify: () => undefined });

const SHOWN_MS = 8000;

export function NoticesProvider({ children }: { children: ReactNode }) {
  const { t } = useTexts();
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  const notify = useCallback(
    (tone: Notice['tone'], text: string) => {
      const id = next.current++;
      setNotices((list) => [...list.slice(-4), { id, tone, text }]);
      window.setTimeout(() => dismiss(id), SHOWN_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ notify }), [notify]);
  return (
    <NoticesContext.Provider value={value}>
      {children}
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice--${n.tone}`}>
            <span>{n.text}</span>
            <button type="button" className="notice__close" aria-label={t('app.close')} onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticesContext.Provider>
  );
}

export function useNotify(): Notices['notify'] {
  return useContext(NoticesContext).notify;
}
