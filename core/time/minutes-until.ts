const MINUTE = 60_000;

/** Whole minutes from now until a moment, at least 1: what "try again in N minutes" tells. */
export function minutesUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / MINUTE));
}
