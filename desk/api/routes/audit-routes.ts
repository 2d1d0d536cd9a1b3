import type { Server } from 'restify';
import { z } from 'zod';
import { listAudit } from '../../audit/list-audit.js';
import { deskRoute, type DeskApiContext } from '../desk-routes.js';
import { readInput, sendJson } from '../http.js';

const AuditQuery = z.object({
  caseId: z.guid().optional(),
  accountId: z.guid().optional(),
  actorId: z.guid().optional(),
  action: z.string().trim().regex(/^[a-z_.]{1,64}$/, 'an action such as case.claimed, or a family such as case.').optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(120).optional(),
});

/**
 * The audit log for supervisors (SPEC §6), read-only: the API has no route that changes or
 * deletes an audit event.
 */
export function registerAuditRoutes(server: Server, context: DeskApiContext): void {
  server.get(
    '/desk/api/audit',
    deskRoute(context, { write: false, supervisor: true }, 'audit', async (req, res) => {
      const query = readInput(res, AuditQuery, req.query);
      if (!query) return;
      const page = await listAudit(context.deps.prisma, {
        ...query,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      });
      sendJson(res, 200, page);
    }),
  );
}
