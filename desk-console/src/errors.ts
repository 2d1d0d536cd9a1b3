import type { TFunction } from 'i18next';
import { DeskApiError } from './api.js';

/**
 * An API error in the operator's language. A code without a translation (a proxy's error page,
 * something new on the server) reads as the general message, never as the server's English.
 */
export function errorText(t: TFunction<'desk'>, error: unknown): string {
  if (error instanceof DeskApiError) return t(`errors.${error.code}`, { defaultValue: t('errors.unexpected') });
  return t('errors.unexpected');
}
