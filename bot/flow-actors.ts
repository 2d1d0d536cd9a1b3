import { fromPromise } from 'xstate';
import type { Config } from '../core/config/config.js';
import type { DbClient } from '../core/db/client.js';
import type { Directory } from '../core/directory/directory.js';
import type { RetrievalOutcome } from '../core/domain.js';
import { keyedHash } from '../core/security/keyed-hash.js';
import { retrieveUnderLimits } from '../core/attempts/retrieve-under-limits.js';
import { findByOrder } from '../core/directory/find-by-order.js';
import { findByCard } from '../core/directory/find-by-card.js';
import { openCase } from '../core/cases/open-case.js';
import { caseProgress } from '../core/cases/case-progress.js';
import { startChallenge } from '../core/codes/start-challenge.js';
import { resendCode } from '../core/codes/resend-code.js';
import { verifyAccountCode } from '../core/accounts/verify-account-code.js';
import { setPendingPassword } from '../core/accounts/set-pending-password.js';
import { confirmNewPassword } from '../core/accounts/confirm-new-password.js';
import { checkNewEmail } from '../core/accounts/check-new-email.js';
import { applyEmailChange } from '../core/accounts/apply-email-change.js';
import { sendEmailConfirmation } from '../core/accounts/send-email-confirmation.js';
import { toAccountSummary } from '../core/directory/account-summary.js';
import type { Locale } from '../core/domain.js';
import type { Mailer } from '../core/mail/mailer.js';
import type {
  CardLookupInput,
  CaseProgress,
  ChallengeInput,
  ChallengeOutcome,
  CodePurpose,
  ConfirmationOutcome,
  ConfirmPasswordOutcome,
  EmailChangeOutcome,
  NewEmailOutcome,
  OpenCaseInput,
  OpenCaseOutput,
  OrderLookupInput,
  PasswordOutcome,
  ResendOutcome,
  VerifyOutcome,
} from '../flows/recovery/types.js';

export type FlowActorDeps = {
  prisma: DbClient;
  directory: Directory;
  config: Pick<Config, 'limits' | 'secret' | 'codes' | 'publicBaseUrl'>;
  now: () => Date;
  mailer: Mailer;
  conversationId: string;
  clientKey: string | null;
  /** Told about every new case, so the desk's queues show it at once. */
  desk?: { caseOpened(caseId: string): Promise<void> };
};

/** The recovery flow's named actors, bound to one conversation's database scope. */
export function provideFlowActors(deps: FlowActorDeps) {
  const { prisma, directory, config, conversationId } = deps;
  const retrieval = { prisma, limits: config.limits, now: deps.now, conversationId, clientKey: deps.clientKey };
  // A letter to an address the shopper has proven (an account found, a new address they typed)
  // is awaited, so a failure can be told; one to an address only typed is queued, so that
  // neither the answer nor its timing says whether the address has an account.
  const codes = { prisma, directory, secret: config.secret, codes: config.codes, send: deps.mailer.send, now: deps.now };
  const unproven = { ...codes, send: deps.mailer.queue };
  const codesFor = (purpose: CodePurpose, accountRef: string | null) =>
    accountRef !== null || purpose === 'EMAIL_NEW' ? codes : unproven;
  return {
    actors: {
      lookupOrder: fromPromise<RetrievalOutcome, OrderLookupInput>(({ input }) =>
        retrieveUnderLimits(retrieval, keyedHash(config.secret, 'order', input.orderNumber), () =>
          findByOrder(directory, input.orderNumber),
        ),
      ),
      lookupCard: fromPromise<RetrievalOutcome, CardLookupInput>(({ input }) =>
        retrieveUnderLimits(retrieval, keyedHash(config.secret, 'card', `${input.bin}:${input.last4}`), () =>
          findByCard(directory, input),
        ),
      ),
      openCase: fromPromise<OpenCaseOutput, OpenCaseInput>(async ({ input }) => {
        const opened = await openCase(prisma, {
          conversationId,
          type: input.type,
          locale: input.locale,
          evidence: input.evidence,
          accountId: input.accountRef,
          blockStatus: input.blockStatus,
          requestedEmail: input.requestedEmail,
        });
        if (!opened.reused) await deps.desk?.caseOpened(opened.caseId);
        return { caseNumber: opened.caseNumber, position: opened.position };
      }),
      checkCase: fromPromise<CaseProgress, { caseNumber: number }>(({ input }) =>
        caseProgress(prisma, conversationId, input.caseNumber),
      ),
      startChallenge: fromPromise<ChallengeOutcome, ChallengeInput>(({ input }) =>
        startChallenge(codesFor(input.purpose, input.accountRef), {
          conversationId,
          purpose: input.purpose,
          // With a proven account the code goes to the address on file, not to one typed.
          email: input.email ?? '',
          locale: input.locale,
          accountId: input.accountRef,
          newEmail: input.newEmail,
        }),
      ),
      resendCode: fromPromise<ResendOutcome, { purpose: CodePurpose; locale: Locale }>(({ input }) =>
        resendCode(codesFor(input.purpose, null), { conversationId, purpose: input.purpose, locale: input.locale }),
      ),
      verifyCode: fromPromise<VerifyOutcome, { purpose: CodePurpose; code: string }>(async ({ input }) => {
        const result = await verifyAccountCode(codes, { conversationId, purpose: input.purpose, code: input.code });
        return result.kind === 'ok' ? { kind: 'ok', account: toAccountSummary(result.account) } : result;
      }),
      setPendingPassword: fromPromise<PasswordOutcome, { password: string }>(({ input }) =>
        setPendingPassword(codes, { conversationId, password: input.password }),
      ),
      confirmNewPassword: fromPromise<ConfirmPasswordOutcome, { password: string; locale: Locale }>(async ({ input }) => {
        const result = await confirmNewPassword(codes, { conversationId, password: input.password, locale: input.locale });
        return result.kind === 'changed' ? { kind: 'changed' } : result;
      }),
      checkNewEmail: fromPromise<NewEmailOutcome, { email: string }>(({ input }) =>
        checkNewEmail(codes, { conversationId, email: input.email }),
      ),
      applyEmailChange: fromPromise<EmailChangeOutcome, { locale: Locale }>(({ input }) =>
        applyEmailChange(codes, { conversationId, locale: input.locale }),
      ),
      sendConfirmation: fromPromise<ConfirmationOutcome, { accountRef: string; locale: Locale }>(({ input }) =>
        sendEmailConfirmation({ ...codes, publicBaseUrl: config.publicBaseUrl }, { accountId: input.accountRef, locale: input.locale }),
      ),
    },
  };
}
