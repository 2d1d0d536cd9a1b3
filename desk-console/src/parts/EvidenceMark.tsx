import { useTexts } from '../i18n.js';

/** ✓ matched, ✗ did not match, ? not checked: with words for screen readers and tooltips. */
export function EvidenceMark({ matched }: { matched: boolean | null }) {
  const { t } = useTexts();
  const state = matched === true ? 'matched' : matched === false ? 'notMatched' : 'unchecked';
  const symbol = matched === true ? '✓' : matched === false ? '✗' : '?';
  return (
    <span className={`mark mark--${state}`} title={t(`evidence.${state}`)}>
      <span aria-hidden="true">{symbol}</span>
      <span className="visually-hidden">{t(`evidence.${state}`)}</span>
    </span>
  );
}
