import { useTexts } from '../i18n.js';
import { LANGUAGES, type Language } from '../types.js';

/** The console's own language, whatever languages the operator serves. */
export function LanguagePicker() {
  const { t, language, setLanguage } = useTexts();
  return (
    <label className="language-picker">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={language} onChange={(event) => setLanguage(event.target.value as Language)} data-testid="console-language">
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {t(`languages.${code}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
