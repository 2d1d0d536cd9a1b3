import { maskDigits } from './mask-digits.js';

export { maskDigits } from './mask-digits.js';

/** Shortest digit run that could be a card number (PAN). */
const MIN_PAN_DIGITS = 13;

/*
 * A digit run, optionally grouped by single separators: space, NBSP, narrow
 * NBSP, or a hyphen/dash. Digits and separators are disjoint classes and a
 * separator must be followed by a digit, so the engine never has two ways to
 * split the same text: matching stays linear on long inputs.
 */
const DIGIT_RUN = /\d+(?:[ \u00A0\u202F\-\u2010-\u2013]\d+)*/g;

/**
 * Masks every card-number-like digit run in free text (for transcripts, logs,
 * the desk): runs of 13 digits or more, Luhn-valid or not, grouped or not, keep
 * only the first 6 and last 4 digits. Longer runs are masked the same way;
 * over-masking a long number is cheaper than leaking a PAN. Shorter runs
 * (amounts, dates, `427601 1234`) stay as typed.
 */
export function redactText(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    return digits.length >= MIN_PAN_DIGITS ? maskDigits(digits) : run;
  });
}
