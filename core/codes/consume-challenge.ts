import type { CodeDeps, CodePurpose } from './types.js';

export type ConsumeChallengeInput = { conversationId: string; purpose: CodePurpose };
export type ConsumeChallengeResult = { kind: 'consumed' } | { kind: 'notVerified' };

/**
 * Marks the verified challenge of this purpose used, so its proof cannot serve a second action.
 * The account actions consume their challenges inside their own transactions; this is for
 * callers that only needed the proof (ACCOUNT_PROOF).
 */
export async function consumeChallenge(deps: Pick<CodeDeps, 'prisma' | 'now'>, input: ConsumeChallengeInput): Promise<ConsumeChallengeResult> {
  const consumed = await deps.prisma.verificationCode.updateMany({
    where: { ...input, verifiedAt: { not: null }, voidedAt: null, consumedAt: null },
    data: { consumedAt: deps.now() },
  });
  return consumed.count > 0 ? { kind: 'consumed' } : { kind: 'notVerified' };
}
