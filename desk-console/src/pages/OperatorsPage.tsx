import { useState, type FormEvent } from 'react';
import { DeskApiError, get, post } from '../api.js';
import { errorText } from '../errors.js';
import { useAction, useLoad } from '../hooks.js';
import { useTexts } from '../i18n.js';
import { useNotify } from '../notices.js';
import { LANGUAGES, type Language, type Me, type Operator } from '../types.js';
import '../admin.css';

// Supervisors manage operators (SPEC §1): the list, a new operator (the fields of
// desk/operators/operator-input.ts) and deactivation, which ends the operator's sessions.

const ROLES = ['AGENT', 'SUPERVISOR'] as const;
type Role = (typeof ROLES)[number];
/** The shoppers' password policy (core/security/password-policy.ts) the server applies. */
const PASSWORD_MIN = 12;
const PASSWORD_MAX = 128;
const WEAK_REASONS = ['tooShort', 'tooLong', 'tooCommon', 'containsIdentity'] as const;

type Draft = { email: string; displayName: string; role: Role; languages: Language[]; password: string };
const EMPTY: Draft = { email: '', displayName: '', role: 'AGENT', languages: [], password: '' };

/** The policy's reason, from the server's message "The password is refused: <reason>." */
function weakReason(message: string): (typeof WEAK_REASONS)[number] | null {
  return WEAK_REASONS.find((reason) => message.includes(`: ${reason}.`)) ?? null;
}

export function OperatorsPage({ me }: { me: Me }) {
  const { t } = useTexts();
  const notify = useNotify();
  const list = useLoad(() => get<{ operators: Operator[] }>('/operators'), 'operators');
  const { busy, run } = useAction();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const createError = (error: unknown): string => {
    if (error instanceof DeskApiError && error.code === 'EmailTaken') return t('operators.errors.emailTaken');
    if (error instanceof DeskApiError && error.code === 'WeakPassword') {
      const reason = weakReason(error.message);
      return reason ? t(`operators.errors.weakPassword.${reason}`, { min: PASSWORD_MIN, max: PASSWORD_MAX }) : t('operators.errors.weakPassword.other');
    }
    return errorText(t, error);
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (draft.languages.length === 0) {
      setProblem(t('operators.errors.noLanguage'));
      return;
    }
    void run('create', async () => {
      setProblem(null);
      try {
        const { operator } = await post<{ operator: Operator }>('/operators', {
          email: draft.email.trim(),
          displayName: draft.displayName.trim(),
          role: draft.role,
          languages: LANGUAGES.filter((code) => draft.languages.includes(code)),
          password: draft.password,
        });
        setDraft(EMPTY);
        notify('success', t('operators.created', { name: operator.displayName }));
        list.reload();
      } catch (error) {
        // A refused password is typed again; after any other refusal the form stays as it was.
        if (error instanceof DeskApiError && error.code === 'WeakPassword') setDraft((d) => ({ ...d, password: '' }));
        setProblem(createError(error));
      }
    });
  };

  const deactivate = (operator: Operator) =>
    run(`deactivate:${operator.id}`, async () => {
      try {
        const result = await post<{ id: string; active: false; sessionsEnded: number }>(`/operators/${operator.id}/deactivate`, {});
        notify('success', `${t('operators.deactivated', { name: operator.displayName })} ${t('operators.sessionsEnded', { count: result.sessionsEnded })}`);
      } catch (error) {
        notify('error', errorText(t, error));
      }
      setConfirming(null);
      list.reload();
    });

  const toggleLanguage = (code: Language, on: boolean) =>
    setDraft((d) => ({ ...d, languages: on ? [...d.languages.filter((l) => l !== code), code] : d.languages.filter((l) => l !== code) }));

  const operators = list.data?.operators ?? [];

  return (
    <section aria-labelledby="operators-title">
      <div className="page__head">
        <h1 id="operators-title">{t('operators.title')}</h1>
      </div>
      {list.error ? <p className="problem">{errorText(t, list.error)}</p> : null}
      {!list.loading && operators.length === 0 && !list.error ? <p className="empty">{t('operators.empty')}</p> : null}
      {operators.length > 0 ? (
        <table className="table" data-testid="operators">
          <thead>
            <tr>
              <th>{t('operators.displayName')}</th>
              <th>{t('operators.email')}</th>
              <th>{t('operators.role')}</th>
              <th>{t('operators.languages')}</th>
              <th>{t('operators.status')}</th>
              <th>
                <span className="visually-hidden">{t('operators.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {operators.map((operator) => {
              const self = operator.id === me.operator.id;
              return (
                <tr key={operator.id} data-testid="operator-row" data-operator-email={operator.email} data-active={operator.active}>
                  <td>
                    {operator.displayName}
                    {self ? <span className="hint"> ({t('operators.you')})</span> : null}
                  </td>
                  <td>{operator.email}</td>
                  <td>{t(`roles.${operator.role}`)}</td>
                  <td>{operator.languages.map((code) => t(`languages.${code}`)).join(', ')}</td>
                  <td>{operator.active ? t('operators.active') : t('operators.inactive')}</td>
                  <td>
                    {operator.active && !self ? (
                      confirming === operator.id ? (
                        <div className="row">
                          <button type="button" className="button button--bad" disabled={busy !== null} onClick={() => void deactivate(operator)} data-testid="operator-confirm-deactivate">
                            {busy === `deactivate:${operator.id}` ? t('operators.deactivating') : t('operators.confirmDeactivate')}
                          </button>
                          <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => setConfirming(null)}>
                            {t('operators.keep')}
                          </button>
                        </div>
                      ) : (
                        <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => setConfirming(operator.id)} data-testid="operator-deactivate">
                          {t('operators.deactivate')}
                        </button>
                      )
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}

      <form className="panel stack admin-form" onSubmit={create} data-testid="operator-form" aria-labelledby="operator-new-title">
        <h2 id="operator-new-title">{t('operators.newTitle')}</h2>
        <label className="field">
          <span>{t('operators.email')}</span>
          <input
            type="email"
            name="email"
            autoComplete="off"
            required
            maxLength={254}
            value={draft.email}
            onChange={(e) => setDraft((d) => ({ ...d, email: e.target.value }))}
            data-testid="operator-email"
          />
        </label>
        <label className="field">
          <span>{t('operators.displayName')}</span>
          <input
            type="text"
            name="displayName"
            autoComplete="off"
            required
            maxLength={80}
            value={draft.displayName}
            onChange={(e) => setDraft((d) => ({ ...d, displayName: e.target.value }))}
            data-testid="operator-display-name"
          />
        </label>
        <label className="field">
          <span>{t('operators.role')}</span>
          <select value={draft.role} onChange={(e) => setDraft((d) => ({ ...d, role: e.target.value as Role }))} data-testid="operator-role">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="admin-languages">
          <legend>{t('operators.languages')}</legend>
          {LANGUAGES.map((code) => (
            <label key={code} className="admin-check">
              <input
                type="checkbox"
                name="languages"
                value={code}
                checked={draft.languages.includes(code)}
                onChange={(e) => toggleLanguage(code, e.target.checked)}
                data-testid={`operator-language-${code}`}
              />{' '}
              {t(`languages.${code}`)}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('operators.password')}</span>
          <input
            type="password"
            name="new-password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN}
            maxLength={PASSWORD_MAX}
            value={draft.password}
            onChange={(e) => setDraft((d) => ({ ...d, password: e.target.value }))}
            aria-describedby="operator-password-hint"
            data-testid="operator-password"
          />
          <small id="operator-password-hint" className="hint">
            {t('operators.passwordHint', { count: PASSWORD_MIN })}
          </small>
        </label>
        {problem ? (
          <p className="problem" role="alert" data-testid="operator-problem">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy !== null}>
          {busy === 'create' ? t('operators.creating') : t('operators.create')}
        </button>
      </form>
    </section>
  );
}
