import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES, ACCOUNT_STATUSES } from '../../core/domain.js';
import { PROMPTS } from '../../flows/recovery/prompts.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { baseKeys, flatten, loadLocaleFile, placeholders, PLURAL_SUFFIX, type Tree } from '../helpers/locale-keys.js';

function load(locale: string, file: string): Tree {
  return loadLocaleFile(locale, file);
}

/** Message keys the flow machine can emit, read from its source so a new key cannot be forgotten. */
function flowKeys(): string[] {
  const source = readdirSync('flows/recovery')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(`flows/recovery/${f}`, 'utf8'))
    .concat(readdirSync('flows/recovery/states').map((f) => readFileSync(`flows/recovery/states/${f}`, 'utf8')))
    .join('\n');
  const literal = [...source.matchAll(/key: '([a-zA-Z.]+)'/g)].map((m) => m[1]!);
  const rejections = ['tooShort', 'tooLong', 'tooCommon', 'containsIdentity'].map((r) => `password.rejected.${r}`);
  const statuses = ACCOUNT_STATUSES.filter((s) => s === 'TEMP_BLOCKED' || s === 'ABOLISHED').map((s) => `blocked.status.${s}`);
  const prompts = Object.values(PROMPTS).map((p) => p.key);
  const buttons = Object.values(PROMPTS).flatMap((p) => ('buttons' in p ? p.buttons.map((b) => `buttons.${b}`) : []));
  return [...new Set([...literal, ...statuses, ...rejections, ...prompts, ...buttons])];
}

describe('locale files', () => {
  const en = baseKeys(flatten(load('en', 'bot')));

  it.each(LOCALES)('%s has every key of en, each plural key with all of its plural categories', (locale) => {
    const flat = flatten(load(locale, 'bot'));
    const keys = baseKeys(flat);
    expect([...keys.keys()].sort()).toEqual([...en.keys()].sort());
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const [base, present] of keys) {
      if (en.get(base)!.size === 0) {
        expect(present.size, `${locale}:${base} must not be pluralised`).toBe(0);
        continue;
      }
      expect([...present].sort(), `${locale}:${base} plural categories`).toEqual([...categories].sort());
    }
  });

  it.each(LOCALES)('%s keeps the placeholders of every en message', (locale) => {
    const enFlat = flatten(load('en', 'bot'));
    const flat = flatten(load(locale, 'bot'));
    for (const [key, text] of flat) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const enText = enFlat.get(key) ?? enFlat.get(`${base}_other`) ?? enFlat.get(base);
      expect(enText, `${locale}:${key} has an en source`).toBeDefined();
      expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(enText!));
      expect(text.trim().length, `${locale}:${key} is not empty`).toBeGreaterThan(0);
    }
  });

  it('has a message for every key the flow can say, in every language', () => {
    const translate = createTranslator();
    for (const key of flowKeys()) {
      for (const locale of LOCALES) {
        const text = translate(locale, key, { count: 2, loginId: 'x', email: 'y', network: 'z', caseNumber: 1 });
        expect(text, `${locale}:${key}`).not.toBe(key);
      }
    }
  });

  it('renders the plural forms the languages need', () => {
    const translate = createTranslator();
    const forms = (locale: 'ru' | 'uk' | 'pl' | 'en') => [1, 2, 5, 21].map((n) => translate(locale, 'retrieval.notFound', { count: n }));
    const distinct = (list: string[]) => new Set(list.map((s) => s.replace(/\d+/g, '#'))).size;
    expect(distinct(forms('ru'))).toBe(3);
    expect(distinct(forms('uk'))).toBe(3);
    expect(distinct(forms('pl'))).toBe(3);
    expect(distinct(forms('en'))).toBe(2);
    // 21 takes the singular form in Russian and Ukrainian, the plural "many" form in Polish.
    expect(forms('ru')[3]).toBe(forms('ru')[0]!.replace('1', '21'));
    expect(forms('pl')[3]).toBe(forms('pl')[2]!.replace('5', '21'));
  });

  it.each(LOCALES)('%s intents define every intent of en with phrases', (locale) => {
    const enIntents = load('en', 'intents') as unknown as Record<string, string[]>;
    const intents = load(locale, 'intents') as unknown as Record<string, string[]>;
    expect(Object.keys(intents).sort()).toEqual(Object.keys(enIntents).sort());
    for (const [name, phrases] of Object.entries(intents)) {
      expect(Array.isArray(phrases) && phrases.length > 0, `${locale}:${name}`).toBe(true);
    }
  });
});

describe('widget strings (locales/<lng>/widget.json)', () => {
  const en = flatten(load('en', 'widget'));

  it.each(LOCALES)('%s has every widget string of en, none empty', (locale) => {
    const flat = flatten(load(locale, 'widget'));
    expect([...flat.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of flat) expect(text.trim().length, `${locale}:${key}`).toBeGreaterThan(0);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s translates every widget string', (locale) => {
    for (const [key, text] of flatten(load(locale, 'widget'))) expect(text, `${locale}:${key}`).not.toBe(en.get(key));
  });
});

describe('desk console strings (locales/<lng>/desk.json and desk-admin.json)', () => {
  const FILES = ['desk', 'desk-admin'] as const;
  // Words Polish spells as English does; anything else left in English is a missed translation.
  const SAME_IN_POLISH = ['Bot', 'Status', 'System'];

  it.each(FILES.flatMap((file) => LOCALES.map((locale) => [file, locale] as const)))(
    '%s: %s has every key of en, each plural key with its language’s plural categories, the same placeholders',
    (file, locale) => {
      const enFlat = flatten(load('en', file));
      const en = baseKeys(enFlat);
      const flat = flatten(load(locale, file));
      const keys = baseKeys(flat);
      expect([...keys.keys()].sort()).toEqual([...en.keys()].sort());
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [base, present] of keys) {
        if (en.get(base)!.size === 0) expect(present.size, `${locale}:${base} must not be pluralised`).toBe(0);
        else expect([...present].sort(), `${locale}:${base} plural categories`).toEqual([...categories].sort());
      }
      for (const [key, text] of flat) {
        const base = key.replace(PLURAL_SUFFIX, '');
        const enText = enFlat.get(key) ?? enFlat.get(`${base}_other`) ?? enFlat.get(base);
        expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(enText!));
        expect(text.trim().length, `${locale}:${key} is not empty`).toBeGreaterThan(0);
        if (locale !== 'en' && !/^[\s\d{}#№.:,()\-–—/]*$/.test(text) && !SAME_IN_POLISH.includes(enText!)) {
          expect(text, `${locale}:${key} is translated`).not.toBe(enText);
        }
      }
    },
  );

  it('the two files share no top-level section (they are merged into one namespace)', () => {
    const desk = Object.keys(load('en', 'desk'));
    expect(Object.keys(load('en', 'desk-admin')).filter((k) => desk.includes(k))).toEqual([]);
  });

  /** Every t('literal.key') in the console's source, and the prefixes of t(`prefix.${…}`). */
  function consoleKeys(): { literal: string[]; prefixes: string[] } {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(`${dir}/${entry.name}`);
        else if (/\.tsx?$/.test(entry.name)) files.push(`${dir}/${entry.name}`);
      }
    };
    walk('desk-console/src');
    const source = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    return {
      literal: [...new Set([...source.matchAll(/\bt\('([a-zA-Z.]+)'/g)].map((m) => m[1]!))],
      prefixes: [...new Set([...source.matchAll(/\bt\(`([a-zA-Z.]+)\.\$\{/g)].map((m) => m[1]!))],
    };
  }

  it('has a text for every key the console asks for, in every language', () => {
    const { literal, prefixes } = consoleKeys();
    expect(literal.length).toBeGreaterThan(50);
    for (const locale of LOCALES) {
      const keys = baseKeys(new Map([...flatten(load(locale, 'desk')), ...flatten(load(locale, 'desk-admin'))]));
      for (const key of literal) expect(keys.has(key), `${locale}: ${key}`).toBe(true);
      for (const prefix of prefixes) expect([...keys.keys()].some((k) => k.startsWith(`${prefix}.`)), `${locale}: ${prefix}.*`).toBe(true);
    }
  });
});
