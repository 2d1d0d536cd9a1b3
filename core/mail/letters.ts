import type { Locale } from '../domain.js';
import { renderLetterHtml, type LetterBlock } from './letter-html.js';
import { mailTranslator, type MailTranslate } from './mail-translator.js';

export const LETTER_KINDS = [
  'passwordResetCode',
  'emailChangeCurrentCode',
  'emailChangeNewCode',
  'accountProofCode',
  'passwordChanged',
  'emailChanged',
  'emailConfirmation',
  'emailChangeHold',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/**
 * A letter to send. Params by kind: the code letters `{ code, minutes }`; passwordChanged
 * `{ loginId, when }` (`when` an ISO timestamp, shown in the letter's language, UTC);
 * emailChanged `{ loginId, newEmail }` with newEmail already masked; emailConfirmation `{ link }`;
 * emailChangeHold `{ loginId, newEmail, when, link }` (newEmail masked, `when` the end of the hold,
 * `link` the cancel link).
 */
export type Letter = {
  kind: LetterKind;
  to: string;
  locale: Locale;
  params: Record<string, string | number>;
  conversationId?: string | null;
};

export type RenderedLetter = { subject: string; text: string; html: string };

/**
 * What a letter says, in order; `count` names the param that picks the plural form. A link is
 * the `link` param, shown as a button labelled by the text at `label`.
 */
type Piece = { type: 'paragraph'; key: string; count?: string } | { type: 'code' } | { type: 'link'; label: string };
/** The params a kind needs and what it says. */
type LetterSpec = { params: readonly string[]; pieces: readonly Piece[] };

const codeLetter = (kind: LetterKind): LetterSpec => ({
  params: ['code', 'minutes'],
  pieces: [
    { type: 'paragraph', key: `${kind}.intro` },
    { type: 'code' },
    { type: 'paragraph', key: 'code.validFor', count: 'minutes' },
    { type: 'paragraph', key: 'code.notYou' },
    { type: 'paragraph', key: 'code.neverShare' },
  ],
});

const notice = (kind: LetterKind, params: string[]): LetterSpec => ({
  params,
  pieces: ['body', 'ifYou', 'ifNotYou'].map((part): Piece => ({ type: 'paragraph', key: `${kind}.${part}` })),
});

const LETTERS: Record<LetterKind, LetterSpec> = {
  passwordResetCode: codeLetter('passwordResetCode'),
  emailChangeCurrentCode: codeLetter('emailChangeCurrentCode'),
  emailChangeNewCode: codeLetter('emailChangeNewCode'),
  accountProofCode: codeLetter('accountProofCode'),
  passwordChanged: notice('passwordChanged', ['loginId', 'when']),
  emailChanged: notice('emailChanged', ['loginId', 'newEmail']),
  emailConfirmation: {
    params: ['link'],
    pieces: [
      { type: 'paragraph', key: 'emailConfirmation.body' },
      { type: 'link', label: 'emailConfirmation.button' },
      { type: 'paragraph', key: 'emailConfirmation.linkOnce' },
      { type: 'paragraph', key: 'emailConfirmation.notYou' },
    ],
  },
  emailChangeHold: {
    params: ['loginId', 'newEmail', 'when', 'link'],
    pieces: [
      { type: 'paragraph', key: 'emailChangeHold.body' },
      { type: 'paragraph', key: 'emailChangeHold.ifYou' },
      { type: 'paragraph', key: 'emailChangeHold.ifNotYou' },
      { type: 'link', label: 'emailChangeHold.button' },
      { type: 'paragraph', key: 'emailChangeHold.afterCancel' },
    ],
  },
};

/** A wrong letter is a programming error: better to fail here than to send it. */
function checkParams(letter: Letter): void {
  for (const name of LETTERS[letter.kind].params) {
    const value = letter.params[name];
    if (value === undefined || String(value).trim() === '') throw new Error(`letter ${letter.kind} needs the param "${name}"`);
  }
  if ('minutes' in letter.params && !(Number(letter.params.minutes) > 0)) {
    throw new Error(`letter ${letter.kind}: "minutes" must be a positive number`);
  }
  // Only web links: a javascript: or data: URL must never become a button in a letter.
  const hasLink = LETTERS[letter.kind].pieces.some((piece) => piece.type === 'link');
  if (hasLink && !/^https?:\/\/[^\s]+$/i.test(String(letter.params.link))) {
    throw new Error(`letter ${letter.kind}: "link" must be an http(s) URL`);
  }
}

/** An ISO timestamp in the letter's language (UTC, said so); anything else is shown as given. */
function formatWhen(locale: Locale, when: string | number): string | number {
  if (typeof when !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(when) || Number.isNaN(Date.parse(when))) return when;
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return `${format.format(new Date(when))} UTC`;
}

function finish(t: MailTranslate, letter: Letter, piece: Piece, values: Record<string, string | number>): LetterBlock {
  switch (piece.type) {
    case 'code':
      return { type: 'code', code: String(values.code) };
    case 'link':
      return { type: 'link', href: String(values.link), label: t(letter.locale, piece.label) };
    case 'paragraph': {
      const params = piece.count === undefined ? values : { ...values, count: Number(values[piece.count]) };
      return { type: 'paragraph', text: t(letter.locale, piece.key, params) };
    }
  }
}

function blockText(block: LetterBlock): string {
  if (block.type === 'paragraph') return block.text;
  // The code and the link stand alone on their line, easy to spot and to copy.
  return block.type === 'code' ? `    ${block.code}` : block.href;
}

/**
 * Renders a letter in its shopper's language: subject, plain text and HTML. The subject never
 * carries the code, so the outbox can keep subjects readable and seal only the bodies.
 */
export function renderLetter(letter: Letter): RenderedLetter {
  checkParams(letter);
  const t = mailTranslator();
  const { locale } = letter;
  const values = { ...letter.params };
  if (values.when !== undefined) values.when = formatWhen(locale, values.when);
  const blocks = LETTERS[letter.kind].pieces.map((piece) => finish(t, letter, piece, values));
  const frame = {
    locale,
    subject: t(locale, `${letter.kind}.subject`),
    brand: t(locale, 'layout.brand'),
    greeting: t(locale, 'layout.greeting'),
    signature: t(locale, 'layout.signature'),
    automatic: t(locale, 'layout.automatic'),
  };
  const text = [frame.greeting, ...blocks.map(blockText), `-- \n${frame.signature}\n${frame.automatic}`].join('\n\n') + '\n';
  return { subject: frame.subject, text, html: renderLetterHtml(frame, blocks) };
}
