import type { DbClient } from '../../core/db/client.js';

/** Failed sign-ins counted per login and per client address over this window. */
export const SIGN_IN_WINDOW_MINUTES = 15;
/** Wrong passwords for one login (known or not) within the window: enough for typos, too few to guess. */
export const LOGIN_MAX_FAILURES = 5;
/** Failures from one address within the window, across logins: stops spraying one password over many logins. */
export const CLIENT_MAX_FAILURES = 20;

export type SignInLimit = { locked: false } | { locked: true; retryAfterSeconds: number };

/** The moment the oldest of the last `max` failures leaves the window, if there were `max` of them. */
async function lockedUntil(prisma: DbClient, where: { loginKey: string } | { clientKey: string }, max: number, now: Date): Promise<number | null> {
  const windowMs = SIGN_IN_WINDOW_MINUTES * 60_000;
  const failures = await prisma.deskSignInAttempt.findMany({
    where: { ...where, succeeded: false, createdAt: { gt: new Date(now.getTime() - windowMs) } },
    orderBy: { createdAt: 'desc' },
    take: max,
    select: { createdAt: true },
  });
  const oldest = failures[max - 1];
  return oldest ? oldest.createdAt.getTime() + windowMs : null;
}

/**
 * Whether a sign-in may be tried now. Counted from stored attempts, so the limits hold across
 * restarts and instances. A locked login answers the same whether or not it exists.
 */
export async function checkSignInLimits(prisma: DbClient, keys: { loginKey: string; clientKey: string }, now: Date): Promise<SignInLimit> {
  const until = Math.max(
    (await lockedUntil(prisma, { loginKey: keys.loginKey }, LOGIN_MAX_FAILURES, now)) ?? 0,
    (await lockedUntil(prisma, { clientKey: keys.clientKey }, CLIENT_MAX_FAILURES, now)) ?? 0,
  );
  if (until <= now.getTime()) return { locked: false };
  return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}
