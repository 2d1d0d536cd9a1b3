import { StemmerEn } from '@nlpjs/lang-en-min';
import { StemmerPl } from '@nlpjs/lang-pl';
import { StemmerRu } from '@nlpjs/lang-ru';
import { StemmerUk } from '@nlpjs/lang-uk';
import { LOCALES, type Locale } from '../../../core/domain.js';
import { NLU_INTENTS, readCorpus, type NluIntent } from './corpus.js';
import { foldText } from './fold-text.js';
import { IntentModel, type Example, type Stemmer } from './intent-model.js';
import { otherLayoutReadings } from './keyboard-layout.js';

export type Scored = { intent: NluIntent; score: number };

/** What a message means, as far as the models can tell. */
export type Classification = {
  /** The intents by score, best first; empty when nothing was recognised. */
  ranking: Scored[];
  /** The language whose model read the message best. */
  language: Locale;
  /** True when the message is plainly in that language (its words or its letters say so). */
  languageClear: boolean;
  /** The share of the message's words the model knows (0 to 1): little known, little trust. */
  known: number;
};

const STEMMERS: Record<Locale, () => Stemmer> = {
  ru: () => new StemmerRu(),
  uk: () => new StemmerUk(),
  pl: () => new StemmerPl(),
  en: () => new StemmerEn(),
};

/* Letters only one of the four languages uses. */
const OWN_LETTERS: Record<Locale, RegExp> = {
  ru: /[ыэъё]/u,
  uk: /[іїєґ]/u,
  pl: /[ąćęłńśźż]/u,
  en: /$^/u,
};

/* A reading on the other keyboard layout wins only when it is clearly better known. */
const LAYOUT_MARGIN = 0.34;
/* Coverage the best language needs to count as clearly the message's language. */
const CLEAR_COVERAGE = 0.6;
/* How little of the message the chat's own language may know when another knows it well. */
const FOREIGN_COVERAGE = 0.34;

const CYRILLIC_LANGUAGES: ReadonlySet<Locale> = new Set(['ru', 'uk']);

type Reading = { locale: Locale; folded: string; coverage: number; layout: boolean };

function isIntent(name: string): name is NluIntent {
  return (NLU_INTENTS as readonly string[]).includes(name);
}

/**
 * The four languages' models, trained from the corpora in locales/<lang>/corpus.json when
 * built. A message is read by the model that knows most of its words (a Russian message in
 * a Ukrainian chat is read as Russian), also on the other keyboard layout.
 */
export class IntentClassifier {
  private readonly models: Record<Locale, IntentModel>;

  constructor(corpora: Record<Locale, readonly Example[]> = IntentClassifier.corpora()) {
    this.models = Object.fromEntries(
      LOCALES.map((locale) => [locale, new IntentModel(STEMMERS[locale](), corpora[locale].map((e) => ({ ...e, text: foldText(e.text) })))]),
    ) as Record<Locale, IntentModel>;
  }

  static corpora(): Record<Locale, Example[]> {
    return Object.fromEntries(LOCALES.map((locale) => [locale, readCorpus(locale, 'corpus')])) as Record<Locale, Example[]>;
  }

  /**
   * Whether the message is plainly in `language` rather than in the chat's language: the
   * chat's language knows little of it while `language` knows most of it; between Russian and
   * Ukrainian (which share many words), only when its letters say so ("ы" or "і").
   */
  private plainlyIn(language: Locale, chat: Locale, text: string, coverage: Record<Locale, number>): boolean {
    if (language === chat || coverage[language] < CLEAR_COVERAGE) return false;
    const lowered = text.toLowerCase();
    const own = LOCALES.filter((l) => OWN_LETTERS[l].test(lowered));
    // One word ("ok", "operator", "hello") is shared by too many languages to tell.
    if (foldText(text).split(' ').length < 2 && !own.includes(language)) return false;
    if (own.includes(chat)) return false;
    const sameFamily = CYRILLIC_LANGUAGES.has(language) === CYRILLIC_LANGUAGES.has(chat);
    // Same letters, none of them telling: the chat's language must know far less of it.
    if (sameFamily && !own.includes(language)) return coverage[chat] <= coverage[language] - 0.5;
    return own.includes(language) || coverage[chat] <= FOREIGN_COVERAGE;
  }

  private readings(folded: string, layout: boolean, preferred: Locale): Reading[] {
    return LOCALES.map((locale) => ({ locale, folded, layout, coverage: this.models[locale].coverage(folded) })).sort(
      (a, b) => b.coverage - a.coverage || Number(b.locale === preferred) - Number(a.locale === preferred),
    );
  }

  /** The best reading of the message: as typed, or on the other keyboard layout. */
  private bestReading(text: string, preferred: Locale): { best: Reading; all: Reading[] } {
    let all = this.readings(foldText(text), false, preferred);
    let [best] = all as [Reading, ...Reading[]];
    // A message mostly understood as typed was typed on the right layout.
    if (best.coverage >= 1 - LAYOUT_MARGIN) return { best, all };
    for (const other of otherLayoutReadings(text)) {
      const readings = this.readings(foldText(other), true, preferred);
      const [top] = readings as [Reading, ...Reading[]];
      if (top.coverage >= 0.5 && top.coverage >= best.coverage + LAYOUT_MARGIN) {
        best = top;
        all = readings;
      }
    }
    return { best, all };
  }

  /** Reads a message; `chatLocale` breaks ties between languages that know it equally well. */
  classify(text: string, chatLocale: Locale): Classification {
    const { best, all } = this.bestReading(text, chatLocale);
    const coverage = Object.fromEntries(all.map((r) => [r.locale, r.coverage])) as Record<Locale, number>;
    const reading = this.models[best.locale].classify(best.folded);
    const ranking = reading.ranking.filter((s): s is Scored => isIntent(s.intent));
    return { ranking, language: best.locale, languageClear: this.plainlyIn(best.locale, chatLocale, text, coverage), known: best.coverage };
  }
}
