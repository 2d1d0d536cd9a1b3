import { hashConfirmationToken, newConfirmationToken } from '../../core/accounts/confirmation-token.js';
import type { SessionDeps } from './session-deps.js';

export type NewSession = { sessionId: string; token: string; csrfToken: string; expiresAt: Date };

/**
 * Opens a session: a 256-bit random token for the cookie (only its SHA-256 is stored, so a copy
 * of the table signs nobody in) and a separate random CSRF token the console echoes in a header.
 */
export async function createSession(deps: SessionDeps, operatorId: string): Promise<NewSession> {
  const now = deps.now();
  const token = newConfirmationToken();
  const csrfToken = newConfirmationToken();
  const expiresAt = new Date(now.getTime() + deps.config.desk.sessionMaxHours * 3_600_000);
  const row = await deps.prisma.operatorSession.create({
    data: { operatorId, tokenHash: hashConfirmationToken(token), csrfSecret: csrfToken, createdAt: now, lastSeenAt: now, expiresAt },
  });
  return { sessionId: row.id, token, csrfToken, expiresAt };
}
