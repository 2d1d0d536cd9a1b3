import { useEffect, useRef, useState } from 'react';
import { DeskApiError, get, post, query } from '../api.js';
import { errorText } from '../errors.js';
import { useStreamEvents } from '../events.js';
import { useAction, useLoad, useTick } from '../hooks.js';
import { formatWaiting, useTexts } from '../i18n.js';
import { useNotify } from '../notices.js';
import { navigate } from '../router.js';
import { CASE_TYPES, LANGUAGES, type Me, type QueueItem } from '../types.js';
import { EvidenceMark } from '../parts/EvidenceMark.js';
import { FilterSelect } from '../parts/FilterSelect.js';

/** Desktop notifications, when the operator allowed them; the in-page notice shows either way. */
function desktopNotify(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.visibilityState === 'visible') return;
  try {
    new Notification(title, { body, tag: 'recovery-desk-queue' });
  } catch {
    // Some browsers allow notifications only from a service worker; the in-page notice remains.
  }
}

export function QueuePage({ me }: { me: Me }) {
  const { t } = useTexts();
  const notify = useNotify();
  const [type, setType] = useState('');
  const [language, setLanguage] = useState('');
  const queue = useLoad(() => get<{ cases: QueueItem[] }>(`/queue${query({ type, language })}`), `${type}|${language}`);
  const loadedAt = useRef(Date.now());
  useEffect(() => {
    if (!queue.loading) loadedAt.current = Date.now();
  }, [queue.loading, queue.data]);
  const now = useTick(30_000);
  const { busy, run } = useAction();
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'denied' : Notification.permission));

  useStreamEvents((event) => {
    if (event.type === 'ready') queue.reload();
    if (event.type !== 'queue') return;
    queue.reload();
    if (event.change === 'opened') {
      const text = t('queue.newCase', { number: event.caseNumber, type: t(`caseTypes.${event.caseType}`), language: t(`languages.${event.locale}`) });
      notify('info', text);
      desktopNotify(t('app.title'), text);
    }
  });

  const claim = (item: QueueItem) =>
    run(item.id, async () => {
      try {
        await post(`/cases/${item.id}/claim`);
        navigate(`/desk/cases/${item.id}`);
      } catch (error) {
        if (error instanceof DeskApiError && error.code === 'AlreadyClaimed') notify('error', t('queue.alreadyClaimed', { number: item.number }));
        else if (error instanceof DeskApiError && error.code === 'AlreadyYours') navigate(`/desk/cases/${item.id}`);
        else notify('error', errorText(t, error));
        queue.reload();
      }
    });

  const languages = me.operator.role === 'SUPERVISOR' ? [...LANGUAGES] : LANGUAGES.filter((l) => me.operator.languages.includes(l));
  const items = queue.data?.cases ?? [];

  return (
    <section aria-labelledby="queue-title">
      <div className="page__head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <div className="filters">
          <FilterSelect
            label={t('queue.type')}
            value={type}
            onChange={setType}
            testId="queue-type"
            options={[{ value: '', label: t('queue.allTypes') }, ...CASE_TYPES.map((code) => ({ value: code, label: t(`caseTypes.${code}`) }))]}
          />
          <FilterSelect
            label={t('queue.language')}
            value={language}
            onChange={setLanguage}
            testId="queue-language"
            options={[{ value: '', label: t('queue.allLanguages') }, ...languages.map((code) => ({ value: code, label: t(`languages.${code}`) }))]}
          />
          {permission === 'default' ? (
            <button type="button" className="button button--quiet" onClick={() => void Notification.requestPermission().then(setPermission)}>
              {t('queue.enableNotifications')}
            </button>
          ) : null}
        </div>
      </div>
      {queue.error ? <p className="problem">{errorText(t, queue.error)}</p> : null}
      {!queue.loading && items.length === 0 && !queue.error ? <p className="empty">{t('queue.empty')}</p> : null}
      {items.length > 0 ? (
        <table className="table" data-testid="queue">
          <thead>
            <tr>
              <th>{t('case.number')}</th>
              <th>{t('queue.type')}</th>
              <th>{t('queue.language')}</th>
              <th>{t('queue.waiting')}</th>
              <th>{t('queue.evidence')}</th>
              <th>
                <span className="visually-hidden">{t('queue.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid="queue-row" data-case-number={item.number}>
                <td className="num">#{item.number}</td>
                <td>{t(`caseTypes.${item.type}`)}</td>
                <td>{t(`languages.${item.locale}`)}</td>
                <td>{formatWaiting(t, item.waitingSeconds + Math.max(0, (now - loadedAt.current) / 1000))}</td>
                <td>
                  <span className="evidence-count">{t('queue.matched', { matched: item.evidenceMatched, count: item.evidenceTotal })}</span>
                  <ul className="chips">
                    {item.evidence.map((piece, index) => (
                      <li key={index} className="chip">
                        <EvidenceMark matched={piece.matched} /> {t(`evidenceKinds.${piece.kind}`)}: {piece.display}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  <button type="button" className="button" disabled={busy !== null} onClick={() => void claim(item)}>
                    {busy === item.id ? t('queue.claiming') : t('queue.claim')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
