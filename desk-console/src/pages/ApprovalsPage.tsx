import { useState } from 'react';
import { get, post, query } from '../api.js';
import { errorText } from '../errors.js';
import { useStreamEvents } from '../events.js';
import { useAction, useLoad } from '../hooks.js';
import { formatDateTime, useTexts } from '../i18n.js';
import { useNotify } from '../notices.js';
import type { EmailChange } from '../types.js';
import { FilterSelect } from '../parts/FilterSelect.js';
import { Link } from '../parts/Link.js';
import '../admin.css';

// Supervisors' list of email changes (SPEC §6): an agent's request waits here for a written
// reason to approve or deny; the other states are shown for follow-up, and one not yet applied
// can be cancelled.

const STATES = ['AWAITING_APPROVAL', 'PENDING_CODE', 'ON_HOLD', 'APPLYING', 'APPLIED', 'CANCELLED'] as const;
type State = (typeof STATES)[number];
/** The server's minimum for a supervisor's reason, counted after trimming. */
const REASON_MIN = 10;
const REASON_MAX = 1000;
const CANCELLABLE: readonly string[] = ['PENDING_CODE', 'ON_HOLD'];
/** How the code went out on approval (desk/email-change/send-email-change-code.ts). */
type CodeSending = 'sent' | 'mailFailed' | 'locked' | 'unavailable';

function hasNote(note: unknown): note is string {
  return typeof note === 'string' && note.trim() !== '';
}

export function ApprovalsPage() {
  const { t, language } = useTexts();
  const notify = useNotify();
  const [state, setState] = useState<State>('AWAITING_APPROVAL');
  const list = useLoad(() => get<{ emailChanges: EmailChange[] }>(`/email-changes${query({ state })}`), state);
  const { busy, run } = useAction();
  const [reasons, setReasons] = useState<Record<string, string>>({});

  useStreamEvents((event) => {
    if (event.type === 'ready' || (event.type === 'case' && event.change === 'emailChange')) list.reload();
  });

  const decide = (item: EmailChange, decision: 'approve' | 'deny') =>
    run(`${decision}:${item.id}`, async () => {
      const reason = (reasons[item.id] ?? '').trim();
      if (reason.length < REASON_MIN) {
        notify('error', t('approvals.reasonTooShort', { count: REASON_MIN }));
        return;
      }
      try {
        if (decision === 'approve') {
          const { code } = await post<{ request: EmailChange; code: CodeSending }>(`/email-changes/${item.id}/approve`, { reason });
          // Approval sends the code at once; the supervisor hears whether the letter went.
          const text = `${t('approvals.approved', { email: item.newEmailMasked })} ${t(`emailChange.started.${code}`)}`;
          notify(code === 'sent' ? 'success' : 'error', text);
        } else {
          await post(`/email-changes/${item.id}/deny`, { reason });
          notify('success', t('approvals.denied', { email: item.newEmailMasked }));
        }
        setReasons(({ [item.id]: _done, ...rest }) => rest);
      } catch (error) {
        notify('error', errorText(t, error));
      }
      list.reload();
    });

  const cancel = (item: EmailChange) =>
    run(`cancel:${item.id}`, async () => {
      try {
        await post(`/email-changes/${item.id}/cancel`, {});
        notify('success', t('approvals.cancelled', { email: item.newEmailMasked }));
      } catch (error) {
        notify('error', errorText(t, error));
      }
      list.reload();
    });

  const items = list.data?.emailChanges ?? [];
  const awaiting = state === 'AWAITING_APPROVAL';

  return (
    <section aria-labelledby="approvals-title">
      <div className="page__head">
        <h1 id="approvals-title">{t('approvals.title')}</h1>
        <div className="filters">
          <FilterSelect
            label={t('approvals.state')}
            value={state}
            onChange={(value) => setState(value as State)}
            testId="approvals-state"
            options={STATES.map((code) => ({ value: code, label: t(`approvals.states.${code}`) }))}
          />
        </div>
      </div>
      {awaiting ? <p className="hint">{t('approvals.intro')}</p> : null}
      {list.error ? <p className="problem">{errorText(t, list.error)}</p> : null}
      {!list.loading && items.length === 0 && !list.error ? (
        <p className="empty">{awaiting ? t('approvals.emptyAwaiting') : t('approvals.empty')}</p>
      ) : null}
      {items.length > 0 ? (
        <table className="table" data-testid="approvals">
          <thead>
            <tr>
              <th>{t('approvals.case')}</th>
              <th>{t('approvals.newEmail')}</th>
              <th>{t('approvals.requested')}</th>
              <th>{awaiting ? t('approvals.note') : t('approvals.details')}</th>
              <th>
                <span className={awaiting ? undefined : 'visually-hidden'}>{awaiting ? t('approvals.decision') : t('approvals.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const reason = reasons[item.id] ?? '';
              const reasonOk = reason.trim().length >= REASON_MIN;
              const hintId = `approval-reason-hint-${item.id}`;
              return (
                <tr key={item.id} data-testid="approvals-row" data-request-id={item.id} data-state={item.state}>
                  <td>
                    <Link href={`/desk/cases/${item.caseId}`}>{t('approvals.openCase')}</Link>
                  </td>
                  <td>{item.newEmailMasked}</td>
                  <td>{formatDateTime(language, item.createdAt)}</td>
                  <td>
                    {hasNote(item.requestNote) ? (
                      <p className="quote" data-testid="approvals-note">
                        <span className="visually-hidden">{t('approvals.note')}: </span>
                        {item.requestNote}
                      </p>
                    ) : awaiting ? (
                      <span className="hint">{t('approvals.noNote')}</span>
                    ) : null}
                    {!awaiting ? <Details item={item} /> : null}
                  </td>
                  <td>
                    {item.state === 'AWAITING_APPROVAL' ? (
                      <div className="stack admin-decision">
                        <label className="field">
                          <span>{t('approvals.reason')}</span>
                          <textarea
                            rows={2}
                            maxLength={REASON_MAX}
                            value={reason}
                            aria-describedby={hintId}
                            data-testid="approvals-reason"
                            onChange={(e) => setReasons((all) => ({ ...all, [item.id]: e.target.value }))}
                          />
                          <small id={hintId} className="hint">
                            {t('approvals.reasonHint', { count: REASON_MIN })}
                          </small>
                        </label>
                        <div className="row">
                          <button
                            type="button"
                            className="button button--good"
                            disabled={busy !== null || !reasonOk}
                            onClick={() => void decide(item, 'approve')}
                            data-testid="approvals-approve"
                          >
                            {busy === `approve:${item.id}` ? t('approvals.approving') : t('approvals.approve')}
                          </button>
                          <button
                            type="button"
                            className="button button--bad"
                            disabled={busy !== null || !reasonOk}
                            onClick={() => void decide(item, 'deny')}
                            data-testid="approvals-deny"
                          >
                            {busy === `deny:${item.id}` ? t('approvals.denying') : t('approvals.deny')}
                          </button>
                        </div>
                      </div>
                    ) : CANCELLABLE.includes(item.state) ? (
                      <button
                        type="button"
                        className="button button--quiet"
                        disabled={busy !== null}
                        onClick={() => void cancel(item)}
                        data-testid="approvals-cancel"
                      >
                        {busy === `cancel:${item.id}` ? t('approvals.cancelling') : t('approvals.cancel')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** What happened to a request past approval: how it was approved, its hold, its end. */
function Details({ item }: { item: EmailChange }) {
  const { t, language } = useTexts();
  return (
    <dl className="facts admin-details">
      <dt>{t('approvals.state')}</dt>
      <dd>{t(`approvals.states.${item.state}`, { defaultValue: item.state })}</dd>
      {item.approval ? (
        <>
          <dt>{t('approvals.approval')}</dt>
          <dd>{t(`approvals.approvals.${item.approval}`, { defaultValue: item.approval })}</dd>
        </>
      ) : null}
      {hasNote(item.approvalReason) ? (
        <>
          <dt>{t('approvals.approvalReason')}</dt>
          <dd className="quote">{item.approvalReason}</dd>
        </>
      ) : null}
      {item.holdUntil && item.state === 'ON_HOLD' ? (
        <>
          <dt>{t('approvals.holdUntil')}</dt>
          <dd>{formatDateTime(language, item.holdUntil)}</dd>
        </>
      ) : null}
      {item.appliedAt ? (
        <>
          <dt>{t('approvals.appliedAt')}</dt>
          <dd>{formatDateTime(language, item.appliedAt)}</dd>
        </>
      ) : null}
      {item.cancelledAt ? (
        <>
          <dt>{t('approvals.cancelledAt')}</dt>
          <dd>
            {formatDateTime(language, item.cancelledAt)}
            {item.cancelReason ? ` · ${t(`approvals.cancelReasons.${item.cancelReason}`, { defaultValue: item.cancelReason })}` : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
