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
/* Coverage the best language needs, and its lead over the next, to count as clear. */
const CLEAR_COVERAGE = 0.6;
const CLEAR_LEAD = 0.25;

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

  private readings(folded: string, layout: boolean, preferred: Locale): Reading[] {
    return LOCALES.map((locale) => ({ locale, folded, layout, coverage: this.models[locale].coverage(folded) })).sort(
      (a, b) => b.coverage - a.coverage || Number(b.locale === preferred) - Number(a.locale === preferred),
    );
  }

  /** The best reading of the message: as typed, or on the other keyboard layout. */
  private bestReading(text: string, preferred: Locale): { best: Reading; runnerUp: Reading | undefined } {
    const typed = this.readings(foldText(text), false, preferred);
    let [best] = typed as [Reading, ...Reading[]];
    let runnerUp = typed[1];
    // A message mostly understood as typed was typed on the right layout.
    if (best.coverage >= 1 - LAYOUT_MARGIN) return { best, runnerUp };
    for (const other of otherLayoutReadings(text)) {
      const readings = this.readings(foldText(other), true, preferred);
      const [top] = readings as [Reading, ...Reading[]];
      if (top.coverage >= 0.5 && top.coverage >= best.coverage + LAYOUT_MARGIN) {
        best = top;
        runnerUp = readings[1];
      }
    }
    return { best, runnerUp };
  }

  /** Reads a message; `chatLocale` breaks ties between languages that know it equally well. */
  classify(text: string, chatLocale: Locale): Classification {
    const { best, runnerUp } = this.bestReading(text, chatLocale);
    const lowered = text.toLowerCase();
    const ownLetters = LOCALES.filter((l) => OWN_LETTERS[l].test(lowered));
    const byWords = best.coverage >= CLEAR_COVERAGE && best.coverage - (runnerUp?.coverage ?? 0) >= CLEAR_LEAD;
    const byLetters = ownLetters.length === 1 && ownLetters[0] === best.locale && best.coverage >= CLEAR_COVERAGE;
    const reading = this.models[best.locale].classify(best.folded);
    const ranking = reading.ranking.filter((s): s is Scored => isIntent(s.intent));
    return { ranking, language: best.locale, languageClear: byWords || byLetters, known: best.coverage };
  }
}
