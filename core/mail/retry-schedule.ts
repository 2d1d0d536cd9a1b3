/** After this many failed attempts a letter is marked FAILED (and kept). About four hours in all. */
export const MAX_SEND_ATTEMPTS = 10;

const MINUTE = 60_000;

/**
 * How long to wait after the n-th failed attempt: 1, 2, 4, 8, 16, 32, then 60 minutes. A mail
 * server that is down for a moment gets the letter soon; one down for hours is not hammered.
 */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(2 ** Math.max(0, failedAttempts - 1), 60) * MINUTE;
}
