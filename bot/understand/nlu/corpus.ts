import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Locale } from '../../../core/domain.js';
import { localesDir } from '../../i18n/locale-files.js';
import type { Example } from './intent-model.js';

/** What shoppers come for, in every language; each has a corpus of its own words per language. */
export const NLU_INTENTS = [
  'forgotPassword',
  'forgotAccount',
  'cantSignIn',
  'changeEmail',
  'noMailbox',
  'codeNotArriving',
  'blocked',
  'deletedAccount',
  'whereId',
  'register',
  'operator',
  'startOver',
  'dontKnow',
  'greeting',
  'thanks',
  'other',
] as const;
export type NluIntent = (typeof NLU_INTENTS)[number];

/* The NLP.js corpus shape: a locale and, per intent, its utterances. */
const CorpusFile = z.object({
  locale: z.string(),
  data: z.array(z.object({ intent: z.enum(NLU_INTENTS), utterances: z.array(z.string().min(1)) })),
});

/** The training corpus (`corpus`) or the held-out set (`heldout`) of one language, as examples. */
export function readCorpus(locale: Locale, kind: 'corpus' | 'heldout'): Example[] {
  const path = `${localesDir()}/${locale}/${kind}.json`;
  const file = CorpusFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (file.locale !== locale) throw new Error(`${path} is for ${file.locale}, not ${locale}`);
  return file.data.flatMap(({ intent, utterances }) => utterances.map((text) => ({ text, intent })));
}
