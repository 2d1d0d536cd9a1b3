import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as enDictionary, translations as enTranslations } from '@zxcvbn-ts/language-en';
import { dictionary as plDictionary } from '@zxcvbn-ts/language-pl';

export type PasswordPolicyReason = 'tooShort' | 'tooLong' | 'tooCommon' | 'containsIdentity';
export type PasswordPolicyResult = { ok: true } | { ok: false; reason: PasswordPolicyReason };
export type PasswordContext = { loginId?: string | null; email?: string | null };

// SPEC §4.1 after NIST SP 800-63B §3.1.1.2 and OWASP ASVS V2.1: length and a blocklist, no
// composition rules. Lengths count Unicode code points of the NFC form, so "é" typed either way
// and an emoji each count as one character.
const MIN_LENGTH = 12;
const MAX_LENGTH = 128;
// zxcvbn's 3 = "safely unguessable: moderate protection from offline slow-hash attacks" (~10^8 guesses).
const MIN_SCORE = 3;
// Shorter identity fragments ("anna") would refuse too many unrelated passwords.
const MIN_IDENTITY_LENGTH = 4;

// Russian and Ukrainian speakers often type a Cyrillic word on the Latin layout ("пароль" →
// "gfhjkm"); breached lists are full of such strings. A Cyrillic password is therefore also
// checked in its ЙЦУКЕН → QWERTY key-for-key form.
const CYRILLIC_KEYS: Record<string, string> = Object.fromEntries(
  [...'йцукенгшщзхъфывапролджэячсмитьбюёіїєґ'].map((letter, i) => [letter, "qwertyuiop[]asdfghjkl;'zxcvbnm,.`s]'`"[i] ?? letter]),
);

type Checker = { factory: ZxcvbnFactory; commonPasswords: Set<string> };
let checker: Checker | undefined;

/** Built on first use: ranking the dictionaries takes a few hundred milliseconds. */
function getChecker(): Checker {
  if (!checker) {
    // Polish names get a suffix so they cannot collide with zxcvbn's own dictionary names.
    const polish = Object.fromEntries(Object.entries(plDictionary).map(([name, words]) => [`${name}-pl`, words]));
    const factory = new ZxcvbnFactory({
      graphs: adjacencyGraphs,
      dictionary: { ...commonDictionary, ...enDictionary, ...polish },
      // Only one translation table fits; the feedback text is never shown (the bot words its own
      // refusals in four languages), so English serves.
      translations: enTranslations,
      // Off: the Levenshtein pass costs seconds on some inputs (a cheap way to tie up the server)
      // and changed no decision on our examples.
      useLevenshteinDistance: false,
    });
    const commonPasswords = new Set(commonDictionary['passwords-common'].map((word) => String(word).toLowerCase()));
    checker = { factory, commonPasswords };
  }
  return checker;
}

function onLatinKeys(password: string): string {
  return [...password].map((ch) => CYRILLIC_KEYS[ch] ?? ch).join('');
}

function identityFragments(context: PasswordContext): string[] {
  const fragments: string[] = [];
  if (context.loginId) fragments.push(context.loginId);
  if (context.email) {
    const email = context.email.trim();
    fragments.push(email, email.slice(0, Math.max(0, email.lastIndexOf('@'))));
  }
  return fragments.map((f) => f.normalize('NFC').toLowerCase()).filter((f) => [...f].length >= MIN_IDENTITY_LENGTH);
}

function isWeak(candidate: string, userInputs: string[]): boolean {
  const { factory, commonPasswords } = getChecker();
  return commonPasswords.has(candidate.toLowerCase()) || factory.check(candidate, userInputs).score < MIN_SCORE;
}

/**
 * Checks a new password against SPEC §4.1: 12 to 128 characters of any kind, not containing the
 * login ID, the email or its local part, not a common or easily guessed password. Mixing cases
 * and digits is advice for the bot to give, never a requirement here.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext): PasswordPolicyResult {
  const text = password.normalize('NFC');
  const length = [...text].length;
  // Length first: the strength check is not run on megabytes of input.
  if (length > MAX_LENGTH) return { ok: false, reason: 'tooLong' };
  if (length < MIN_LENGTH) return { ok: false, reason: 'tooShort' };

  const lower = text.toLowerCase();
  const identity = identityFragments(context);
  if (identity.some((fragment) => lower.includes(fragment))) return { ok: false, reason: 'containsIdentity' };

  // The original case goes to zxcvbn: capitals add (a little) strength it knows how to count.
  const latin = onLatinKeys(lower);
  if (isWeak(text, identity) || (latin !== lower && isWeak(latin, identity))) return { ok: false, reason: 'tooCommon' };
  return { ok: true };
}
