import { LOCALES, type Locale } from '../../core/domain.js';
import { BUTTON_KEYS, type ButtonKey } from '../../flows/recovery/types.js';
import type { Translate } from '../i18n/translator.js';
import { readAllLocales } from '../i18n/locale-files.js';
import { normalizeText } from './normalize.js';
import { foldText } from './nlu/fold-text.js';
import { IntentClassifier, type Classification } from './nlu/intent-classifier.js';

/**
 * Short answers matched as word lists (locales/<lang>/intents.json) rather than by the model:
 * the language switch, payment methods and "no phone" anywhere in a message.
 */
export type PhraseIntent = 'lang.ru' | 'lang.uk' | 'lang.pl' | 'lang.en' | 'pay.card' | 'pay.wallet' | 'pay.other' | 'noPhone';

/** Yes and no, matched as the whole message or its opening words, per language. */
export type AnswerIntent = 'yes' | 'no';

type IntentName = PhraseIntent | AnswerIntent;
type Phrases = Map<IntentName, string[][]>;

function words(text: string): string[] {
  return foldText(text).split(' ').filter((w) => w.length > 0);
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const startsWith = (message: string[], phrase: string[]) =>
  phrase.length > 0 && phrase.length <= message.length && phrase.every((w, i) => message[i] === w);

/**
 * What a message says: the button whose title it is, the yes/no of the conversation's
 * language, the short phrase lists, and the trained intent classifier (the main path).
 * Phrases and titles are compared in the folded form (case, diacritics, look-alike
 * letters), so "nie pamietam" and "nie pamiętam" are the same words.
 */
export class IntentMatcher {
  private readonly phrases = new Map<Locale, Phrases>();
  private readonly buttons = new Map<Locale, Map<string, ButtonKey>>();
  readonly classifier: IntentClassifier;
  private last: { key: string; value: Classification } | null = null;

  constructor(translate: Translate, classifier: IntentClassifier = new IntentClassifier()) {
    this.classifier = classifier;
    const files = readAllLocales('intents');
    for (const locale of LOCALES) {
      const own: Phrases = new Map();
      for (const [intent, list] of Object.entries(files[locale])) {
        if (!Array.isArray(list)) continue;
        own.set(intent as IntentName, list.filter((p): p is string => typeof p === 'string').map(words));
      }
      this.phrases.set(locale, own);
      this.buttons.set(locale, new Map(BUTTON_KEYS.map((key) => [normalizeText(translate(locale, `buttons.${key}`)), key])));
    }
  }

  /**
   * The button whose title is exactly this text: in the conversation's language, else in
   * another language unless the text is a yes/no of the conversation's language (Polish "no"
   * is yes, not the English button "No").
   */
  button(text: string, locale: Locale): ButtonKey | null {
    const title = normalizeText(text);
    const own = this.buttons.get(locale)?.get(title);
    if (own) return own;
    if (this.answerIn(locale, words(text))) return null;
    for (const l of LOCALES) {
      const key = this.buttons.get(l)?.get(title);
      if (key) return key;
    }
    return null;
  }

  /** True when one of the intent's phrases, in any language, occurs in the text as whole words. */
  has(intent: PhraseIntent, text: string): boolean {
    const message = words(text);
    return LOCALES.some((l) => (this.phrases.get(l)?.get(intent) ?? []).some((p) => containsSequence(message, p)));
  }

  /** The first of the intents found in the text, in the order given. */
  first<T extends PhraseIntent>(intents: readonly T[], text: string): T | null {
    return intents.find((i) => this.has(i, text)) ?? null;
  }

  /** The longest yes or no phrase of one language opening the message. */
  private answerIn(locale: Locale, message: string[]): { answer: AnswerIntent; length: number } | null {
    let best: { answer: AnswerIntent; length: number } | null = null;
    for (const answer of ['yes', 'no'] as const) {
      for (const phrase of this.phrases.get(locale)?.get(answer) ?? []) {
        if (startsWith(message, phrase) && (!best || phrase.length > best.length)) best = { answer, length: phrase.length };
      }
    }
    return best;
  }

  /**
   * A yes/no answer. The conversation's language decides first (Polish "no" is yes, "та ні"
   * is no), the longest phrase winning ("no nie" over "no"). Failing that, the other languages'
   * phrases count where they all agree, so "tak" in a Russian chat is still yes but "no" is
   * not guessed. `whole`: the phrase is the whole message ("нет", not "нет доступа к почте").
   */
  answer(text: string, locale: Locale): { answer: AnswerIntent; whole: boolean } | null {
    const message = words(text);
    const own = this.answerIn(locale, message);
    if (own) return { answer: own.answer, whole: own.length === message.length };
    const found = LOCALES.filter((l) => l !== locale).map((l) => this.answerIn(l, message)).filter((a) => a !== null);
    const answers = new Set(found.map((a) => a.answer));
    const [first] = found;
    return answers.size === 1 && first ? { answer: first.answer, whole: found.every((a) => a.length === message.length) } : null;
  }

  /** What the trained models make of the message (the last answer is kept: a turn asks twice). */
  classify(text: string, locale: Locale): Classification {
    const key = `${locale}\u0000${text}`;
    if (this.last?.key !== key) this.last = { key, value: this.classifier.classify(text, locale) };
    return this.last.value;
  }
}
