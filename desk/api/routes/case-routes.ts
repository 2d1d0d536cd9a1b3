import type { Server } from 'restify';
import { z } from 'zod';
import { closeCase } from '../../cases/close-case.js';
import { EVIDENCE_REQUEST_KINDS } from '../../cases/evidence-request.js';
import { loadCaseView } from '../../cases/load-case-view.js';
import { REJECT_REASONS } from '../../cases/reject-reasons.js';
import { replyToShopper } from '../../cases/reply-to-shopper.js';
import { requestEvidence } from '../../cases/request-evidence.js';
import { unblockAccount } from '../../cases/unblock-account.js';
import type { Delivery } from '../../shopper-messenger.js';
import type { DeliveryView } from '../contract.js';
import { deskRoute, type DeskApiContext } from '../desk-routes.js';
import { readInput, sendResult } from '../http.js';
import { IdParams } from '../params.js';

const RejectBody = z.object({ reason: z.enum(REJECT_REASONS) });
const EvidenceBody = z.object({ kind: z.enum(EVIDENCE_REQUEST_KINDS) });

const deliveryJson = (delivery: Delivery): DeliveryView => ({
  delivered: delivery.delivered,
  lines: delivery.lines.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })),
});

/** One case: its page, and what the holding operator does with it. */
export function registerCaseRoutes(server: Server, context: DeskApiContext): void {
  const { deps } = context;
  const MessageBody = z.object({ text: z.string().trim().min(1).max(deps.config.limits.maxMessageLength) });

  server.get(
    '/desk/api/cases/:id',
    deskRoute(context, { write: false }, 'case', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      if (!params) return;
      sendResult(res, await loadCaseView(deps, session.operator, params.id));
    }),
  );

  server.post(
    '/desk/api/cases/:id/messages',
    deskRoute(context, { write: true }, 'reply', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      const body = params && readInput(res, MessageBody, req.body);
      if (!params || !body) return;
      sendResult(res, await replyToShopper(deps, session.operator, params.id, body.text), deliveryJson);
    }),
  );

  server.post(
    '/desk/api/cases/:id/evidence-requests',
    deskRoute(context, { write: true }, 'request-evidence', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      const body = params && readInput(res, EvidenceBody, req.body);
      if (!params || !body) return;
      sendResult(res, await requestEvidence(deps, session.operator, params.id, body.kind), deliveryJson);
    }),
  );

  server.post(
    '/desk/api/cases/:id/unblock',
    deskRoute(context, { write: true }, 'unblock', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      if (!params) return;
      sendResult(res, await unblockAccount(deps, session.operator, params.id));
    }),
  );

  server.post(
    '/desk/api/cases/:id/reject',
    deskRoute(context, { write: true }, 'reject', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      const body = params && readInput(res, RejectBody, req.body);
      if (!params || !body) return;
      sendResult(res, await closeCase(deps, session.operator, params.id, { status: 'REJECTED', reason: body.reason }));
    }),
  );

  server.post(
    '/desk/api/cases/:id/resolve',
    deskRoute(context, { write: true }, 'resolve', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      if (!params) return;
      sendResult(res, await closeCase(deps, session.operator, params.id, { status: 'RESOLVED' }));
    }),
  );
}
