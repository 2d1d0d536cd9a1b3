import type { Server } from 'restify';
import { z } from 'zod';
import { CASE_STATUSES, CASE_TYPES, LOCALES } from '../../../core/domain.js';
import { claimCase } from '../../cases/claim-case.js';
import { listCases } from '../../cases/list-cases.js';
import { listQueue } from '../../cases/list-queue.js';
import { reassignCase } from '../../cases/reassign-case.js';
import { releaseCase } from '../../cases/release-case.js';
import { deskRoute, type DeskApiContext } from '../desk-routes.js';
import { readInput, sendJson, sendResult } from '../http.js';
import { IdParams } from '../params.js';

const QueueQuery = z.object({ type: z.enum(CASE_TYPES).optional(), language: z.enum(LOCALES).optional() });
const CasesQuery = z.object({ status: z.enum(CASE_STATUSES).optional(), operatorId: z.guid().optional() });
const ReassignBody = z.object({ operatorId: z.guid() });

const caseJson = (row: { id: string; number: number; status: string; claimedById: string | null; claimedAt: Date | null }) => ({
  id: row.id,
  number: row.number,
  status: row.status,
  claimedById: row.claimedById,
  claimedAt: row.claimedAt?.toISOString() ?? null,
});

/** The queue and the moves of a case between operators: claim, release, reassign. */
export function registerQueueRoutes(server: Server, context: DeskApiContext): void {
  const { deps } = context;

  server.get(
    '/desk/api/queue',
    deskRoute(context, { write: false }, 'queue', async (req, res, session) => {
      const query = readInput(res, QueueQuery, req.query);
      if (!query) return;
      sendJson(res, 200, { cases: await listQueue(deps.prisma, session.operator, query, deps.now()) });
    }),
  );

  server.get(
    '/desk/api/cases',
    deskRoute(context, { write: false }, 'cases', async (req, res, session) => {
      const query = readInput(res, CasesQuery, req.query);
      if (!query) return;
      sendJson(res, 200, { cases: await listCases(deps.prisma, session.operator, query) });
    }),
  );

  server.post(
    '/desk/api/cases/:id/claim',
    deskRoute(context, { write: true }, 'claim', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      if (!params) return;
      sendResult(res, await claimCase(deps, session.operator, params.id), caseJson);
    }),
  );

  server.post(
    '/desk/api/cases/:id/release',
    deskRoute(context, { write: true }, 'release', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      if (!params) return;
      sendResult(res, await releaseCase(deps, session.operator, params.id), () => ({ id: params.id, status: 'WAITING' }));
    }),
  );

  server.post(
    '/desk/api/cases/:id/reassign',
    deskRoute(context, { write: true, supervisor: true }, 'reassign', async (req, res, session) => {
      const params = readInput(res, IdParams, req.params);
      const body = params && readInput(res, ReassignBody, req.body);
      if (!params || !body) return;
      sendResult(res, await reassignCase(deps, session.operator, params.id, body.operatorId), caseJson);
    }),
  );
}
