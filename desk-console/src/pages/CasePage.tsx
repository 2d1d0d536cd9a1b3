import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { DeskApiError, get, post } from '../api.js';
import { errorText } from '../errors.js';
import { useStreamEvents } from '../events.js';
import { useAction, useLoad } from '../hooks.js';
import { formatDateTime, useTexts } from '../i18n.js';
import { useNotify } from '../notices.js';
import { navigate } from '../router.js';
import { EVIDENCE_REQUEST_KINDS, REJECT_REASONS, type CaseView, type Delivery, type EmailChange, type Me, type Operator } from '../types.js';
import { EvidenceMark } from '../parts/EvidenceMark.js';
import { FilterSelect } from '../parts/FilterSelect.js';
import { Link } from '../parts/Link.js';

const BLOCKED = ['TEMP_BLOCKED', 'ABOLISHED'];
/** What the bot writes into the transcript instead of a password, a code or an over-long message. */
const NOT_KEPT: Record<string, string> = {
  '[password, not kept]': 'chat.notKept.password',
  '[code, not kept]': 'chat.notKept.code',
  '[message too long, not kept]': 'chat.notKept.tooLong',
};
const OPEN_CHANGE = ['AWAITING_APPROVAL', 'PENDING_CODE', 'ON_HOLD', 'APPLYING'];

type CodeSending = 'sent' | 'mailFailed' | 'locked' | 'unavailable' | 'awaitingApproval';
type Resend = { kind: 'sent' | 'limitReached' | 'noChallenge' | 'mailFailed' | 'unavailable' } | { kind: 'tooSoon'; seconds: number };

/** One case (SPEC §6): evidence, account, the chat with the shopper and what the holder can do. */
export function CasePage({ me, caseId }: { me: Me; caseId: string }) {
  const { t, language } = useTexts();
  const notify = useNotify();
  const view = useLoad(() => get<CaseView>(`/cases/${caseId}`), caseId);
  const { busy, run } = useAction();

  useStreamEvents((event) => {
    if (event.type === 'ready') view.reload();
    else if ((event.type === 'message' || event.type === 'case' || event.type === 'queue') && event.caseId === caseId) view.reload();
  });

  const act = (name: string, action: () => Promise<string | null>) =>
    run(name, async () => {
      try {
        const done = await action();
        if (done) notify('success', done);
      } catch (error) {
        notify('error', errorText(t, error));
      } finally {
        view.reload();
      }
    });

  // A case that went away meanwhile (reassigned to someone else) must not stay on screen as ours.
  const gone = view.error instanceof DeskApiError && view.error.status === 404 && view.data !== null;
  if ((view.error && !view.data) || gone) {
    return (
      <section>
        <p className="problem" role="alert">
          {gone ? t('errors.Gone') : errorText(t, view.error)}
        </p>
        <Link href="/desk">{t('case.backToQueue')}</Link>
      </section>
    );
  }
  const c = view.data;
  if (!c) return <p className="loading">{t('app.loading')}</p>;

  const holder = c.status === 'CLAIMED' && c.claimedBy?.id === me.operator.id;
  const supervisor = me.operator.role === 'SUPERVISOR';
  const open = c.status === 'WAITING' || c.status === 'CLAIMED';

  return (
    <article className="case" aria-labelledby="case-title" data-testid="case-page" data-status={c.status}>
      <div className="page__head">
        <h1 id="case-title">
          {t('case.title', { number: c.number })} · {t(`caseTypes.${c.type}`)}
        </h1>
        <p className="case__facts">
          <span className={`badge badge--${c.status.toLowerCase()}`} data-testid="case-status">
            {t(`statuses.${c.status}`)}
          </span>
          <span>{t(`languages.${c.locale}`)}</span>
          <span>
            {t('case.opened')}: {formatDateTime(language, c.createdAt)}
          </span>
          {c.claimedBy ? (
            <span>
              {t('case.holder')}: {c.claimedBy.displayName}
            </span>
          ) : null}
          {c.status === 'REJECTED' && c.resolution ? (
            <span>
              {t('case.resolution')}: {t(`rejectReasons.${c.resolution}`, { defaultValue: c.resolution })}
            </span>
          ) : null}
        </p>
      </div>

      {c.status === 'WAITING' ? (
        <p className="hint">
          {t('case.waitingHint')}{' '}
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() =>
              void act('claim', async () => {
                await post(`/cases/${c.id}/claim`);
                return t('case.claimed');
              })
            }
          >
            {t('queue.claim')}
          </button>
        </p>
      ) : null}
      {c.status === 'CLAIMED' && !holder ? <p className="hint">{t('case.heldByOther', { name: c.claimedBy?.displayName ?? '' })}</p> : null}
      {supervisor && open ? <Reassign caseView={c} busy={busy} act={act} /> : null}

      <div className="case__grid">
        <div className="case__side">
          <EvidencePanel c={c} />
          <AccountPanel c={c} />
          <EmailChangePanel c={c} holder={holder} supervisor={supervisor} busy={busy} act={act} />
          {holder ? <ActionsPanel c={c} busy={busy} act={act} /> : null}
        </div>
        <Chat c={c} holder={holder} busy={busy} act={act} maxLength={me.maxMessageLength ?? 1000} />
      </div>
    </article>
  );
}

type Act = (name: string, action: () => Promise<string | null>) => Promise<void>;

function EvidencePanel({ c }: { c: CaseView }) {
  const { t } = useTexts();
  return (
    <section className="panel" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t('evidence.title')}</h2>
      {c.evidence.length === 0 ? <p className="empty">{t('evidence.none')}</p> : null}
      <ul className="checklist" data-testid="evidence">
        {c.evidence.map((piece) => (
          <li key={piece.id} data-matched={String(piece.matched)}>
            <EvidenceMark matched={piece.matched} /> <strong>{t(`evidenceKinds.${piece.kind}`)}</strong> <span className="mono">{piece.display}</span>
            {piece.matched && !piece.matchesAccount ? <span className="warn"> · {t('evidence.otherAccount')}</span> : null}
          </li>
        ))}
      </ul>
      <p className={c.twoIndependentMatches ? 'ok' : 'hint'} data-testid="two-matches">
        {c.twoIndependentMatches ? t('evidence.twoMatches') : c.accountProven ? t('evidence.oneMatch') : t('evidence.notProven')}
      </p>
      {c.evidenceRequest ? <p className="hint">{t('evidence.awaiting', { what: t(`evidence.steps.${c.evidenceRequest}`) })}</p> : null}
    </section>
  );
}

function AccountPanel({ c }: { c: CaseView }) {
  const { t } = useTexts();
  const a = c.account;
  return (
    <section className="panel" aria-labelledby="account-title">
      <h2 id="account-title">{t('account.title')}</h2>
      {!a ? (
        <p className="empty">{t(c.accountUnavailable ? 'account.unavailable' : 'account.none')}</p>
      ) : (
        <>
          {!a.revealed ? <p className="hint">{t('account.masked')}</p> : null}
          <dl className="facts" data-testid="account" data-revealed={String(a.revealed)}>
            <dt>{t('account.loginId')}</dt>
            <dd className="mono">{a.loginId}</dd>
            <dt>{t('account.email')}</dt>
            <dd className="mono">
              {a.email} {a.emailConfirmed ? '' : `(${t('account.unconfirmed')})`}
            </dd>
            <dt>{t('account.phone')}</dt>
            <dd className="mono">{a.phone ?? '—'}</dd>
            <dt>{t('account.country')}</dt>
            <dd>{a.country}</dd>
            <dt>{t('account.status')}</dt>
            <dd>{t(`accountStatuses.${a.status}`, { defaultValue: a.status })}</dd>
            {a.social ? (
              <>
                <dt>{t('account.social')}</dt>
                <dd>{a.social}</dd>
              </>
            ) : null}
          </dl>
        </>
      )}
      {c.requestedEmail ? (
        <p>
          {t('account.requestedEmail')}: <span className="mono">{c.requestedEmail}</span>
        </p>
      ) : null}
    </section>
  );
}

function EmailChangePanel({ c, holder, supervisor, busy, act }: { c: CaseView; holder: boolean; supervisor: boolean; busy: string | null; act: Act }) {
  const { t, language } = useTexts();
  const [newEmail, setNewEmail] = useState(c.requestedEmail ?? '');
  const [reason, setReason] = useState('');
  const underway = c.emailChanges.some((change) => OPEN_CHANGE.includes(change.state));
  const canStart = holder && c.account !== null && c.account.status !== 'DELETED' && !underway;

  const start = (event: FormEvent) => {
    event.preventDefault();
    void act('emailChange', async () => {
      const body: Record<string, string> = { newEmail: newEmail.trim() };
      if (!c.twoIndependentMatches && reason.trim()) body[supervisor ? 'approvalReason' : 'requestNote'] = reason.trim();
      const started = await post<{ request: EmailChange; code: CodeSending }>(`/cases/${c.id}/email-change`, body);
      setReason('');
      return t(`emailChange.started.${started.code}`);
    });
  };

  const resend = () =>
    act('resend', async () => {
      const result = await post<Resend>(`/cases/${c.id}/email-change/resend`);
      return result.kind === 'tooSoon' ? t('emailChange.resend.tooSoon', { count: result.seconds }) : t(`emailChange.resend.${result.kind}`);
    });

  const cancel = (change: EmailChange) =>
    act(`cancel-${change.id}`, async () => {
      await post(`/email-changes/${change.id}/cancel`);
      return t('emailChange.cancelled');
    });

  if (!c.account && c.emailChanges.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="email-change-title">
      <h2 id="email-change-title">{t('emailChange.title')}</h2>
      <ul className="changes" data-testid="email-changes">
        {c.emailChanges.map((change) => (
          <li key={change.id} data-state={change.state}>
            <span className="mono">{change.newEmail}</span> · <strong>{t(`emailChange.states.${change.state}`)}</strong>
            {change.approval ? <span> · {t(`emailChange.approvals.${change.approval}`, { defaultValue: change.approval })}</span> : null}
            {change.holdUntil && change.state === 'ON_HOLD' ? <span> · {t('emailChange.holdUntil', { when: formatDateTime(language, change.holdUntil) })}</span> : null}
            {change.approvalReason ? <p className="quote">{change.approvalReason}</p> : null}
            {change.requestNote ? <p className="quote">{change.requestNote}</p> : null}
            {change.cancelReason ? <span> · {t(`approvals.cancelReasons.${change.cancelReason}`, { defaultValue: change.cancelReason })}</span> : null}
            {holder && change.state === 'PENDING_CODE' ? (
              <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => void resend()}>
                {t('emailChange.resendCode')}
              </button>
            ) : null}
            {(holder || supervisor) && OPEN_CHANGE.includes(change.state) ? (
              <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => void cancel(change)}>
                {t('emailChange.cancel')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canStart ? (
        <form className="stack" onSubmit={start} data-testid="email-change-form">
          <label className="field">
            <span>{t('emailChange.newEmail')}</span>
            <input type="email" required maxLength={254} value={newEmail} onChange={(e) => setNewEmail(e.target.value)} name="newEmail" />
          </label>
          {c.twoIndependentMatches ? (
            <p className="ok">{t('emailChange.approvedByMatches')}</p>
          ) : (
            <label className="field">
              <span>{supervisor ? t('emailChange.reason') : t('emailChange.note')}</span>
              <textarea
                value={reason}
                required={supervisor}
                minLength={supervisor ? 10 : undefined}
                maxLength={1000}
                rows={2}
                onChange={(e) => setReason(e.target.value)}
              />
              <small className="hint">{supervisor ? t('emailChange.reasonHint') : t('emailChange.needsApproval')}</small>
            </label>
          )}
          <button type="submit" className="button" disabled={busy !== null}>
            {t('emailChange.start')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function ActionsPanel({ c, busy, act }: { c: CaseView; busy: string | null; act: Act }) {
  const { t } = useTexts();
  const [reason, setReason] = useState<string>(REJECT_REASONS[0]);
  const [confirmReject, setConfirmReject] = useState(false);
  const blocked = c.account !== null && BLOCKED.includes(c.account.status);

  const close = (status: 'resolve' | 'reject') =>
    act(status, async () => {
      await post(`/cases/${c.id}/${status}`, status === 'reject' ? { reason } : {});
      return t(status === 'reject' ? 'actions.rejected' : 'actions.resolved');
    });

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('actions.title')}</h2>
      <div className="stack">
        <div>
          <p className="label">{t('actions.requestEvidence')}</p>
          <div className="row">
            {EVIDENCE_REQUEST_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                className="button button--quiet"
                disabled={busy !== null}
                onClick={() =>
                  void act(`evidence-${kind}`, async () => {
                    const delivery = await post<Delivery>(`/cases/${c.id}/evidence-requests`, { kind });
                    return delivery.delivered ? t('actions.evidenceRequested') : t('chat.notDelivered');
                  })
                }
              >
                {t(`evidenceRequests.${kind}`)}
              </button>
            ))}
          </div>
        </div>
        {blocked ? (
          <div>
            <button
              type="button"
              className="button"
              disabled={busy !== null || !c.accountProven}
              onClick={() =>
                void act('unblock', async () => {
                  await post(`/cases/${c.id}/unblock`);
                  return t('actions.unblocked');
                })
              }
            >
              {t('actions.unblock')}
            </button>
            {!c.accountProven ? <small className="hint"> {t('actions.unblockNeedsProof')}</small> : null}
          </div>
        ) : null}
        <div className="row">
          <button type="button" className="button button--good" disabled={busy !== null} onClick={() => void close('resolve')}>
            {t('actions.resolve')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            disabled={busy !== null}
            onClick={() =>
              void act('release', async () => {
                await post(`/cases/${c.id}/release`);
                navigate('/desk');
                return t('actions.released');
              })
            }
          >
            {t('actions.release')}
          </button>
        </div>
        <div className="row">
          <FilterSelect
            label={t('actions.rejectReason')}
            value={reason}
            onChange={setReason}
            testId="reject-reason"
            options={REJECT_REASONS.map((code) => ({ value: code, label: t(`rejectReasons.${code}`) }))}
          />
          {confirmReject ? (
            <>
              <button type="button" className="button button--bad" disabled={busy !== null} onClick={() => void close('reject')}>
                {t('actions.confirmReject')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setConfirmReject(false)}>
                {t('actions.keepOpen')}
              </button>
            </>
          ) : (
            <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => setConfirmReject(true)}>
              {t('actions.reject')}
            </button>
          )}
        </div>
      </div>
    </section>
  );
}

function Reassign({ caseView, busy, act }: { caseView: CaseView; busy: string | null; act: Act }) {
  const { t } = useTexts();
  const [operators, setOperators] = useState<Operator[]>([]);
  const [target, setTarget] = useState('');
  useEffect(() => {
    get<{ operators: Operator[] }>('/operators').then(
      (r) => setOperators(r.operators.filter((o) => o.active && (o.role === 'SUPERVISOR' || o.languages.includes(caseView.locale)))),
      () => setOperators([]),
    );
  }, [caseView.locale]);
  const candidates = operators.filter((o) => o.id !== caseView.claimedBy?.id);
  if (candidates.length === 0) return null;
  return (
    <form
      className="row reassign"
      onSubmit={(event) => {
        event.preventDefault();
        if (!target) return;
        void act('reassign', async () => {
          await post(`/cases/${caseView.id}/reassign`, { operatorId: target });
          return t('case.reassigned');
        });
      }}
    >
      <label className="field field--inline">
        <span>{t('case.reassignTo')}</span>
        <select value={target} onChange={(e) => setTarget(e.target.value)} required>
          <option value="">—</option>
          {candidates.map((o) => (
            <option key={o.id} value={o.id}>
              {o.displayName}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--quiet" disabled={busy !== null || !target}>
        {t('case.reassign')}
      </button>
    </form>
  );
}

function Chat({ c, holder, busy, act, maxLength }: { c: CaseView; holder: boolean; busy: string | null; act: Act; maxLength: number }) {
  const { t, language } = useTexts();
  const notify = useNotify();
  const [draft, setDraft] = useState('');
  const end = useRef<HTMLLIElement>(null);
  const count = c.transcript.length;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [count]);

  const send = () => {
    const text = draft.trim();
    if (!text) return;
    if (busy !== null) {
      notify('info', t('chat.wait'));
      return;
    }
    // The box empties at once, so the operator can go on typing; a failed send puts the text back.
    setDraft('');
    void act('reply', async () => {
      try {
        const delivery = await post<Delivery>(`/cases/${c.id}/messages`, { text });
        return delivery.delivered ? null : t('chat.notDelivered');
      } catch (error) {
        setDraft((typed) => (typed.trim() === '' ? text : `${text}\n${typed}`));
        throw error;
      }
    });
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <section className="panel chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t('chat.title')}</h2>
      <ol className="transcript" data-testid="transcript" aria-live="polite">
        {c.transcript.map((line) => (
          <li key={line.id} className={`line line--${line.direction.toLowerCase()}`} data-direction={line.direction}>
            <span className="line__who">
              {line.direction === 'IN' ? t('chat.shopper') : line.direction === 'OPERATOR' ? (line.operator?.displayName ?? t('chat.operator')) : t('chat.bot')}
              <time dateTime={line.createdAt}> {formatDateTime(language, line.createdAt)}</time>
            </span>
            {/* Shopper text is data: React renders it as text, never as markup. */}
            {NOT_KEPT[line.text] ? (
              <span className="line__text line__text--note" data-not-kept="true">
                {t(NOT_KEPT[line.text]!)}
              </span>
            ) : (
              <span className="line__text">{line.text}</span>
            )}
          </li>
        ))}
        <li ref={end} className="transcript__end" aria-hidden="true" />
      </ol>
      {holder ? (
        <form
          className="reply"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <label className="visually-hidden" htmlFor="reply-text">
            {t('chat.reply')}
          </label>
          <textarea
            id="reply-text"
            data-testid="reply-text"
            value={draft}
            maxLength={maxLength}
            rows={3}
            placeholder={t('chat.placeholder')}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
          />
          <button type="submit" className="button" disabled={busy !== null || draft.trim() === ''}>
            {busy === 'reply' ? t('chat.sending') : t('chat.send')}
          </button>
        </form>
      ) : (
        <p className="hint">{c.status === 'CLAIMED' || c.status === 'WAITING' ? t('chat.claimToReply') : t('chat.closed')}</p>
      )}
    </section>
  );
}
