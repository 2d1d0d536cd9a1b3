import type { Locale } from '../domain.js';
import type { CodeDeps, CodePurpose, LetterKind } from './types.js';

const LETTER_KIND: Record<CodePurpose, LetterKind> = {
  PASSWORD_RESET: 'passwordResetCode',
  EMAIL_CURRENT: 'emailChangeCurrentCode',
  EMAIL_NEW: 'emailChangeNewCode',
  ACCOUNT_PROOF: 'accountProofCode',
};

export type CodeLetter = { purpose: CodePurpose; to: string; code: string; locale: Locale; conversationId: string };

/** Sends a code letter; a letter the mailer could not hand over is `mailFailed` (a resend may work). */
export async function sendCodeLetter(deps: Pick<CodeDeps, 'send' | 'codes'>, letter: CodeLetter): Promise<{ kind: 'sent' } | { kind: 'mailFailed' }> {
  const result = await deps.send({
    kind: LETTER_KIND[letter.purpose],
    to: letter.to,
    locale: letter.locale,
    params: { code: letter.code, minutes: deps.codes.ttlMinutes },
    conversationId: letter.conversationId,
  });
  return result.status === 'FAILED' ? { kind: 'mailFailed' } : { kind: 'sent' };
}
