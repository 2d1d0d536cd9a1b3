import { LOCALES } from '../../core/domain.js';
import { BUTTON_KEYS, type ButtonKey } from '../../flows/recovery/types.js';
import type { Translate } from '../i18n/translator.js';
import { readAllLocales } from '../i18n/locale-files.js';
import { normalizeText } from './normalize.js';

/** Intents whose phrases are matched anywhere in a message, as whole words. */
export type PhraseIntent =
  | 'operator'
  | 'menu'
  | 'lang.ru'
  | 'lang.uk'
  | 'lang.pl'
  | 'lang.en'
  | 'menu.forgotPassword'
  | 'menu.forgotAccount'
  | 'menu.changeEmail'
  | 'menu.blocked'
  | 'menu.whereId'
  | 'pay.card'
  | 'pay.wallet'
  | 'pay.other'
  | 'noPhone'
  | 'resetPassword'
  | 'resend'
  | 'register';

/** Intents matched only as the whole message or its opening words (short, ambiguous words). */
export type AnswerIntent = 'yes' | 'no';

export type IntentName = PhraseIntent | AnswerIntent;


function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}']+/gu) ?? [];
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Matches free text against the intent phrases of all four languages (people mix
 * them) and against the button titles as rendered, so a tapped button and the same
 * words typed by hand mean the same thing.
 */
export class IntentMatcher {
  private readonly phrases = new Map<IntentName, string[][]>();
  private readonly buttons = new Map<string, ButtonKey>();

  constructor(translate: Translate) {
    const files = readAllLocales('intents');
    for (const locale of LOCALES) {
      for (const [intent, list] of Object.entries(files[locale])) {
        if (!Array.isArray(list)) continue;
        const known = this.phrases.get(intent as IntentName) ?? [];
        for (const phrase of list) if (typeof phrase === 'string') known.push(tokens(normalizeText(phrase)));
        this.phrases.set(intent as IntentName, known);
      }
      for (const key of BUTTON_KEYS) this.buttons.set(normalizeText(translate(locale, `buttons.${key}`)), key);
    }
  }

  /** The button whose title is exactly this text, in any language. */
  button(text: string): ButtonKey | null {
    return this.buttons.get(normalizeText(text)) ?? null;
  }

  /** True when one of the intent's phrases occurs in the text as whole words. */
  has(intent: PhraseIntent, text: string): boolean {
    const words = tokens(normalizeText(text));
    return (this.phrases.get(intent) ?? []).some((p) => containsSequence(words, p));
  }

  /** The first of the intents found in the text, in the order given. */
  first<T extends PhraseIntent>(intents: readonly T[], text: string): T | null {
    return intents.find((i) => this.has(i, text)) ?? null;
  }

  /** A yes/no answer: the whole message, or the message starting with the phrase. */
  answer(text: string): AnswerIntent | null {
    const words = tokens(normalizeText(text));
    for (const intent of ['yes', 'no'] as const) {
      const hit = (this.phrases.get(intent) ?? []).some(
        (p) => p.length > 0 && p.length <= words.length && p.every((w, i) => words[i] === w),
      );
      if (hit) return intent;
    }
    return null;
  }
}
