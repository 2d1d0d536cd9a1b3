/*
 * The same keys on the US QWERTY, Russian ЙЦУКЕН and Ukrainian layouts. A shopper who
 * forgot to switch the layout types "pf,sk gfhjkm" for "забыл пароль" (or "ащкпще" for
 * "forgot"): punctuation keys are letters on the other layout, so they are kept here.
 */
const QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.";
const RUSSIAN = 'ёйцукенгшщзхъфывапролджэячсмитьбю';
const UKRAINIAN = "'йцукенгшщзхїфівапролджєячсмитьбю";

function table(from: string, to: string): Map<string, string> {
  const map = new Map<string, string>();
  [...from].forEach((c, i) => map.set(c, [...to][i] ?? c));
  return map;
}

const TO_RUSSIAN = table(QWERTY, RUSSIAN);
const TO_UKRAINIAN = table(QWERTY, UKRAINIAN);
const FROM_RUSSIAN = table(RUSSIAN, QWERTY);
const FROM_UKRAINIAN = table(UKRAINIAN, QWERTY);

function convert(text: string, map: Map<string, string>): string {
  return [...text.toLowerCase()].map((c) => map.get(c) ?? c).join('');
}

/**
 * What the text would read as if typed on the other layout: Latin typing read as Russian
 * and as Ukrainian, Cyrillic typing read as Latin. The caller decides which reading is
 * meant (by how many of its words it knows); nothing here guesses.
 */
export function otherLayoutReadings(text: string): string[] {
  const hasCyrillic = /\p{Script=Cyrillic}/u.test(text);
  const hasLatin = /\p{Script=Latin}/u.test(text);
  if (hasLatin && !hasCyrillic) return [convert(text, TO_RUSSIAN), convert(text, TO_UKRAINIAN)];
  if (hasCyrillic && !hasLatin) return [...new Set([convert(text, FROM_RUSSIAN), convert(text, FROM_UKRAINIAN)])];
  return [];
}
