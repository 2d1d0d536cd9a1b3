import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { findVisibleCase } from '../../cases/case-access.js';
import { CASE_NOT_FOUND } from '../../desk-result.js';
import type { DeskEvent } from '../../events/desk-hub.js';
import type { DeskOperator } from '../../operators/desk-operator.js';
import { servesLocale } from '../../operators/desk-operator.js';
import { findSession } from '../../sessions/find-session.js';
import { readCookie, SESSION_COOKIE } from '../cookies.js';
import type { DeskApiContext } from '../desk-routes.js';
import { readInput, sendFailure } from '../http.js';
import { guardRequest } from '../request-guard.js';

const EventsQuery = z.object({ case: z.guid().optional() });

// Comments keep proxies from closing an idle stream; each beat also re-checks the session.
const HEARTBEAT_MS = 20_000;

/** What an operator's stream carries: the queues they may take from, and their held (or watched) cases. */
function mayReceive(operator: DeskOperator, watched: string | undefined, event: DeskEvent): boolean {
  if (event.claimedById === operator.id || event.caseId === watched) return true;
  // Supervisors approve email changes: an agent's request reaches their approvals list live.
  if (event.type === 'case' && event.change === 'emailChange' && operator.role === 'SUPERVISOR') return true;
  return event.type === 'queue' && servesLocale(operator, event.locale);
}

/**
 * Server-Sent Events for the console (`/desk/api/events`): queue changes and the shopper's
 * messages in the operator's cases, live. `?case=<id>` also follows one case the operator may
 * see (a supervisor watching an agent's case). Authorised like every request; the stream ends
 * when the session does.
 */
export function registerEventsRoute(server: Server, context: DeskApiContext): { close(): void } {
  const { deps, guard } = context;
  const open = new Set<() => void>();

  server.get('/desk/api/events', async (req: Request, res: Response) => {
    const guarded = await guardRequest(req, guard, false);
    if (!guarded.ok) {
      sendFailure(res, guarded);
      return;
    }
    const query = readInput(res, EventsQuery, req.query);
    if (!query) return;
    const { operator } = guarded.value;
    if (query.case && !(await findVisibleCase(deps.prisma, operator, query.case))) {
      sendFailure(res, CASE_NOT_FOUND);
      return;
    }

    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    const write = (name: string, data: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    write('ready', { operatorId: operator.id });

    await new Promise<void>((resolve) => {
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        clearInterval(beat);
        open.delete(end);
        if (!res.writableEnded) res.end();
        resolve();
      };
      const stopEvents = deps.hub.subscribe((event) => {
        if (mayReceive(operator, query.case, event)) write(event.type, event);
      });
      // After a gap in the instances' shared channel the console reloads, as after its own reconnection.
      const stopResync = deps.hub.onResync(() => write('ready', { operatorId: operator.id, resync: true }));
      const unsubscribe = () => {
        stopEvents();
        stopResync();
      };
      const beat = setInterval(() => {
        // Checked, not touched: an open stream alone is not the operator at work (idle limit).
        void findSession(guard, readCookie(req, SESSION_COOKIE), { touch: false }).then(
          (session) => {
            if (session) res.write(': keep-alive\n\n');
            else {
              write('signedOut', {});
              end();
            }
          },
          () => end(),
        );
      }, HEARTBEAT_MS);
      beat.unref();
      open.add(end);
      req.once('close', end);
      res.once('close', end);
    });
  });

  return {
    close: () => {
      for (const end of [...open]) end();
    },
  };
}
