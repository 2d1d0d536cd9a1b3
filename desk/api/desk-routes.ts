import type { Request, Response } from 'restify';
import type { Logger } from 'pino';
import type { DeskDeps } from '../desk-deps.js';
import { refuse } from '../desk-result.js';
import type { ActiveSession } from '../sessions/find-session.js';
import { sendError, sendFailure } from './http.js';
import { guardRequest, type GuardDeps } from './request-guard.js';

/** What every route of the desk API is built from. */
export type DeskApiContext = { deps: DeskDeps; guard: GuardDeps; logger: Logger };

export type Access = {
  /** Changes state: needs the CSRF token and a same-origin request. */
  write: boolean;
  /** Only supervisors (SPEC §8: approve, reassign, manage operators, read the audit log). */
  supervisor?: boolean;
};

type Handler = (req: Request, res: Response, session: ActiveSession) => Promise<void>;

/** A body that is not JSON is refused before anything reads it (no form posts into the API). */
function hasNonJsonBody(req: Request): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  return (length > 0 || chunked) && !req.is('json');
}

/**
 * Wraps a desk API handler: authentication and authorisation first, then the handler; anything
 * unexpected becomes a logged 500 with no detail, never a crash.
 */
export function deskRoute(context: DeskApiContext, access: Access, name: string, handler: Handler) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      if (access.write && hasNonJsonBody(req)) {
        sendError(res, 415, 'UnsupportedMediaType', 'Send JSON (application/json).');
        return;
      }
      const guarded = await guardRequest(req, context.guard, access.write);
      if (!guarded.ok) {
        sendFailure(res, guarded);
        return;
      }
      if (access.supervisor && guarded.value.operator.role !== 'SUPERVISOR') {
        sendFailure(res, refuse(403, 'Forbidden', 'Only a supervisor can do this.'));
        return;
      }
      await handler(req, res, guarded.value);
    } catch (error) {
      context.logger.error({ route: name, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, 'desk request failed');
      if (!res.headersSent) sendError(res, 500, 'Internal', 'Internal error.');
    }
  };
}
