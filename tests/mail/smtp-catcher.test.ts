import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEncodedWords, parseMail } from '../helpers/parse-mime.js';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher.js';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('parse-mime', () => {
  it('decodes RFC 2047 words: B and Q, folded, a character split across two words', () => {
    const pol = Buffer.from('Zażółć', 'utf8');
    const split = `=?UTF-8?B?${pol.subarray(0, 3).toString('base64')}?=\r\n =?UTF-8?B?${pol.subarray(3).toString('base64')}?=`;
    expect(decodeEncodedWords(split.replace(/\r\n(?=[ \t])/g, ''))).toBe('Zażółć');
    expect(decodeEncodedWords('=?utf-8?Q?Pa=C5=BAdziernik_2026?= done')).toBe('Październik 2026 done');
    expect(decodeEncodedWords('=?windows-1251?B?z+Dw7uv8?=')).toBe('Пароль');
    expect(decodeEncodedWords('=?UTF-8*ru?Q?=D0=9A=D0=BE=D0=B4?= =?UTF-8?Q?_123?=')).toBe('Код 123');
    expect(decodeEncodedWords('plain = text ?= here')).toBe('plain = text ?= here');
  });

  it('reads nested multiparts with quoted-printable, base64 and 8bit parts and skips attachments', () => {
    const raw = crlf([
      'From: =?UTF-8?Q?Recovery_Desk?= <no-reply@example.com>',
      'Subject: =?UTF-8?B?0JrQvtC0INC00LvRjyDRgdCx0YDQvtGB0LAg?=',
      ' =?UTF-8?B?0L/QsNGA0L7Qu9GP?=',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'preamble to ignore',
      '--outer',
      'Content-Type: multipart/alternative;',
      '\tboundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain; charset="utf-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Kod: 482913 =C5=BC=C3=B3=C5=82w =',
      'soft break, a literal =3D sign   ',
      'end',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<p>Код <b>482913</b></p>').toString('base64'),
      '--inner--',
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Disposition: attachment; filename="x.txt"',
      '',
      'not the body',
      '--outer--',
      'epilogue',
    ]);
    const mail = parseMail(raw);
    expect(mail.headers.from).toBe('Recovery Desk <no-reply@example.com>');
    expect(mail.headers.subject).toBe('Код для сброса пароля');
    expect(mail.text).toBe('Kod: 482913 żółw soft break, a literal = sign\nend');
    expect(mail.html).toBe('<p>Код <b>482913</b></p>');
  });

  it('reads a single-part 8bit message in its charset', () => {
    const head = crlf(['Subject: hi', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', '']);
    const mail = parseMail(Buffer.concat([head, Buffer.from('Ваш код: 135790\r\n', 'utf8')]));
    expect(mail.text).toBe('Ваш код: 135790\n');
    expect(mail.html).toBe('');
  });
});

describe('startSmtpCatcher', () => {
  let catcher: SmtpCatcher;
  beforeAll(async () => {
    catcher = await startSmtpCatcher();
  });
  afterAll(() => catcher.close());

  it('catches what a real SMTP client sends, decoded', async () => {
    const transport = nodemailer.createTransport(catcher.url);
    await transport.sendMail({
      from: 'Служба поддержки <support@example.com>',
      to: ['olha@example.com', 'Piotr Żak <piotr@example.com>'],
      subject: 'Підтвердьте нову адресу пошти — ąęłńóśźż',
      text: `Рядок один\n\n    246810\n${'довгий рядок '.repeat(20)}`,
      html: `<p style="color:#1f3a5f">Код <b>246810</b> — ${'ż'.repeat(200)}</p>`,
    });
    transport.close();
    const mail = await catcher.waitFor((m) => m.to.includes('piotr@example.com'));
    expect(mail.from).toBe('Служба поддержки <support@example.com>');
    expect(mail.to).toEqual(['olha@example.com', 'piotr@example.com']);
    expect(mail.envelopeFrom).toBe('support@example.com');
    expect(mail.subject).toBe('Підтвердьте нову адресу пошти — ąęłńóśźż');
    expect(mail.text).toBe(`Рядок один\n\n    246810\n${'довгий рядок '.repeat(20)}`);
    expect(mail.html).toBe(`<p style="color:#1f3a5f">Код <b>246810</b> — ${'ż'.repeat(200)}</p>`);
  });

  it('waits for a message that has not come yet, and times out with what it did receive', async () => {
    catcher.clear();
    const waiting = catcher.waitFor((m) => m.subject === 'later', 5_000);
    const transport = nodemailer.createTransport(catcher.url);
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'first', text: 'x' });
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'later', text: 'y' });
    transport.close();
    // A single-part body keeps the line break that ends its last line.
    expect((await waiting).text).toBe('y\n');
    await expect(catcher.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow(/"first".*"later"/);
  });
});
