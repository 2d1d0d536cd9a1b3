import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { DbClient } from '../db/client.js';
import { maskEmail } from '../text/mask-email.js';
import { renderLetter, type Letter } from './letters.js';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from './retry-schedule.js';
import { openSealed, sealText } from './seal.js';
import { describeSendError } from './send-error.js';

export type MailerConfig = { smtpUrl?: string; from: string; secret: string };

export type MailerDeps = {
  prisma: DbClient;
  config: MailerConfig;
  logger?: Logger;
  now?: () => Date;
  /** Letters retried per retryDue() call. */
  batchSize?: number;
};

/**
 * SENT: the SMTP server took it. STORED: kept in the outbox (no SMTP). FAILED: not sent yet,
 * will be retried. QUEUED: written to the outbox, the first try runs in the background.
 */
export type SendStatus = 'SENT' | 'STORED' | 'FAILED' | 'QUEUED';

export interface Mailer {
  send(letter: Letter): Promise<{ status: SendStatus; outboxId: string }>;
  /**
   * Like send, but does not wait for SMTP: for letters to an address nobody has proven yet, so
   * neither the answer nor its timing tells whether the address has an account.
   */
  queue(letter: Letter): Promise<{ status: SendStatus; outboxId: string }>;
  /** Sends again the PENDING letters whose next attempt is due. */
  retryDue(): Promise<{ sent: number; failed: number }>;
  close(): Promise<void>;
}

type Body = { text: string; html: string };
type OutboxRow = { id: string; to: string; locale: string; kind: string; subject: string; attempts: number };

// A shopper waits in the chat while the first attempt runs: fail fast and let the retries work.
const SMTP_TIMEOUT_MS = 10_000;
// A letter being sent is leased for this long, so neither a retry run nor another instance sends
// it twice; a process that dies mid-send leaves it to be retried once the lease runs out.
const LEASE_MS = 5 * 60_000;

/**
 * The product's one mailer (SPEC §7). Every letter is written to the outbox first, its body
 * sealed (SPEC §8: a code is never stored in clear); with SMTP_URL it is then sent, and a failure
 * is retried with backoff without losing the letter. Without SMTP_URL the outbox is the mailbox.
 */
export function createMailer(deps: MailerDeps): Mailer {
  const { prisma, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const batchSize = deps.batchSize ?? 20;
  const transport = config.smtpUrl
    ? nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
        disableFileAccess: true,
        disableUrlAccess: true,
      })
    : undefined;

  const logFields = (row: OutboxRow, status: string, attempt: number) => ({
    kind: row.kind,
    outboxId: row.id,
    to: maskEmail(row.to),
    status,
    attempt,
  });

  /** One SMTP attempt and its bookkeeping. Never throws for a mail failure, only for the database. */
  const attempt = async (row: OutboxRow, body: Body): Promise<'SENT' | 'FAILED'> => {
    const attempts = row.attempts + 1;
    try {
      await transport!.sendMail({
        from: config.from,
        to: row.to,
        subject: row.subject,
        text: body.text,
        html: body.html,
        headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': row.locale },
      });
    } catch (error) {
      const giveUp = attempts >= MAX_SEND_ATTEMPTS;
      const status = giveUp ? 'FAILED' : 'PENDING';
      const lastError = describeSendError(error);
      const nextAttemptAt = giveUp ? null : new Date(now().getTime() + retryDelayMs(attempts));
      await prisma.outboxMessage.update({ where: { id: row.id }, data: { status, attempts, lastError, nextAttemptAt } });
      logger?.warn({ ...logFields(row, status, attempts), error: lastError }, giveUp ? 'letter not sent, giving up' : 'letter not sent, will retry');
      return 'FAILED';
    }
    await prisma.outboxMessage.update({ where: { id: row.id }, data: { status: 'SENT', attempts, sentAt: now(), nextAttemptAt: null } });
    logger?.info(logFields(row, 'SENT', attempts), 'letter sent');
    return 'SENT';
  };

  const store = async (letter: Letter) => {
    const rendered = renderLetter(letter);
    const createdAt = now();
    const row = await prisma.outboxMessage.create({
      data: {
        to: letter.to.trim(),
        locale: letter.locale,
        kind: letter.kind,
        subject: rendered.subject,
        sealedBody: sealText(config.secret, JSON.stringify({ text: rendered.text, html: rendered.html } satisfies Body)),
        status: transport ? 'PENDING' : 'STORED',
        nextAttemptAt: transport ? new Date(createdAt.getTime() + LEASE_MS) : null,
        conversationId: letter.conversationId ?? null,
        createdAt,
      },
    });
    if (!transport) logger?.info(logFields(row, 'STORED', 0), 'letter stored in the outbox');
    return { row, rendered };
  };

  const send: Mailer['send'] = async (letter) => {
    const { row, rendered } = await store(letter);
    if (!transport) return { status: 'STORED', outboxId: row.id };
    return { status: await attempt(row, rendered), outboxId: row.id };
  };

  const inFlight = new Set<Promise<unknown>>();
  const queue: Mailer['queue'] = async (letter) => {
    const { row, rendered } = await store(letter);
    if (!transport) return { status: 'STORED', outboxId: row.id };
    const work = attempt(row, rendered)
      .catch((error: unknown) => logger?.error({ outboxId: row.id, err: error instanceof Error ? error.message : String(error) }, 'background send failed'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
    return { status: 'QUEUED', outboxId: row.id };
  };

  /** Takes the lease on a due row; false when another run or instance took it first. */
  const lease = async (id: string, dueAt: Date | null, at: Date): Promise<boolean> => {
    const { count } = await prisma.outboxMessage.updateMany({
      where: { id, status: 'PENDING', nextAttemptAt: dueAt },
      data: { nextAttemptAt: new Date(at.getTime() + LEASE_MS) },
    });
    return count === 1;
  };

  const retryDue: Mailer['retryDue'] = async () => {
    const result = { sent: 0, failed: 0 };
    if (!transport) return result;
    const at = now();
    const due = await prisma.outboxMessage.findMany({
      where: { status: 'PENDING', nextAttemptAt: { lte: at } },
      orderBy: { nextAttemptAt: 'asc' },
      take: batchSize,
    });
    for (const row of due) {
      if (!(await lease(row.id, row.nextAttemptAt, at))) continue;
      let body: Body;
      try {
        body = JSON.parse(openSealed(config.secret, row.sealedBody)) as Body;
      } catch {
        // Retrying cannot help: the body was sealed under another APP_SECRET or was altered.
        const lastError = 'sealed body cannot be opened (APP_SECRET changed?)';
        await prisma.outboxMessage.update({ where: { id: row.id }, data: { status: 'FAILED', lastError, nextAttemptAt: null } });
        logger?.error({ ...logFields(row, 'FAILED', row.attempts), error: lastError }, 'letter cannot be sent');
        result.failed += 1;
        continue;
      }
      if ((await attempt(row, body)) === 'SENT') result.sent += 1;
      else result.failed += 1;
    }
    return result;
  };

  return {
    send,
    queue,
    retryDue,
    close: async () => {
      await Promise.allSettled([...inFlight]);
      transport?.close();
    },
  };
}
