import { z } from 'zod';

const id = z.string().min(1).max(256);
const account = z.object({ id: z.string().max(256), name: z.string().max(256).optional() }).passthrough();

/**
 * The shape of an incoming Bot Framework activity that the bot relies on. Checked
 * before the adapter sees it, so malformed input is a 400 and never a crash.
 */
export const IncomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    id: id.optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    conversation: z.object({ id }).passthrough(),
    from: account,
    recipient: account,
    text: z.string().max(100_000).optional(),
    locale: z.string().max(35).optional(),
    attachments: z.array(z.object({ contentType: z.string().max(255) }).passthrough()).max(20).optional(),
    membersAdded: z.array(account).max(50).optional(),
  })
  .passthrough();

/** A short, safe description of what is wrong with an activity (no echo of its content). */
export function describeActivityProblem(body: unknown): string | null {
  const result = IncomingActivity.safeParse(body);
  if (result.success) return null;
  return result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`)
    .join('; ');
}
