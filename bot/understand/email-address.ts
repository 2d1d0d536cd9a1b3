import { z } from 'zod';

const Email = z.email();
const CANDIDATE = /[^\s<>()[\]{},;:"']+@[^\s<>()[\]{},;:"']+/u;

/** The one email address in a message ("my new email is Anna@Example.com."), lower-cased; null if none is valid. */
export function findEmailAddress(text: string): string | null {
  const match = CANDIDATE.exec(text);
  if (!match) return null;
  const candidate = match[0].replace(/[.!?]+$/u, '').toLowerCase();
  if (candidate.length > 254) return null;
  return Email.safeParse(candidate).success ? candidate : null;
}
