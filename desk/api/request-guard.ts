import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { refuse, succeed, type DeskResult } from '../desk-result.js';
import { findSession, type ActiveSession } from '../sessions/find-session.js';
import type { SessionDeps } from '../sessions/session-deps.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';

export type GuardDeps = SessionDeps & { publicBaseUrl: string };

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A state-changing request must come from the console's own pages. Browsers say where a request
 * comes from (Origin, and Sec-Fetch-Site in current ones); when they do, it must be this server
 * (the Host the request was sent to, or the configured public URL). Tools that send neither still
 * need the session cookie and the CSRF token.
 */
export function sameOrigin(req: Request, publicBaseUrl: string): boolean {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = header(req, 'origin');
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const from = new URL(origin);
  return from.host === header(req, 'host') || from.origin === new URL(publicBaseUrl).origin;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Authenticates and authorises one desk request (SPEC §8: every request checked on the server):
 * a live session from the cookie (401 otherwise); for a state-changing request also the session's
 * CSRF token in X-CSRF-Token and a same-origin request (403 otherwise).
 */
export async function guardRequest(req: Request, deps: GuardDeps, write: boolean): Promise<DeskResult<ActiveSession>> {
  if (write && !sameOrigin(req, deps.publicBaseUrl)) return refuse(403, 'ForeignOrigin', 'The request does not come from the desk.');
  const session = await findSession(deps, readCookie(req, SESSION_COOKIE));
  if (!session) return refuse(401, 'Unauthenticated', 'Sign in to the desk.');
  if (write) {
    const token = header(req, 'x-csrf-token');
    if (!token || !sameToken(token, session.csrfToken)) return refuse(403, 'CsrfTokenInvalid', 'The CSRF token is missing or wrong.');
  }
  return succeed(session);
}
