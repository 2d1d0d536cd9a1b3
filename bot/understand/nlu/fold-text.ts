import { normalizeText } from '../normalize.js';

/*
 * Latin letters that look like Cyrillic ones and the other way round. A word typed
 * mostly in one script with a few look-alikes of the other ("пaроль" with a Latin a)
 * is one word to a reader, so it becomes one word here too.
 */
const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', i: 'і', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у',
};
const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', в: 'b', с: 'c', е: 'e', н: 'h', і: 'i', к: 'k', м: 'm', о: 'o', р: 'p', т: 't', х: 'x', у: 'y',
};

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

function unifyScript(word: string): string {
  const letters = [...word];
  const cyrillic = letters.filter((c) => CYRILLIC.test(c)).length;
  const latin = letters.filter((c) => LATIN.test(c)).length;
  if (cyrillic === 0 || latin === 0) return word;
  const table = cyrillic >= latin ? LATIN_TO_CYRILLIC : CYRILLIC_TO_LATIN;
  return letters.map((c) => table[c] ?? c).join('');
}

/*
 * Diacritics go (ą→a, ł→l, ё→е, й→и, ї→і): shoppers often type without them, and the
 * model sees the same folded form in training and at run time.
 */
function dropDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/ґ/g, 'г').normalize('NFC');
}

/** "пароооль", "heeelp": three or more of one letter become one. */
function squeezeRepeats(text: string): string {
  return text.replace(/(\p{L})\1{2,}/gu, '$1');
}

/**
 * The form a message is matched in, never stored or shown: Unicode NFKC, lower case,
 * emoji and invisible characters gone, Cyrillic/Latin look-alikes unified inside a word,
 * diacritics folded, letters repeated for emphasis squeezed, apostrophes inside words
 * dropped ("пам'ятаю" = "памятаю"), digits and punctuation reduced to word breaks.
 * Idempotent.
 */
export function foldText(text: string): string {
  const base = normalizeText(text.normalize('NFKC'));
  const words = base
    // English contractions: "I'd", "it's" lose the ending ("I'd" must not read as "id").
    .replace(/(\p{Script=Latin})'(?:d|ll|re|ve|m|s)(?!\p{L})/gu, '$1')
    .replace(/(\p{L})'(?=\p{L})/gu, '$1')
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length > 0)
    .map(unifyScript);
  return squeezeRepeats(dropDiacritics(words.join(' ')));
}
