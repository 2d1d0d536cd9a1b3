import { useCallback, useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { DeskApiError, del, get, setCsrfToken, setSignedOutHandler } from './api.js';
import { errorText } from './errors.js';
import { useEventStream, useStreamEvents } from './events.js';
import { i18n, useTexts } from './i18n.js';
import { NoticesProvider, useNotify } from './notices.js';
import { navigate, parseRoute, useLocation } from './router.js';
import type { Me } from './types.js';
import { Link } from './parts/Link.js';
import { LanguagePicker } from './parts/LanguagePicker.js';
import { SignIn } from './pages/SignIn.js';
import { QueuePage } from './pages/QueuePage.js';
import { CasesPage } from './pages/CasesPage.js';
import { CasePage } from './pages/CasePage.js';
import { ApprovalsPage } from './pages/ApprovalsPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { OperatorsPage } from './pages/OperatorsPage.js';

type Session = { state: 'loading' } | { state: 'signedOut'; reason: 'none' | 'ended' } | { state: 'signedIn'; me: Me };

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <Console />
    </I18nextProvider>
  );
}

function Console() {
  const { language, t } = useTexts();
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('app.title');
  }, [language, t]);

  const [session, setSession] = useState<Session>({ state: 'loading' });
  const signedIn = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setSession({ state: 'signedIn', me });
  }, []);
  const [loadError, setLoadError] = useState<unknown>(null);

  const sessionEnded = useCallback(() => {
    setCsrfToken('');
    setSession((current) => (current.state === 'signedIn' ? { state: 'signedOut', reason: 'ended' } : current));
  }, []);

  useEffect(() => {
    setSignedOutHandler(sessionEnded);
    get<Me>('/me').then(signedIn, (error: unknown) => {
      if (error instanceof DeskApiError && error.status === 401) setSession({ state: 'signedOut', reason: 'none' });
      else setLoadError(error);
    });
    return () => setSignedOutHandler(null);
  }, [signedIn, sessionEnded]);

  return (
    <NoticesProvider>
      {session.state === 'loading' ? (
        <p className="loading">{loadError ? errorText(t, loadError) : t('app.loading')}</p>
      ) : session.state === 'signedOut' ? (
        <SignIn onSignedIn={signedIn} ended={session.reason === 'ended'} />
      ) : (
        <Shell me={session.me} onSignedOut={() => setSession({ state: 'signedOut', reason: 'none' })} onSessionEnded={sessionEnded} />
      )}
    </NoticesProvider>
  );
}

function Shell({ me, onSignedOut, onSessionEnded }: { me: Me; onSignedOut(): void; onSessionEnded(): void }) {
  const { t } = useTexts();
  const notify = useNotify();
  const path = useLocation();
  const route = parseRoute(path);
  const supervisor = me.operator.role === 'SUPERVISOR';
  // A supervisor opening a case they do not hold follows it too.
  // When the stream is refused, /me tells why: a 401 there ends the session in the console too.
  const stream = useEventStream(true, route.page === 'case' && supervisor ? route.id : null, () => void get('/me').catch(() => undefined));
  const [signingOut, setSigningOut] = useState(false);

  useStreamEvents((event) => {
    if (event.type === 'signedOut') onSessionEnded();
  });

  const signOut = async () => {
    setSigningOut(true);
    try {
      await del('/session');
    } catch (error) {
      // Already gone on the server is as good as signed out.
      if (!(error instanceof DeskApiError && error.status === 401)) {
        notify('error', errorText(t, error));
        setSigningOut(false);
        return;
      }
    }
    setCsrfToken('');
    navigate('/desk');
    onSignedOut();
  };

  const tabs: { href: string; label: string; active: boolean }[] = [
    { href: '/desk', label: t('nav.queue'), active: route.page === 'queue' },
    { href: '/desk/cases', label: supervisor ? t('nav.allCases') : t('nav.myCases'), active: route.page === 'cases' || route.page === 'case' },
  ];
  if (supervisor) {
    tabs.push(
      { href: '/desk/approvals', label: t('nav.approvals'), active: route.page === 'approvals' },
      { href: '/desk/audit', label: t('nav.audit'), active: route.page === 'audit' },
      { href: '/desk/operators', label: t('nav.operators'), active: route.page === 'operators' },
    );
  }

  return (
    <div className="shell">
      <header className="topbar">
        <span className="topbar__brand">{t('app.title')}</span>
        <nav className="topbar__nav" aria-label={t('nav.label')}>
          {tabs.map((tab) => (
            <Link key={tab.href} href={tab.href} className={tab.active ? 'tab tab--active' : 'tab'} aria-current={tab.active ? 'page' : undefined}>
              {tab.label}
            </Link>
          ))}
          {me.devOutbox ? (
            <a className="tab" href="/dev/outbox" target="_blank" rel="noopener noreferrer">
              {t('nav.outbox')}
            </a>
          ) : null}
        </nav>
        <span className={`stream stream--${stream}`} data-testid="stream-state">
          {t(`stream.${stream}`)}
        </span>
        <LanguagePicker />
        <span className="topbar__who" data-testid="operator-name">
          {me.operator.displayName} · {t(`roles.${me.operator.role}`)}
        </span>
        <button type="button" className="button button--quiet" onClick={() => void signOut()} disabled={signingOut}>
          {t('nav.signOut')}
        </button>
      </header>
      <main className="page">
        {route.page === 'queue' ? <QueuePage me={me} /> : null}
        {route.page === 'cases' ? <CasesPage me={me} /> : null}
        {route.page === 'case' ? <CasePage key={route.id} me={me} caseId={route.id} /> : null}
        {route.page === 'approvals' && supervisor ? <ApprovalsPage /> : null}
        {route.page === 'audit' && supervisor ? <AuditPage /> : null}
        {route.page === 'operators' && supervisor ? <OperatorsPage me={me} /> : null}
        {route.page === 'notFound' || (!supervisor && ['approvals', 'audit', 'operators'].includes(route.page)) ? (
          <p className="empty">{t('app.notFound')}</p>
        ) : null}
      </main>
    </div>
  );
}
