import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../core/domain.js';
import { IntentClassifier } from '../../bot/understand/nlu/intent-classifier.js';
import { readCorpus, NLU_INTENTS } from '../../bot/understand/nlu/corpus.js';
import { foldText } from '../../bot/understand/nlu/fold-text.js';
import { IntentMatcher } from '../../bot/understand/intent-matcher.js';
import { createTranslator } from '../../bot/i18n/translator.js';

let classifier: IntentClassifier;
let matcher: IntentMatcher;

beforeAll(() => {
  classifier = new IntentClassifier();
  matcher = new IntentMatcher(createTranslator(), classifier);
});

const top = (text: string, locale: Locale) => classifier.classify(text, locale).ranking[0]?.intent;

describe('the corpora', () => {
  it.each(LOCALES)('%s has at least 60 training phrasings per intent and 40 held-out ones, none of them trained on', (locale) => {
    const corpus = readCorpus(locale, 'corpus');
    for (const intent of NLU_INTENTS) expect(corpus.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(60);
    const heldOut = readCorpus(locale, 'heldout');
    expect(heldOut.length).toBeGreaterThanOrEqual(40);
    const trained = new Set(corpus.map((e) => foldText(e.text)));
    expect(heldOut.filter((e) => trained.has(foldText(e.text))).map((e) => e.text)).toEqual([]);
  });
});

describe('IntentClassifier', () => {
  it.each(LOCALES)('recognises at least 95 %% of the %s held-out phrasings', (locale) => {
    const heldOut = readCorpus(locale, 'heldout');
    const right = heldOut.filter((e) => top(e.text, locale) === e.intent).length;
    expect(right / heldOut.length).toBeGreaterThanOrEqual(0.95);
  });

  it('trains deterministically: a second model reads every held-out phrasing the same', () => {
    const again = new IntentClassifier();
    for (const locale of LOCALES) {
      for (const { text } of readCorpus(locale, 'heldout')) expect(again.classify(text, locale)).toEqual(classifier.classify(text, locale));
    }
  });

  it.each([
    ['pf,sk gfhjkm', 'ru', 'forgotPassword'],
    ['pf,ed gfhjkm', 'uk', 'forgotPassword'],
    ['забыл пaроль', 'ru', 'forgotPassword'],
    ['zabyl parol', 'en', 'forgotPassword'],
    ['zapomnialem haslo', 'pl', 'forgotPassword'],
    ['парль забыла', 'ru', 'forgotPassword'],
    ['не пам’ятаю пароля', 'uk', 'forgotPassword'],
    ['połącz z obsługą klienta', 'pl', 'operator'],
    ['свяжите с поддержкой', 'ru', 'operator'],
    ['у меня нет доступа к этой почте', 'ru', 'noMailbox'],
    ['nie pamiętam daty', 'pl', 'dontKnow'],
    ['где моя посылка', 'ru', 'other'],
  ] as const)('%j → %s', (text, locale, intent) => {
    expect(top(text, locale)).toBe(intent);
  });

  it('is not confident about a message about nothing it knows', () => {
    for (const [text, locale] of [['кошка сидит на окне', 'ru'], ['blorp fizzle', 'en'], ['kot siedzi na oknie', 'pl']] as const) {
      const c = classifier.classify(text, locale);
      expect((c.ranking[0]?.score ?? 0) >= 0.75 && c.known >= 0.5, text).toBe(false);
    }
  });

  it.each([
    ['забыл пароль', 'en', 'ru'],
    ['zapomniałem hasła', 'en', 'pl'],
    ['I forgot my password', 'ru', 'en'],
    ['не пам’ятаю пароля від акаунта', 'pl', 'uk'],
    ['pf,sk gfhjkm', 'en', 'ru'],
  ] as const)('%j in a %s chat is plainly %s', (text, chat, language) => {
    expect(classifier.classify(text, chat)).toMatchObject({ language, languageClear: true });
  });

  it.each([
    ['не помню пароль', 'uk'],
    ['забыл пароль', 'ru'],
    ['operator', 'pl'],
    ['ok', 'ru'],
  ] as const)('%j in a %s chat does not switch the language', (text, chat) => {
    const c = classifier.classify(text, chat);
    expect(c.languageClear && c.language !== chat).toBe(false);
  });
});

describe('yes and no, per language', () => {
  it.each([
    ['no', 'pl', 'yes'],
    ['no jasne', 'pl', 'yes'],
    ['no mam', 'pl', 'yes'],
    ['no nie', 'pl', 'no'],
    ['nie', 'pl', 'no'],
    ['no', 'en', 'no'],
    ['та ні', 'uk', 'no'],
    ['так', 'uk', 'yes'],
    ['ага', 'ru', 'yes'],
    ['да нет', 'ru', 'no'],
    ['yep', 'en', 'yes'],
    ['tak', 'ru', 'yes'],
  ] as const)('%j in a %s chat is %s', (text, locale, answer) => {
    expect(matcher.answer(text, locale)?.answer).toBe(answer);
  });

  it('reads "no" in a Polish chat as yes, not as the English button "No"', () => {
    expect(matcher.button('no', 'pl')).toBeNull();
    expect(matcher.button('No', 'en')).toBe('no');
    expect(matcher.button('Nie', 'pl')).toBe('no');
  });
});
