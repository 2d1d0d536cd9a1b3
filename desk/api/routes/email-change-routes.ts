import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { approveEmailChange } from '../../email-change/approve-email-change.js';
import { cancelByLink } from '../../email-change/cancel-by-link.js';
import { cancelEmailChange } from '../../email-change/cancel-email-change.js';
import { CANCEL_PAGE_CSP, renderCancelPage } from '../../email-change/cancel-page.js';
import { CANCEL_PATH } from '../../email-change/confirm-email-change-code.js';
import { toEmailChangeView } from '../../email-change/email-change-view.js';
import { resendEmailChangeCode } from '../../email-change/resend-email-change-code.js';
import { REQUEST_NOTE_MAX, startEmailChange } from '../../email-change/start-email-change.js';
import { redactText } from '../../../core/text/redact.js';
import { deskRoute, type DeskApiContext } from '../desk-routes.js';
import { readInput, sendJson, sendResult } from '../http.js';
import { IdParams } from '../params.js';

const EMAIL_CHANGE_STATES = ['AWAITING_APPROVAL', 'PENDING_CODE', 'ON_HOLD', 'APPLYING', 'APPLIED', 'CANCELLED'] as const;
/** A supervisor's written reason: a few words at least, so "ok" is not an approval. */
// Card-number-like digit runs are masked before it is stored or audited (SPEC §8), as in every line an operator writes.
const Reason = z.string().trim().min(10, 'write a reason of at least 10 characters').max(1000).transform(redactText);
/** Any operator's note on the request, for the supervisor who approves it. */
const RequestNote = z.string().trim().max(REQUEST_NOTE_MAX, `keep the note to ${REQUEST_NOTE_MAX} characters`);
const StartBody = z.object({ newEmail: z.email().max(254).optional(), approvalReason: Reason.optional(), requestNote: RequestNote.optional() });
const ReasonBody = z.object({ reason: Reason });
const ListQuery = z.object({ state: z.enum(EMAIL_CHANGE_STATES).optional() });

/** The operator's email change for a locked mailbox (SPEC §6) and the cancel link of its hold. */
export function registerEmailChangeRoutes(server: Server, context: DeskApiContext): void {
  const { deps, logger } = context;

  server.post(
    '/desk/api/cases/:id/email-change',
    deskRoute(context, { write: true }, 'email-change', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      const body = params && readInput(res, StartBody, req.body);
      if (!params || !body) return;
      sendResult(res, await startEmailChange(deps, session.operator, params.id, body));
    }),
  );

  server.post(
    '/desk/api/cases/:id/email-change/resend',
    deskRoute(context, { write: true }, 'email-change-resend', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      if (!params) return;
      sendResult(res, await resendEmailChangeCode(deps, session.operator, params.id));
    }),
  );

  server.get(
    '/desk/api/email-changes',
    deskRoute(context, { write: false, supervisor: true }, 'email-changes', async (req, res) => {
      const query = readInput(res, ListQuery, req.query);
      if (!query) return;
      const rows = await deps.prisma.emailChangeRequest.findMany({
        where: query.state ? { state: query.state } : {},
        orderBy: { createdAt: 'desc' },
        take: 200,
      });
      sendJson(res, 200, { emailChanges: rows.map(toEmailChangeView) });
    }),
  );

  server.post(
    '/desk/api/email-changes/:id/approve',
    deskRoute(context, { write: true, supervisor: true }, 'email-change-approve', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      const body = params && readInput(res, ReasonBody, req.body);
      if (!params || !body) return;
      sendResult(res, await approveEmailChange(deps, session.operator, params.id, body.reason));
    }),
  );

  server.post(
    '/desk/api/email-changes/:id/deny',
    deskRoute(context, { write: true, supervisor: true }, 'email-change-deny', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      const body = params && readInput(res, ReasonBody, req.body);
      if (!params || !body) return;
      sendResult(res, await cancelEmailChange(deps, session.operator, params.id, 'deny', body.reason));
    }),
  );

  server.post(
    '/desk/api/email-changes/:id/cancel',
    deskRoute(context, { write: true }, 'email-change-cancel', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      if (!params) return;
      sendResult(res, await cancelEmailChange(deps, session.operator, params.id, 'cancel'));
    }),
  );

  // Opened from the hold notice in the old mailbox: no session, the token is the authority.
  server.get(CANCEL_PATH, async (req: Request, res: Response) => {
    const token = (req.query as Record<string, unknown> | undefined)?.token;
    let status = 500;
    let html: string;
    try {
      const { outcome, locale } = await cancelByLink(deps, typeof token === 'string' ? token.slice(0, 256) : '');
      logger.info({ outcome }, 'email change cancel link opened');
      status = outcome === 'invalid' ? 400 : outcome === 'tooLate' ? 410 : 200;
      html = renderCancelPage(locale ?? 'en', outcome);
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'email change cancel link failed');
      html = renderCancelPage('en', 'invalid');
    }
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CANCEL_PAGE_CSP });
    res.end(html);
  });
}
