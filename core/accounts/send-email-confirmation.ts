import type { CodeDeps } from '../codes/types.js';
import type { Locale } from '../domain.js';
import { hashConfirmationToken, newConfirmationToken } from './confirmation-token.js';

export type SendEmailConfirmationDeps = CodeDeps & { publicBaseUrl: string };
export type SendEmailConfirmationInput = { accountId: string; locale: Locale };
export type SendEmailConfirmationResult = { kind: 'sent' } | { kind: 'mailFailed' } | { kind: 'alreadyConfirmed' } | { kind: 'unavailable' };

export const CONFIRMATION_VALID_DAYS = 7;
// Links one account may be sent per hour: the owner already has them in the mailbox, and
// whoever proved the account by an order number must not be able to flood it.
export const CONFIRMATIONS_PER_HOUR = 5;

const HOUR = 3_600_000;

/**
 * Sends a link that confirms the account's email (SPEC §4.4, UNCONFIRMED accounts). Only the
 * token's hash is stored. Over the hourly share the answer is `sent` and no letter goes out.
 * The account must exist: callers have it from a proof.
 */
export async function sendEmailConfirmation(deps: SendEmailConfirmationDeps, input: SendEmailConfirmationInput): Promise<SendEmailConfirmationResult> {
  const now = deps.now();
  const found = await deps.directory.getAccount(input.accountId);
  if (found.kind === 'unavailable') return { kind: 'unavailable' };
  if (found.kind !== 'found') throw new Error('sendEmailConfirmation: the proven account is gone from the directory');
  const { account } = found;
  if (account.emailConfirmed) return { kind: 'alreadyConfirmed' };
  const recent = await deps.prisma.emailConfirmation.count({ where: { accountId: input.accountId, createdAt: { gt: new Date(now.getTime() - HOUR) } } });
  if (recent >= CONFIRMATIONS_PER_HOUR) return { kind: 'sent' };

  const token = newConfirmationToken();
  await deps.prisma.emailConfirmation.create({
    data: {
      accountId: input.accountId,
      tokenHash: hashConfirmationToken(token),
      expiresAt: new Date(now.getTime() + CONFIRMATION_VALID_DAYS * 24 * HOUR),
      createdAt: now,
    },
  });
  const link = `${deps.publicBaseUrl}/confirm-email?token=${token}&lang=${input.locale}`;
  const result = await deps.send({ kind: 'emailConfirmation', to: account.email, locale: input.locale, params: { link } });
  return result.status === 'FAILED' ? { kind: 'mailFailed' } : { kind: 'sent' };
}
