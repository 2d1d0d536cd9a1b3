import { hashConfirmationToken, isConfirmationToken } from '../../core/accounts/confirmation-token.js';
import { toDeskOperator, type DeskOperator } from '../operators/desk-operator.js';
import type { SessionDeps } from './session-deps.js';

export type ActiveSession = { sessionId: string; operator: DeskOperator; csrfToken: string; expiresAt: Date };

// lastSeenAt is written at most this often: a console polling every few seconds should not turn
// every read into a write. The idle limit is in minutes, so this costs it no precision.
const TOUCH_AFTER_MS = 30_000;

/**
 * The session behind a cookie token, if it is still good: within its absolute lifetime, used
 * within the idle limit, and its operator still active. An expired session is deleted on sight.
 * `touch: false` checks without counting as use: the event stream's heartbeat must not keep an
 * unattended console signed in past the idle limit.
 */
export async function findSession(deps: SessionDeps, token: string | undefined, options: { touch?: boolean } = {}): Promise<ActiveSession | null> {
  if (!token || !isConfirmationToken(token)) return null;
  const now = deps.now();
  const row = await deps.prisma.operatorSession.findUnique({ where: { tokenHash: hashConfirmationToken(token) }, include: { operator: true } });
  if (!row) return null;
  const idleLimit = row.lastSeenAt.getTime() + deps.config.desk.sessionIdleMinutes * 60_000;
  if (now.getTime() >= row.expiresAt.getTime() || now.getTime() >= idleLimit) {
    await deps.prisma.operatorSession.deleteMany({ where: { id: row.id } });
    return null;
  }
  if (!row.operator.active) return null;
  if (options.touch !== false && now.getTime() - row.lastSeenAt.getTime() >= TOUCH_AFTER_MS) {
    await deps.prisma.operatorSession.updateMany({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  return { sessionId: row.id, operator: toDeskOperator(row.operator), csrfToken: row.csrfSecret, expiresAt: row.expiresAt };
}
