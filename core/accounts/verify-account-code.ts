import { consumeChallenge } from '../codes/consume-challenge.js';
import type { CodeDeps } from '../codes/types.js';
import { unverifyChallenge } from '../codes/unverify-challenge.js';
import { verifyCode, type VerifyCodeInput, type VerifyCodeResult } from '../codes/verify-code.js';
import type { DirectoryAccount } from '../directory/directory.js';

export type VerifyAccountCodeResult =
  | { kind: 'ok'; account: DirectoryAccount }
  | Exclude<VerifyCodeResult, { kind: 'ok' }>
  /** The code was right but the directory did not answer: it stays good to type again later. */
  | { kind: 'unavailable' };

/**
 * Checks a code the bot asked for and reads the account it proves. An account proof is used here
 * and now: the flow takes the account from this answer and nothing reads the challenge again, so
 * it is marked used rather than left verified until it expires. The other purposes are consumed
 * by the account action they allow.
 */
export async function verifyAccountCode(deps: CodeDeps, input: VerifyCodeInput): Promise<VerifyAccountCodeResult> {
  const result = await verifyCode(deps, input);
  if (result.kind !== 'ok') return result;
  const found = await deps.directory.getAccount(result.accountId);
  if (found.kind === 'unavailable') {
    await unverifyChallenge(deps.prisma, { conversationId: input.conversationId, purpose: input.purpose });
    return { kind: 'unavailable' };
  }
  if (found.kind !== 'found') return { kind: 'noChallenge' };
  if (input.purpose === 'ACCOUNT_PROOF') await consumeChallenge(deps, { conversationId: input.conversationId, purpose: 'ACCOUNT_PROOF' });
  return { kind: 'ok', account: found.account };
}
