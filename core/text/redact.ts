import { maskDigits } from './mask-digits.js';
import { DIGIT_RUN } from './digit-runs.js';

export { maskDigits } from './mask-digits.js';

/** Shortest digit run that could be a card number (PAN). */
const MIN_PAN_DIGITS = 13;

/**
 * Masks every card-number-like digit run in free text (for transcripts, logs,
 * the desk): runs of 13 digits or more, Luhn-valid or not, grouped or not, keep
 * only the first 6 and last 4 digits, whatever separates the groups (spaces, dots, dashes,
 * slashes, full-width digits). Longer runs are masked the same way;
 * over-masking a long number is cheaper than leaking a PAN. Shorter runs
 * (amounts, dates, `427601 1234`) stay as typed.
 */
export function redactText(text: string): string {
  return text.normalize('NFKC').replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    return digits.length >= MIN_PAN_DIGITS ? maskDigits(digits) : run;
  });
}
