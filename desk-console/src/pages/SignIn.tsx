import { useState, type FormEvent } from 'react';
import { DeskApiError, request } from '../api.js';
import { errorText } from '../errors.js';
import { useTexts } from '../i18n.js';
import type { Me } from '../types.js';
import { LanguagePicker } from '../parts/LanguagePicker.js';

export function SignIn({ onSignedIn, ended }: { onSignedIn(me: Me): void; ended: boolean }) {
  const { t } = useTexts();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await request<Me>('POST', '/session', { email, password });
      // /me also says what the console may show (the development outbox).
      onSignedIn(await request<Me>('GET', '/me'));
    } catch (error) {
      setPassword('');
      if (error instanceof DeskApiError && error.code === 'TooManyAttempts') {
        setProblem(t('signIn.limited', { count: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) }));
      } else if (error instanceof DeskApiError && error.status === 401) {
        setProblem(t('signIn.invalid'));
      } else {
        setProblem(errorText(t, error));
      }
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="sign-in__form" onSubmit={(event) => void submit(event)}>
        <h1>{t('app.title')}</h1>
        <LanguagePicker />
        {ended ? <p className="hint">{t('signIn.ended')}</p> : null}
        <label className="field">
          <span>{t('signIn.email')}</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {problem ? (
          <p className="problem" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
