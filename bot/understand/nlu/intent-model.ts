import { NeuralNetwork, type FeatureVector, type TrainingItem } from '@nlpjs/neural';
import { SpellCheck } from '@nlpjs/similarity';

export type Stemmer = { stemWord(word: string): string };
export type Example = { text: string; intent: string };
export type Scored = { intent: string; score: number };
/** A model's reading of a message: intents by score (summing to 1), and how much of it the model knows. */
export type ModelReading = { ranking: Scored[]; known: number };

const NONE = 'None';
const NONE_FEATURE = '__none__';
/* Words shorter than this are not spell-corrected: too many short words are one letter apart. */
const SPELL_MIN_LENGTH = 4;
const KNOWN_CACHE_SIZE = 20_000;
/*
 * NLP.js's defaults, with fewer iterations: the error threshold is met long before on a
 * corpus of this size, and a bound keeps start-up time predictable.
 */
const NETWORK = { iterations: 2000, errorThresh: 0.00005, deltaErrorThresh: 0.000001, learningRate: 0.6, momentum: 0.5, alpha: 0.07 };

/**
 * One language's intent classifier: the language's NLP.js stemmer turns folded words into
 * features, NLP.js's spell check maps a misspelt word to the nearest known feature, and
 * NLP.js's neural network (one perceptron per intent, zero-initialised, so training is
 * deterministic) scores the intents. Words the model never saw push towards "None", as in
 * NLP.js's own NLU, so a message about something else gets no confident intent.
 */
export class IntentModel {
  private readonly network: NeuralNetwork;
  private readonly features: Record<string, number> = {};
  private readonly intentFeatures = new Map<string, Set<string>>();
  private readonly spell = new SpellCheck();
  private readonly noneStep: number;
  /* Spell checking scans the vocabulary; shoppers repeat their words, so answers are kept (bounded). */
  private readonly knownCache = new Map<string, string | null>();

  constructor(
    private readonly stemmer: Stemmer,
    examples: readonly Example[],
  ) {
    const items: TrainingItem[] = [];
    for (const { text, intent } of examples) {
      const stems = this.stems(text);
      if (stems.length === 0) continue;
      const own = this.intentFeatures.get(intent) ?? new Set<string>();
      for (const stem of stems) {
        this.features[stem] = 1;
        own.add(stem);
      }
      this.intentFeatures.set(intent, own);
      items.push({ input: Object.fromEntries(stems.map((s) => [s, 1])), output: { [intent]: 1 } });
    }
    this.spell.setFeatures(this.features);
    const intents = [...this.intentFeatures.keys()];
    this.noneStep = intents.length / Math.max(1, Object.keys(this.features).length);
    items.push({ input: { [NONE_FEATURE]: 1 }, output: { [NONE]: 1, ...Object.fromEntries(intents.map((i) => [i, 0.0000001])) } });
    this.network = new NeuralNetwork(NETWORK);
    this.network.train(items);
  }

  /** The stems of a folded text, in order, repeated ones once. */
  stems(folded: string): string[] {
    const words = folded.split(' ').filter((w) => w.length > 0);
    return [...new Set(words.map((w) => this.stemmer.stemWord(w)).filter((s) => s.length > 0))];
  }

  /** A stem as the model knows it: itself, or the known stem one edit away. */
  private known(stem: string): string | null {
    if (this.features[stem]) return stem;
    if (stem.length < SPELL_MIN_LENGTH) return null;
    const cached = this.knownCache.get(stem);
    if (cached !== undefined) return cached;
    const corrected = this.spell.checkToken(stem, 1);
    const result = this.features[corrected] ? corrected : null;
    if (this.knownCache.size >= KNOWN_CACHE_SIZE) this.knownCache.clear();
    this.knownCache.set(stem, result);
    return result;
  }

  /** The share of the text's words this model knows (0 to 1). */
  coverage(folded: string): number {
    const stems = this.stems(folded);
    if (stems.length === 0) return 0;
    return stems.filter((s) => this.known(s) !== null).length / stems.length;
  }

  classify(folded: string): ModelReading {
    const stems = this.stems(folded);
    const input: FeatureVector = {};
    let unknown = 0;
    for (const stem of stems) {
      const feature = this.known(stem);
      if (feature) input[feature] = 1;
      else unknown += 1;
    }
    // As NLP.js does: each unknown word adds a growing weight to the "None" feature.
    let none = 0;
    for (let i = 0, step = this.noneStep; i < unknown; i += 1, step *= 1.2) none += step;
    if (none > 0) input[NONE_FEATURE] = none;
    const known = stems.length === 0 ? 0 : (stems.length - unknown) / stems.length;
    const raw = Object.keys(input).length > 0 ? (this.network.run(input) ?? {}) : {};
    const present = new Set(Object.keys(input));
    // An intent none of whose training words is in the message cannot be meant.
    const scores = Object.entries(raw).map(([intent, value]) => {
      const own = this.intentFeatures.get(intent);
      const activated = intent === NONE || (own !== undefined && [...present].some((f) => own.has(f)));
      return { intent, score: activated ? value ** 2 : 0 };
    });
    const total = scores.reduce((sum, s) => sum + s.score, 0);
    if (total === 0) return { ranking: [{ intent: NONE, score: 1 }], known };
    const ranking = scores.map((s) => ({ intent: s.intent, score: s.score / total })).filter((s) => s.score > 0);
    ranking.sort((a, b) => b.score - a.score);
    return { ranking, known };
  }
}
