// Trains the intent models on locales/<lang>/corpus.json and measures them on the held-out
// phrasings in locales/<lang>/heldout.json, which training never sees.
//   npm run nlu:eval             prints accuracy per language, the confusion and the misses
//   NLU_MIN_ACCURACY=0.95        the bar below which it exits with an error (CI)
import { LOCALES, type Locale } from '../core/domain.js';
import { readCorpus, NLU_INTENTS } from '../bot/understand/nlu/corpus.js';
import { foldText } from '../bot/understand/nlu/fold-text.js';
import { IntentClassifier } from '../bot/understand/nlu/intent-classifier.js';

const minAccuracy = Number(process.env.NLU_MIN_ACCURACY ?? 0.95);

const started = performance.now();
const classifier = new IntentClassifier();
const trainedMs = performance.now() - started;
console.log(`trained 4 models in ${Math.round(trainedMs)} ms`);

let failed = false;
for (const locale of LOCALES) {
  const training = new Set(readCorpus(locale, 'corpus').map((e) => foldText(e.text)));
  const heldOut = readCorpus(locale, 'heldout');
  const leaked = heldOut.filter((e) => training.has(foldText(e.text)));
  if (leaked.length > 0) {
    failed = true;
    console.log(`${locale}: held-out phrasings also in the training corpus: ${leaked.map((e) => e.text).join(' | ')}`);
  }
  const confusion = new Map<string, Map<string, number>>();
  const misses: string[] = [];
  let right = 0;
  const t0 = performance.now();
  for (const { text, intent } of heldOut) {
    const got = classifier.classify(text, locale as Locale).ranking[0]?.intent ?? 'None';
    const row = confusion.get(intent) ?? new Map<string, number>();
    row.set(got, (row.get(got) ?? 0) + 1);
    confusion.set(intent, row);
    if (got === intent) right += 1;
    else misses.push(`  "${text}": expected ${intent}, got ${got}`);
  }
  const perMessageMs = (performance.now() - t0) / heldOut.length;
  const accuracy = right / heldOut.length;
  if (accuracy < minAccuracy) failed = true;
  console.log(`\n${locale}: ${(accuracy * 100).toFixed(1)} % (${right}/${heldOut.length}), ${perMessageMs.toFixed(2)} ms per message`);
  const confused = [...confusion].flatMap(([expected, row]) =>
    [...row].filter(([got]) => got !== expected).map(([got, n]) => `  ${expected} → ${got}: ${n}`),
  );
  console.log(confused.length > 0 ? `confusion (expected → got):\n${confused.join('\n')}` : 'confusion: none');
  if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
}
console.log(`\nintents: ${NLU_INTENTS.length}; bar: ${(minAccuracy * 100).toFixed(0)} % per language`);
if (failed) {
  console.error('nlu:eval: below the bar (or held-out phrasings leaked into training)');
  process.exit(1);
}
