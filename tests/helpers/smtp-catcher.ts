// A real SMTP server on 127.0.0.1 for tests, catching every message it is given.
//
//   const catcher = await startSmtpCatcher();               // random port; { port } to pick one
//   const mailer = createMailer({ ..., config: { smtpUrl: catcher.url, ... } });
//   const mail = await catcher.waitFor((m) => m.to.includes('anna@example.com'));
//   expect(mail.text).toMatch(/\b\d{6}\b/);
//   await catcher.close();
//
// No TLS (STARTTLS is not offered), no authentication required.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail } from './parse-mime.js';

export type CapturedMail = {
  /** The decoded From header, e.g. `Recovery Desk <no-reply@example.com>`. */
  from: string;
  /** The envelope recipients (RCPT TO), as the client gave them. */
  to: string[];
  /** The decoded Subject header. */
  subject: string;
  text: string;
  html: string;
  /** Every header, decoded, by lower-case name. */
  headers: Record<string, string>;
  /** The envelope sender (MAIL FROM). */
  envelopeFrom: string;
  /** The message as received (UTF-8). */
  raw: string;
};

export type SmtpCatcher = {
  url: string;
  port: number;
  /** Every message received so far, oldest first. */
  messages: CapturedMail[];
  /** The first message (received already or later) that matches; rejects after timeoutMs. */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** Forgets the messages received so far. */
  clear(): void;
  close(): Promise<void>;
};

function describe(messages: CapturedMail[]): string {
  return messages.map((m) => `${m.to.join(', ')}: "${m.subject}"`).join('; ') || 'nothing';
}

export async function startSmtpCatcher(options: { port?: number } = {}): Promise<SmtpCatcher> {
  const messages: CapturedMail[] = [];
  const arrivals = new EventEmitter();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const parsed = parseMail(raw);
        const mail: CapturedMail = {
          from: parsed.headers.from ?? '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.headers.subject ?? '',
          text: parsed.text,
          html: parsed.html,
          headers: parsed.headers,
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw: raw.toString('utf8'),
        };
        messages.push(mail);
        arrivals.emit('mail', mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  const waitFor: SmtpCatcher['waitFor'] = (predicate, timeoutMs = 5_000) => {
    const already = messages.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const onMail = (mail: CapturedMail) => {
        if (!predicate(mail)) return;
        clearTimeout(timer);
        arrivals.off('mail', onMail);
        resolve(mail);
      };
      const timer = setTimeout(() => {
        arrivals.off('mail', onMail);
        reject(new Error(`no matching mail within ${timeoutMs} ms; received: ${describe(messages)}`));
      }, timeoutMs);
      arrivals.on('mail', onMail);
    });
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor,
    clear: () => {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
