export type CardDigits = { bin: string; last4: string; wasFullNumber: boolean };

const BIN_LENGTH = 6;
const LAST_LENGTH = 4;
const PAN_MIN = 13;
const PAN_MAX = 19;

/* Digit groups joined by single spaces/dashes: one number as the shopper grouped it. */
const DIGIT_RUN = /\d+(?:[ \u00A0\u202F\-\u2010-\u2013]\d+)*/g;

/*
 * What may stand for the hidden middle digits between the first 6 and the
 * last 4: stars, x (Latin or Cyrillic), bullets, dots, an ellipsis,
 * underscores, with spaces or dashes in between.
 */
const MASK_GAP_CHARS = /^[\s\-*xXхХ•·●.…_]+$/u;
const MASK_CHAR = /[*xXхХ•·●.…_]/u;

function isMaskGap(gap: string): boolean {
  return MASK_GAP_CHARS.test(gap) && MASK_CHAR.test(gap);
}

type Run = { digits: string; groupEnds: number[]; maskedFromPrevious: boolean };

function collectRuns(text: string): Run[] {
  const runs: Run[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(DIGIT_RUN)) {
    const start = match.index;
    const gap = previousEnd < 0 ? '' : text.slice(previousEnd, start);
    let length = 0;
    const groupEnds: number[] = [];
    for (const group of match[0].split(/\D/)) {
      length += group.length;
      groupEnds.push(length);
    }
    runs.push({ digits: match[0].replace(/\D/g, ''), groupEnds, maskedFromPrevious: isMaskGap(gap) });
    previousEnd = start + match[0].length;
  }
  return runs;
}

function split(bin: string, last4: string, wasFullNumber: boolean): CardDigits | null {
  return bin.length === BIN_LENGTH && last4.length === LAST_LENGTH ? { bin, last4, wasFullNumber } : null;
}

function fromOneRun(run: Run): CardDigits | null {
  const n = run.digits.length;
  if (n >= PAN_MIN && n <= PAN_MAX) {
    return split(run.digits.slice(0, BIN_LENGTH), run.digits.slice(-LAST_LENGTH), true);
  }
  /*
   * 10 digits typed together: accept them ungrouped or grouped with a break
   * after the 6th digit ("427601 1234", "4276 01 1234"). "1234 427601" has no
   * such break and is refused rather than guessed.
   */
  const cleanSplit = run.groupEnds.length === 1 || run.groupEnds.includes(BIN_LENGTH);
  if (n === BIN_LENGTH + LAST_LENGTH && cleanSplit) {
    return split(run.digits.slice(0, BIN_LENGTH), run.digits.slice(BIN_LENGTH), false);
  }
  return null;
}

function fromTwoRuns(first: Run, second: Run): CardDigits | null {
  const inOrder = split(first.digits, second.digits, false);
  if (inOrder || second.maskedFromPrevious) return inOrder;
  // Two numbers apart in a sentence ("последние 1234, первые 427601"): the
  // lengths alone say which is which. Around a mask the position decides.
  return split(second.digits, first.digits, false);
}

/**
 * Reads the first 6 and last 4 card digits from the shopper's answer:
 * `427601 1234`, `4276011234`, `427601****1234`, `4276 01** **** 1234`,
 * `427601…1234`, `first 427601 last 1234`, `первые 427601, последние 1234`.
 *
 * A full 13–19 digit number (grouped or not, Luhn-valid or not) is reduced to
 * first 6 + last 4 with `wasFullNumber: true`, so the caller can warn the
 * shopper, even when other numbers surround it; the middle digits never leave
 * this function. Any other digit count, or extra numbers, give null.
 */
export function parseCardDigits(text: string): CardDigits | null {
  // A lone digit is a label ("first 6: …, last 4: …"), never card data.
  const runs = collectRuns(text).filter((run) => run.digits.length > 1);
  // A full card number wins over whatever else was typed (an expiry date…):
  // the shopper must be warned even when the rest of the message is noise.
  const long = runs.filter((run) => run.digits.length >= PAN_MIN);
  if (long.length > 0) return long.length === 1 && long[0] ? fromOneRun(long[0]) : null;
  const [first, second] = runs;
  if (!first) return null;
  if (runs.length === 1) return fromOneRun(first);
  if (runs.length === 2 && second) return fromTwoRuns(first, second);
  return null;
}
