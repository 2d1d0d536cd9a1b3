/*
 * Emoji and their glue: pictographs, skin-tone modifiers, regional-indicator
 * flags, keycap mark, variation selectors and zero-width joiners.
 */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u20E3\uFE0E\uFE0F\u200D]/gu;
/* Invisible characters pasted from other apps; they would split words. */
const INVISIBLE = /[\u200B\u200C\u2060\uFEFF\u00AD]/g;
/* Ukrainian apostrophe look-alikes (’ ʼ ‘ ` ´ ′) all become ASCII '. */
const APOSTROPHES = /[\u2019\u02BC\u2018\u0060\u00B4\u2032]/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/*
 * Drops everything before the first and after the last letter or digit. A
 * scan, not a `[^…]+$` regex, which would be quadratic on long punctuation.
 */
function trimToWords(text: string): string {
  const chars = Array.from(text);
  const first = chars.findIndex((c) => LETTER_OR_DIGIT.test(c));
  if (first < 0) return '';
  const last = chars.findLastIndex((c) => LETTER_OR_DIGIT.test(c));
  return chars.slice(first, last + 1).join('');
}

/**
 * Canonical form of a message for intent matching: NFC, lower case, ё→е,
 * one kind of apostrophe (so "пам’ять" and "пам'ять" match), emoji removed
 * everywhere, surrounding punctuation stripped, whitespace collapsed.
 * Punctuation inside the text ("e-mail", "don't") is kept.
 */
export function normalizeText(text: string): string {
  const flat = text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(EMOJI, ' ')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(APOSTROPHES, "'")
    .replace(/\s+/gu, ' ');
  return trimToWords(flat);
}
