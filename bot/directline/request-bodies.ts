import { z } from 'zod';

const LocaleTag = z.string().max(35).regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/);
const UserId = z.string().regex(/^[A-Za-z0-9_.:@-]{1,64}$/, 'must be 1-64 letters, digits or _.:@-');

/** POST /tokens/generate and POST /conversations: both optional, as in Azure's Direct Line. */
export const StartBody = z
  .object({
    user: z.object({ id: UserId.optional(), name: z.string().max(256).optional() }).passthrough().optional(),
    locale: LocaleTag.optional(),
  })
  .passthrough();

export type StartRequest = z.infer<typeof StartBody>;

/** A start body, or a problem; a missing body is an empty request. */
export function parseStartBody(body: unknown): { request: StartRequest } | { problem: string } {
  if (body === undefined || body === null || body === '') return { request: {} };
  const parsed = StartBody.safeParse(body);
  if (parsed.success) return { request: parsed.data };
  return { problem: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
}
