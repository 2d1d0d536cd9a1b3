export type Amount = { minor: number; currency?: string };

/*
 * Currency recognition: symbols and words (any case, any inflection where the
 * word has a stable stem) → ISO 4217 code. Recognition data, not user text.
 */
const CURRENCIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:₽|р|руб\p{L}*|rub|rur|rubl\p{L}*)$/u, 'RUB'],
  [/^(?:₴|грн|грив\p{L}*|uah|hrn|hryv\p{L}*)$/u, 'UAH'],
  [/^(?:zł|zl|pln|złot\p{L}*|zlot\p{L}*)$/u, 'PLN'],
  [/^(?:\$|usd|dollars?|dolar\p{L}*|долл\p{L}*|долар\p{L}*)$/u, 'USD'],
  [/^(?:€|eur|euro|евро|євро)$/u, 'EUR'],
  [/^(?:₸|kzt|тенге|тг)$/u, 'KZT'],
  [/^(?:byn|byr|br)$/u, 'BYN'],
  [/^(?:£|gbp)$/u, 'GBP'],
];

function currencyOf(token: string): string | null {
  const lower = token.toLowerCase();
  for (const [re, code] of CURRENCIES) if (re.test(lower)) return code;
  return null;
}

/* Digits with ., comma or single spaces inside; always starts and ends with a digit. */
const NUMBER_RUN = /\d(?:[\d., ]*\d)?/g;
const TOKEN = /\p{L}+|[$€₽₴₸£]/gu;
const MAX_INTEGER_DIGITS = 9;
/*
 * A minus glued to the number ("-1520", "-$25", "$-25") or opening the answer
 * ("- 1520") makes it negative; "сумма - 1520" uses the dash as punctuation.
 */
const NEGATIVE_BEFORE = /(?:^\s*[$€₽₴₸£]?\s*[-−–]\s*[$€₽₴₸£]?\s*|[-−–][$€₽₴₸£]?)$/u;
/* ".50" or ",5" with no integer part: the digits before were lost or never typed. */
const FRACTION_ONLY_BEFORE = /(?:^|[^\p{L}\p{N}])[.,]$/u;

type Split = { integer: string[]; fraction: string; groupSep: string | null };

/*
 * Decides which separator is the decimal one. With both . and , present the
 * rightmost is decimal. A lone . or , is decimal before 1–2 digits and a
 * thousands separator before exactly 3 (`1,520` = 1520). Spaces only group.
 */
function splitNumber(run: string): Split | null {
  const groups = run.split(/[., ]/);
  const seps = run.replace(/\d/g, '');
  if (groups.some((g) => g === '')) return null;
  const last = seps.at(-1);
  const tail = groups.at(-1) ?? '';
  const punct = seps.replace(/ /g, '');
  const bothKinds = punct.includes('.') && punct.includes(',');
  const loneLast = last !== undefined && last !== ' ' && punct.split(last).length === 2;
  let fractionSep = false;
  if (bothKinds) {
    if (!loneLast || tail.length > 2) return null;
    fractionSep = true;
  } else if (loneLast) {
    if (tail.length > 3) return null;
    fractionSep = tail.length <= 2;
  }
  const integer = fractionSep ? groups.slice(0, -1) : groups;
  const groupSeps = new Set(fractionSep ? seps.slice(0, -1) : seps);
  if (groupSeps.size > 1) return null;
  const [groupSep = null] = groupSeps;
  return { integer, fraction: fractionSep ? tail : '', groupSep };
}

function validGrouping(integer: string[]): boolean {
  if (integer.length === 1) return true;
  const [head = '', ...rest] = integer;
  return head.length <= 3 && !head.startsWith('0') && rest.every((g) => g.length === 3);
}

function toMinor(run: string): number | null {
  const split = splitNumber(run);
  if (!split || !validGrouping(split.integer)) return null;
  const integer = split.integer.join('');
  if (integer.length > MAX_INTEGER_DIGITS) return null;
  // Integer arithmetic on digit strings: no binary floating point involved.
  const minor = Number(integer) * 100 + Number(split.fraction.padEnd(2, '0'));
  return minor > 0 ? minor : null;
}

/*
 * Letters glued to the number are allowed only when they spell a currency
 * ("1520р", "25usd"); "x1520" or "1520abc" is not an amount.
 */
function gluedWordsAreCurrency(text: string, start: number, end: number): boolean {
  const before = /\p{L}+$/u.exec(text.slice(0, start))?.[0];
  const after = /^\p{L}+/u.exec(text.slice(end))?.[0];
  return [before, after].every((word) => word === undefined || currencyOf(word) !== null);
}

/* "1,5 тыс." is a rounded figure, not an exact amount: refuse rather than guess. */
const MULTIPLIER = /^(?:k|тыс\p{L}*|тис\p{L}*|tys\p{L}*|thousands?|млн|mln|millions?)$/u;

/** The one currency named around the number; null when two differ or a multiplier is used. */
function currencyIn(text: string): string | null | undefined {
  const codes = new Set<string>();
  for (const m of text.matchAll(TOKEN)) {
    if (MULTIPLIER.test(m[0].toLowerCase())) return null;
    const code = currencyOf(m[0]);
    if (code) codes.add(code);
  }
  if (codes.size > 1) return null;
  const [code] = codes;
  return code;
}

/**
 * Parses the amount the shopper paid, in minor units (kopecks, grosze,
 * cents), exactly: `1520,50`, `1 520.50`, `1.520,50`, `1,520.50`, `1520 руб`,
 * `349,99 zł`, `$25.40`, `€ 12,00`… NBSP and narrow NBSP count as spaces.
 *
 * Null for: no number, two numbers, a negative or zero amount, more than two
 * decimals, a malformed grouping, letters glued to the number that are not a
 * currency, two different currencies, a percentage, or more than 9 integer
 * digits (an order or card number is not an amount). Other words are ignored.
 */
export function parseAmount(text: string): Amount | null {
  const clean = text.replace(/[\u00A0\u202F\u2007\u2009]/g, ' ');
  if (clean.includes('%')) return null;
  const runs = [...clean.matchAll(NUMBER_RUN)];
  const [run] = runs;
  if (!run || runs.length > 1) return null;
  const start = run.index;
  const end = start + run[0].length;
  const before = clean.slice(0, start);
  if (NEGATIVE_BEFORE.test(before) || FRACTION_ONLY_BEFORE.test(before)) return null;
  if (!gluedWordsAreCurrency(clean, start, end)) return null;
  const minor = toMinor(run[0]);
  const currency = currencyIn(clean.slice(0, start) + ' ' + clean.slice(end));
  if (minor === null || currency === null) return null;
  return currency ? { minor, currency } : { minor };
}
