import { useState } from 'react';
import { get, query } from '../api.js';
import { errorText } from '../errors.js';
import { useStreamEvents } from '../events.js';
import { useLoad } from '../hooks.js';
import { formatDateTime, useTexts } from '../i18n.js';
import { CASE_STATUSES, type CaseListItem, type Me } from '../types.js';
import { FilterSelect } from '../parts/FilterSelect.js';
import { Link } from '../parts/Link.js';

/** An agent's own cases (a supervisor's: everyone's), by status. */
export function CasesPage({ me }: { me: Me }) {
  const { t, language } = useTexts();
  const [status, setStatus] = useState('CLAIMED');
  const cases = useLoad(() => get<{ cases: CaseListItem[] }>(`/cases${query({ status })}`), status);
  useStreamEvents((event) => {
    if (event.type === 'ready' || event.type === 'queue' || (event.type === 'case' && event.change === 'status')) cases.reload();
  });
  const items = cases.data?.cases ?? [];
  const supervisor = me.operator.role === 'SUPERVISOR';

  return (
    <section aria-labelledby="cases-title">
      <div className="page__head">
        <h1 id="cases-title">{supervisor ? t('nav.allCases') : t('nav.myCases')}</h1>
        <div className="filters">
          <FilterSelect
            label={t('case.status')}
            value={status}
            onChange={setStatus}
            testId="cases-status"
            options={CASE_STATUSES.map((code) => ({ value: code, label: t(`statuses.${code}`) }))}
          />
        </div>
      </div>
      {cases.error ? <p className="problem">{errorText(t, cases.error)}</p> : null}
      {!cases.loading && items.length === 0 && !cases.error ? <p className="empty">{t('cases.empty')}</p> : null}
      {items.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t('case.number')}</th>
              <th>{t('queue.type')}</th>
              <th>{t('queue.language')}</th>
              <th>{t('case.opened')}</th>
              <th>{t('case.holder')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid="case-row">
                <td className="num">
                  <Link href={`/desk/cases/${item.id}`}>#{item.number}</Link>
                </td>
                <td>{t(`caseTypes.${item.type}`)}</td>
                <td>{t(`languages.${item.locale}`)}</td>
                <td>{formatDateTime(language, item.createdAt)}</td>
                <td>{item.claimedBy?.displayName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
