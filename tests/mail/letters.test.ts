import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../core/domain.js';
import { LETTER_KINDS, renderLetter, type Letter, type LetterKind } from '../../core/mail/letters.js';
import { baseKeys, flatten, loadLocaleFile, placeholders, PLURAL_SUFFIX, type Tree } from '../helpers/locale-keys.js';

const CODE = '482913';

function load(locale: Locale): Tree {
  return loadLocaleFile(locale, 'mail');
}


function sampleParams(kind: LetterKind): Record<string, string | number> {
  switch (kind) {
    case 'passwordChanged':
      return { loginId: 'ru4815162342', when: '2026-10-01T10:05:00Z' };
    case 'emailChanged':
      return { loginId: 'ru4815162342', newEmail: 'n***a@example.org' };
    case 'emailConfirmation':
      return { link: 'https://desk.example.com/confirm?token=abc&lang=ru' };
    case 'emailChangeHold':
      return { loginId: 'ru4815162342', newEmail: 'n***a@example.org', when: '2026-10-02T10:05:00Z', link: 'https://desk.example.com/desk/cancel-email-change?token=abc' };
    default:
      return { code: CODE, minutes: 10 };
  }
}

const letter = (kind: LetterKind, locale: Locale, params = sampleParams(kind)): Letter => ({ kind, locale, to: 'anna.k@example.com', params });
const isCodeLetter = (kind: LetterKind) => kind.endsWith('Code');

describe('renderLetter', () => {
  const cases = LETTER_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const));

  it.each(cases)('renders %s in %s: subject, plain text and a well-formed HTML page', (kind, locale) => {
    const { subject, text, html } = renderLetter(letter(kind, locale));
    const strings = flatten(load(locale));
    expect(subject).toBe(strings.get(`${kind}.subject`));
    expect(text).toContain(strings.get('layout.greeting'));
    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="[a-z]{2}">/);
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
    expect(html).toContain(`>${strings.get('layout.brand')}</td>`);
    expect(html).not.toMatch(/\{\{|\}\}|<script|<link|<style/i);
    // Well-formed enough: every opened container closes.
    for (const tag of ['table', 'tr', 'td', 'p', 'a', 'span', 'body', 'head']) {
      expect(html.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0, tag).toBe(html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0);
    }
    if (isCodeLetter(kind)) {
      expect(text).toContain(`\n    ${CODE}\n`);
      expect(html).toContain(`>${CODE}</span>`);
    }
    // The subject is stored in clear in the outbox: it must never carry the code.
    expect(subject).not.toContain(CODE);
  });

  it('tells in every code letter how long the code lives, to ignore it if unasked and never to share it', () => {
    for (const locale of LOCALES) {
      const strings = flatten(load(locale));
      const { text } = renderLetter(letter('passwordResetCode', locale));
      expect(text).toContain(strings.get('code.notYou'));
      expect(text).toContain(strings.get('code.neverShare'));
      expect(text).toMatch(/10/);
    }
  });

  it.each([
    ['ru', ['1 минуту', '2 минуты', '5 минут', '21 минуту', '22 минуты', '11 минут']],
    ['uk', ['1 хвилину', '2 хвилини', '5 хвилин', '21 хвилину', '22 хвилини', '11 хвилин']],
    ['pl', ['1 minutę', '2 minuty', '5 minut', '21 minut', '22 minuty', '12 minut']],
    ['en', ['1 minute ', '2 minutes', '5 minutes', '21 minutes', '22 minutes', '11 minutes']],
  ] as const)('uses the right plural form of minutes in %s', (locale, expected) => {
    for (const phrase of expected) {
      const minutes = Number(phrase.split(' ')[0]);
      const { text, html } = renderLetter(letter('accountProofCode', locale, { code: CODE, minutes }));
      expect(text).toContain(phrase);
      expect(html).toContain(phrase.trim());
    }
  });

  it('escapes every param in the HTML version and keeps the text version literal', () => {
    const evil = '<script>alert(1)</script>&"\'';
    const rendered = [
      renderLetter(letter('passwordResetCode', 'en', { code: evil, minutes: 10 })),
      renderLetter(letter('passwordChanged', 'ru', { loginId: evil, when: evil })),
      renderLetter(letter('emailChanged', 'uk', { loginId: evil, newEmail: `a***${evil}@example.com` })),
      renderLetter(letter('emailConfirmation', 'pl', { link: `https://x.example/c?t="><script>alert(1)</script>` })),
    ];
    for (const { text, html } of rendered) {
      expect(html).not.toContain('<script');
      expect(html).toContain('&lt;script&gt;');
      expect(html).not.toMatch(/href="[^"]*"[^>\s]/); // no attribute broken out of its quotes
      expect(text).toContain('<script>');
    }
    expect(rendered[0]!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
  });

  it('puts the confirmation link in a button and in clear, and refuses links that are not http(s)', () => {
    const { text, html } = renderLetter(letter('emailConfirmation', 'en'));
    expect(text).toContain('\nhttps://desk.example.com/confirm?token=abc&lang=ru\n');
    expect(html.match(/href="https:\/\/desk\.example\.com\/confirm\?token=abc&amp;lang=ru"/g)).toHaveLength(2);
    for (const link of ['javascript:alert(1)', 'data:text/html,x', 'ftp://x', '//evil.example']) {
      expect(() => renderLetter(letter('emailConfirmation', 'en', { link }))).toThrow(/http/);
    }
  });

  it('shows an ISO time in the letter language, in UTC, and other values as given', () => {
    const at = '2026-10-01T10:05:00Z';
    expect(renderLetter(letter('passwordChanged', 'ru', { loginId: 'x', when: at })).text).toContain('1 октября 2026');
    expect(renderLetter(letter('passwordChanged', 'uk', { loginId: 'x', when: at })).text).toContain('1 жовтня 2026');
    expect(renderLetter(letter('passwordChanged', 'pl', { loginId: 'x', when: at })).text).toContain('1 października 2026');
    expect(renderLetter(letter('passwordChanged', 'en', { loginId: 'x', when: at })).text).toMatch(/October 1, 2026.*10:05.*UTC/);
    expect(renderLetter(letter('passwordChanged', 'en', { loginId: 'x', when: 'yesterday' })).text).toContain('on yesterday.');
  });

  it('refuses a letter without its params rather than send a broken one', () => {
    expect(() => renderLetter(letter('passwordResetCode', 'en', { minutes: 10 }))).toThrow(/"code"/);
    expect(() => renderLetter(letter('passwordResetCode', 'en', { code: CODE, minutes: 0 }))).toThrow(/minutes/);
    expect(() => renderLetter(letter('emailChanged', 'en', { loginId: 'x' }))).toThrow(/"newEmail"/);
    expect(() => renderLetter(letter('passwordChanged', 'en', { loginId: ' ', when: 'now' }))).toThrow(/"loginId"/);
  });
});

describe('mail locale files', () => {
  const en = baseKeys(flatten(load('en')));

  it.each(LOCALES)('%s has every key of en, each plural key with all of its plural categories', (locale) => {
    const keys = baseKeys(flatten(load(locale)));
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

  it.each(LOCALES)('%s keeps the placeholders of every en text, none empty', (locale) => {
    const enFlat = flatten(load('en'));
    for (const [key, text] of flatten(load(locale))) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const enText = enFlat.get(key) ?? enFlat.get(`${base}_other`) ?? enFlat.get(base);
      expect(enText, `${locale}:${key} has an en source`).toBeDefined();
      expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(enText!));
      expect(text.trim().length, `${locale}:${key} is not empty`).toBeGreaterThan(0);
    }
  });

  it('has a subject and an opening for every kind of letter', () => {
    for (const locale of LOCALES) {
      const flat = flatten(load(locale));
      for (const kind of LETTER_KINDS) expect(flat.get(`${kind}.subject`), `${locale}:${kind}.subject`).toBeTruthy();
    }
  });
});
