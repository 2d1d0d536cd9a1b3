import { recordAudit } from '../../core/audit/record-audit.js';
import { keyedHash } from '../../core/security/keyed-hash.js';
import { hashPassword, verifyPassword } from '../../core/security/password.js';
import { toDeskOperator, type DeskOperator } from '../operators/desk-operator.js';
import { createSession, type NewSession } from './create-session.js';
import type { SessionDeps } from './session-deps.js';
import { checkSignInLimits } from './sign-in-limits.js';

export type SignInInput = { email: string; password: string; clientAddress: string };
export type SignInResult =
  | { kind: 'signedIn'; operator: DeskOperator; session: NewSession }
  | { kind: 'invalid' }
  | { kind: 'limited'; retryAfterSeconds: number };

// A hash to check against when the login is unknown, so an unknown login costs the same scrypt
// time as a wrong password and the answer time does not tell which logins exist.
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword('decoy password that never matches anything'));

/**
 * Checks a login and password (SPEC §8: operators sign in). Unknown login, wrong password and an
 * inactive operator all answer `invalid`. Every try is recorded for the limits per login and per
 * client address; over them the password is not even checked.
 */
export async function signIn(deps: SessionDeps, input: SignInInput): Promise<SignInResult> {
  const now = deps.now();
  const login = input.email.trim().toLowerCase();
  const keys = { loginKey: keyedHash(deps.config.secret, 'desk-login', login), clientKey: keyedHash(deps.config.secret, 'desk-client', input.clientAddress) };
  const limit = await checkSignInLimits(deps.prisma, keys, now);
  if (limit.locked) return { kind: 'limited', retryAfterSeconds: limit.retryAfterSeconds };

  const row = await deps.prisma.operator.findUnique({ where: { email: login } });
  const matches = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash()));
  const succeeded = row !== null && row.active && matches;
  await deps.prisma.deskSignInAttempt.create({ data: { ...keys, succeeded, createdAt: now } });
  if (!succeeded || !row) return { kind: 'invalid' };

  const session = await createSession(deps, row.id);
  await recordAudit(deps.prisma, { actorType: 'OPERATOR', actorId: row.id, action: 'operator.signed_in' });
  return { kind: 'signedIn', operator: toDeskOperator(row), session };
}
