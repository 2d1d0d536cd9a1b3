import { useState, type FormEvent } from 'react';
import { get, query } from '../api.js';
import { errorText } from '../errors.js';
import { useAction, useLoad } from '../hooks.js';
import { formatDateTime, useTexts } from '../i18n.js';
import { useNotify } from '../notices.js';
import { GUID } from '../router.js';
import type { AuditEntry, AuditPage as AuditPageData } from '../types.js';
import { Link } from '../parts/Link.js';
import '../admin.css';

// The audit log for supervisors (SPEC §6), newest first, read-only. Filters apply on submit, so
// a half-typed action is not sent; "Load more" follows the server's `next` cursor.

type Filter = { action: string; caseId: string; from: string; to: string };
const NO_FILTER: Filter = { action: '', caseId: '', from: '', to: '' };

/** The server's rules for the same fields (desk/api/routes/audit-routes.ts). */
const ACTION = /^[a-z_.]{1,64}$/;

/**
 * A datetime-local value (the operator's local time, to the minute) as an ISO instant. `to` is
 * inclusive: it takes the whole minute, so "up to 10:30" keeps an event at 10:30:40.
 */
function toIso(value: string, end: boolean): string | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  if (!Number.isFinite(time)) return undefined;
  return new Date(end ? time + 59_999 : time).toISOString();
}

type Query = { action?: string; caseId?: string; from?: string; to?: string };

function toQuery(filter: Filter): Query {
  return {
    action: filter.action.trim().toLowerCase() || undefined,
    caseId: filter.caseId.trim().toLowerCase() || undefined,
    from: toIso(filter.from, false),
    to: toIso(filter.to, true),
  };
}

/** Which field a filter gets wrong, checked before it goes to the server. */
function filterProblem(filter: Query): 'badAction' | 'badCaseId' | 'badRange' | null {
  if (filter.action && !ACTION.test(filter.action)) return 'badAction';
  if (filter.caseId && !GUID.test(filter.caseId)) return 'badCaseId';
  if (filter.from && filter.to && filter.from > filter.to) return 'badRange';
  return null;
}

/** before / after as indented JSON text; React escapes it like any other text. */
function jsonText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

type More = { base: AuditPageData; events: AuditEntry[]; next: string | null };

export function AuditPage() {
  const { t, language } = useTexts();
  const notify = useNotify();
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [applied, setApplied] = useState<Query>({});
  const [problem, setProblem] = useState<string | null>(null);
  const key = JSON.stringify(applied);
  const first = useLoad(() => get<AuditPageData>(`/audit${query(applied)}`), key);
  const [more, setMore] = useState<More | null>(null);
  const { busy, run } = useAction();

  // Pages loaded after the first belong to that first page: a new filter or a reload drops them.
  const extra = more && first.data && more.base === first.data ? more : null;
  const events = [...(first.data?.events ?? []), ...(extra?.events ?? [])];
  const next = extra ? extra.next : (first.data?.next ?? null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = toQuery(draft);
    const wrong = filterProblem(wanted);
    if (wrong) {
      setProblem(t(`audit.${wrong}`));
      return;
    }
    setProblem(null);
    setMore(null);
    if (JSON.stringify(wanted) === key) first.reload();
    else setApplied(wanted);
  };

  const clear = () => {
    setDraft(NO_FILTER);
    setProblem(null);
    setMore(null);
    if (key === JSON.stringify({})) first.reload();
    else setApplied({});
  };

  const loadMore = () =>
    run('more', async () => {
      const base = first.data;
      if (!base || !next) return;
      try {
        const page = await get<AuditPageData>(`/audit${query({ ...applied, cursor: next })}`);
        setMore((current) => {
          const kept = current && current.base === base ? current.events : [];
          return { base, events: [...kept, ...page.events], next: page.next };
        });
      } catch (error) {
        notify('error', errorText(t, error));
      }
    });

  const set = (field: keyof Filter) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));

  return (
    <section aria-labelledby="audit-title">
      <div className="page__head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <form className="filters" onSubmit={submit} data-testid="audit-filters">
          <label className="field field--inline">
            <span>{t('audit.action')}</span>
            <input
              type="text"
              value={draft.action}
              onChange={set('action')}
              placeholder={t('audit.actionPlaceholder')}
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              data-testid="audit-action"
            />
          </label>
          <label className="field field--inline">
            <span>{t('audit.caseId')}</span>
            <input type="text" value={draft.caseId} onChange={set('caseId')} autoComplete="off" spellCheck={false} maxLength={36} data-testid="audit-case" />
          </label>
          <label className="field field--inline">
            <span>{t('audit.from')}</span>
            <input type="datetime-local" value={draft.from} onChange={set('from')} data-testid="audit-from" />
          </label>
          <label className="field field--inline">
            <span>{t('audit.to')}</span>
            <input type="datetime-local" value={draft.to} onChange={set('to')} data-testid="audit-to" />
          </label>
          <button type="submit" className="button" disabled={first.loading}>
            {t('audit.apply')}
          </button>
          <button type="button" className="button button--quiet" onClick={clear}>
            {t('audit.clear')}
          </button>
        </form>
      </div>
      <p className="hint">{t('audit.actionHint')}</p>
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      {first.error ? <p className="problem">{errorText(t, first.error)}</p> : null}
      {!first.loading && events.length === 0 && !first.error ? <p className="empty">{t('audit.empty')}</p> : null}
      {events.length > 0 ? (
        <>
          <table className="table" data-testid="audit">
            <thead>
              <tr>
                <th>{t('audit.when')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.actionColumn')}</th>
                <th>{t('audit.case')}</th>
                <th>{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((entry) => (
                <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                  <td>
                    <time dateTime={entry.createdAt}>{formatDateTime(language, entry.createdAt)}</time>
                  </td>
                  <td>{entry.actor?.displayName || t(`audit.actorTypes.${entry.actorType}`, { defaultValue: entry.actorType })}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.caseId ? (
                      <Link href={`/desk/cases/${entry.caseId}`}>{entry.caseNumber !== null ? `#${entry.caseNumber}` : t('audit.openCase')}</Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <div className="admin-change">
                      <span className="visually-hidden">{t('audit.before')}</span>
                      <pre className="admin-json mono" data-testid="audit-before">
                        <code>{jsonText(entry.before)}</code>
                      </pre>
                      <span aria-hidden="true">→</span>
                      <span className="visually-hidden">{t('audit.after')}</span>
                      <pre className="admin-json mono" data-testid="audit-after">
                        <code>{jsonText(entry.after)}</code>
                      </pre>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t('audit.shown', { count: events.length })}</p>
          {next ? (
            <button type="button" className="button button--quiet" disabled={busy !== null || first.loading} onClick={() => void loadMore()} data-testid="audit-more">
              {busy === 'more' ? t('audit.loadingMore') : t('audit.loadMore')}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
