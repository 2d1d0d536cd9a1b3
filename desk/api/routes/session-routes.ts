import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { endSession } from '../../sessions/end-session.js';
import { signIn } from '../../sessions/sign-in.js';
import { clearedSessionCookie, sessionCookie } from '../cookies.js';
import { deskRoute, type DeskApiContext } from '../desk-routes.js';
import { readInput, sendError, sendJson } from '../http.js';
import { operatorJson } from '../operator-json.js';
import { sameOrigin } from '../request-guard.js';

const SignInBody = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(256) });

/** Sign-in, sign-out and "who am I" (with the CSRF token the console sends back on every change). */
export function registerSessionRoutes(server: Server, context: DeskApiContext): void {
  const { deps, guard, logger } = context;
  const secure = deps.config.desk.secureCookies;

  server.post('/desk/api/session', async (req: Request, res: Response) => {
    try {
      // No session yet, so no CSRF token: the origin check and SameSite=Strict stand in (login CSRF).
      if (!sameOrigin(req, deps.config.publicBaseUrl)) {
        sendError(res, 403, 'ForeignOrigin', 'The request does not come from the desk.');
        return;
      }
      if (!req.is('json')) {
        sendError(res, 415, 'UnsupportedMediaType', 'Send JSON (application/json).');
        return;
      }
      const input = readInput(res, SignInBody, req.body);
      if (!input) return;
      const result = await signIn(guard, { ...input, clientAddress: req.socket.remoteAddress ?? 'unknown' });
      if (result.kind === 'limited') {
        res.header('Retry-After', String(result.retryAfterSeconds));
        sendError(res, 429, 'TooManyAttempts', `Too many failed sign-ins. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} min.`);
        return;
      }
      if (result.kind === 'invalid') {
        sendError(res, 401, 'InvalidCredentials', 'The email or the password is wrong.');
        return;
      }
      res.header('Set-Cookie', sessionCookie(result.session.token, deps.config.desk.sessionMaxHours * 3600, secure));
      logger.info({ operator: result.operator.id }, 'desk sign-in');
      sendJson(res, 200, { operator: operatorJson(result.operator), csrfToken: result.session.csrfToken, expiresAt: result.session.expiresAt.toISOString() });
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'desk sign-in failed');
      if (!res.headersSent) sendError(res, 500, 'Internal', 'Internal error.');
    }
  });

  server.del(
    '/desk/api/session',
    deskRoute(context, { write: true }, 'sign-out', async (_req, res, session) => {
      await endSession(deps.prisma, session.sessionId, session.operator.id);
      res.header('Set-Cookie', clearedSessionCookie(secure));
      sendJson(res, 200, { signedOut: true });
    }),
  );

  server.get(
    '/desk/api/me',
    deskRoute(context, { write: false }, 'me', async (_req, res, session) => {
      sendJson(res, 200, {
        operator: operatorJson(session.operator),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
        // The development outbox (/dev/outbox, this machine only) exists outside production.
        devOutbox: deps.config.env !== 'production',
        // The longest reply the shopper's chat accepts, for the reply box.
        maxMessageLength: deps.config.limits.maxMessageLength,
      });
    }),
  );
}
