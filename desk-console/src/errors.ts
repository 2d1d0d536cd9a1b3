import type { TFunction } from 'i18next';
import { DeskApiError } from './api.js';

/** An API error in the operator's language; the server's English text where we have no translation. */
export function errorText(t: TFunction<'desk'>, error: unknown): string {
  if (error instanceof DeskApiError) {
    return t(`errors.${error.code}`, { defaultValue: `${error.message} (${error.code})` });
  }
  return t('errors.unexpected');
}
