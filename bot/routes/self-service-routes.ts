import type { Request, Response, Server } from 'restify';
import type { Config } from '../../core/config/config.js';
import type { Db } from '../../core/db/client.js';
import type { Directory } from '../../core/directory/directory.js';
import { confirmEmail } from '../../core/accounts/confirm-email.js';
import { readOutbox } from '../../core/mail/read-outbox.js';
import { renderOutboxPage, OUTBOX_PAGE_CSP } from '../../core/mail/outbox-page.js';
import type { Translate } from '../i18n/translator.js';
import { localeFromTag } from '../render.js';
import { renderConfirmPage, CONFIRM_PAGE_CSP } from './confirm-email-page.js';
import type { Logger } from '../logger.js';

export type SelfServiceRouteDeps = { config: Config; db: Db; directory: Directory; translate: Translate; logger: Logger; now: () => Date };

function sendHtml(res: Response, status: number, html: string, csp: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

const LOOPBACK_PEER = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

function isLocalRequest(req: Request): boolean {
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK_PEER.test(req.socket.remoteAddress ?? '') && LOCAL_HOST.test(req.headers.host ?? '');
}

function queryText(req: Request, name: string): string {
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, 512) : '';
}

/**
 * The pages behind the letters: the confirmation link (SPEC §4.4) and, outside
 * production, the development outbox where letters land when no SMTP is configured.
 */
export function registerSelfServiceRoutes(server: Server, deps: SelfServiceRouteDeps): void {
  const { config, db, translate, logger } = deps;

  server.get('/confirm-email', async (req: Request, res: Response) => {
    const locale = localeFromTag(queryText(req, 'lang')) ?? 'en';
    const result = await confirmEmail({ prisma: db.prisma, directory: deps.directory, now: deps.now }, queryText(req, 'token'));
    logger.info({ outcome: result.kind }, 'email confirmation link opened');
    const status = result.kind === 'confirmed' || result.kind === 'alreadyConfirmed' ? 200 : result.kind === 'expired' ? 410 : result.kind === 'unavailable' ? 503 : 400;
    const loginId = result.kind === 'confirmed' ? result.loginId : '';
    sendHtml(res, status, renderConfirmPage(translate, locale, result.kind, loginId), CONFIRM_PAGE_CSP);
  });

  if (config.env === 'production') return;
  server.get('/dev/outbox', async (req: Request, res: Response) => {
    // The outbox shows codes and links in clear: only for a developer on this very machine,
    // never through a proxy or a rebound DNS name.
    if (!isLocalRequest(req)) {
      res.status(404);
      res.json({ error: { code: 'NotFound', message: 'Not found.' } });
      return;
    }
    const to = queryText(req, 'to') || undefined;
    const parsedLimit = Number.parseInt(queryText(req, 'limit'), 10);
    const limit = Number.isFinite(parsedLimit) && parsedLimit > 0 ? Math.min(parsedLimit, 200) : 50;
    const letters = await readOutbox(db.prisma, config.secret, { to, limit });
    sendHtml(res, 200, renderOutboxPage(letters, { to, limit }), OUTBOX_PAGE_CSP);
  });
}
