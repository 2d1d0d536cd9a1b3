import { z } from 'zod';

/**
 * What an operator can ask the shopper for. ORDER_NUMBER and CARD are checked by the bot against
 * the directory and the case's account as the shopper answers; ORDER_DETAILS (what was bought,
 * when, where it went) is free text for the operator to judge.
 */
export const EVIDENCE_REQUEST_KINDS = ['ORDER_NUMBER', 'CARD', 'ORDER_DETAILS'] as const;
export type EvidenceRequestKind = (typeof EVIDENCE_REQUEST_KINDS)[number];

const Digits = { bin: z.string().regex(/^\d{6}$/), last4: z.string().regex(/^\d{4}$/) };

/**
 * The question under way, stored on the case: a card payment is asked in three steps (card
 * digits, amount, date) as in the bot's own flow, so the answers so far are kept (BIN and last 4
 * only, SPEC §8).
 */
const EvidenceRequestSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('orderNumber') }),
  z.object({ step: z.literal('cardDigits') }),
  z.object({ step: z.literal('amount'), ...Digits }),
  z.object({ step: z.literal('date'), ...Digits, amountMinor: z.number().int().nonnegative() }),
]);
export type EvidenceRequest = z.infer<typeof EvidenceRequestSchema>;

/** The stored question, or null when none (or the stored text is not one: better to ask again than to guess). */
export function parseEvidenceRequest(stored: string | null): EvidenceRequest | null {
  if (!stored) return null;
  try {
    const parsed = EvidenceRequestSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The first step of a checked request; null for a kind the operator judges alone. */
export function firstStep(kind: EvidenceRequestKind): EvidenceRequest | null {
  if (kind === 'ORDER_NUMBER') return { step: 'orderNumber' };
  if (kind === 'CARD') return { step: 'cardDigits' };
  return null;
}
