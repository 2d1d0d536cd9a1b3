import { assign, enqueueActions } from 'xstate';
import { mergeEvidence, promptState, recoverySetup, say, TECHNICAL_PROBLEM, UNAVAILABLE, type DoneEvent } from '../recovery.setup.js';
import { PROMPTS } from '../prompts.js';
import type { ResendOutcome, VerifyOutcome } from '../types.js';

/**
 * A one-time code sent to a mailbox and typed back (SPEC §4.1): send, resend, verify.
 * What the code proves is `context.codePurpose`; a verified code leads on to that flow.
 * The rules (expiry, attempts, resends) are enforced by the actors from stored rows.
 */
export const codeCheckState = recoverySetup.createStateConfig({
  initial: 'sending',
  states: {
    sending: {
      tags: ['busy'],
      invoke: {
        id: 'startChallenge',
        src: 'startChallenge',
        input: ({ context }) => ({
          purpose: context.codePurpose ?? 'PASSWORD_RESET',
          locale: context.locale,
          email: context.codePurpose === 'EMAIL_NEW' ? null : context.pendingEmail,
          accountRef: context.account?.ref ?? null,
          newEmail: context.codePurpose === 'EMAIL_NEW' ? context.pendingEmail : null,
        }),
        onDone: [
          {
            guard: { type: 'outcome', params: { kind: 'locked' } },
            target: 'locked',
            actions: 'sayCodeLocked',
          },
          { guard: { type: 'outcome', params: { kind: 'mailFailed' } }, target: 'askCode', actions: say({ key: 'mail.failed' }) },
          { guard: UNAVAILABLE, target: 'sendUnavailable' },
          { target: 'askCode', actions: 'sayCodeSent' },
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    sendUnavailable: {
      ...promptState(PROMPTS.retryUnavailable),
      on: { YES: 'sending', NO: '#recovery.menu' },
    },
    askCode: {
      ...promptState(PROMPTS.askCode),
      on: {
        CODE: 'verifying',
        RESEND: 'resending',
      },
    },
    resending: {
      tags: ['busy'],
      invoke: {
        id: 'resendCode',
        src: 'resendCode',
        input: ({ context }) => ({ purpose: context.codePurpose ?? 'PASSWORD_RESET', locale: context.locale }),
        onDone: [
          { guard: { type: 'outcome', params: { kind: 'noChallenge' } }, target: '#recovery.menu', actions: say({ key: 'code.startAgain' }) },
          { guard: UNAVAILABLE, target: 'askCode', actions: say({ key: 'directory.notSent' }) },
          {
            target: 'askCode',
            actions: enqueueActions(({ enqueue, event }) => {
              const outcome = (event as DoneEvent<ResendOutcome>).output;
              if (outcome.kind === 'tooSoon') enqueue({ type: 'say', params: { key: 'code.tooSoon', params: { count: outcome.seconds } } });
              else if (outcome.kind === 'limitReached') enqueue({ type: 'say', params: { key: 'code.resendLimit' } });
              else if (outcome.kind === 'mailFailed') enqueue({ type: 'say', params: { key: 'mail.failed' } });
              else enqueue({ type: 'say', params: { key: 'code.resent' } });
            }),
          },
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    verifying: {
      tags: ['busy'],
      invoke: {
        id: 'verifyCode',
        src: 'verifyCode',
        input: ({ context, event }) => ({
          purpose: context.codePurpose ?? 'PASSWORD_RESET',
          code: (event as { code?: string }).code ?? '',
        }),
        onDone: [
          { guard: { type: 'outcome', params: { kind: 'locked' } }, target: 'locked', actions: 'sayCodeLocked' },
          // The code stays good: typing it again later retries.
          { guard: UNAVAILABLE, target: 'verifyUnavailable' },
          {
            guard: { type: 'outcome', params: { kind: 'ok' } },
            target: 'verified',
            // The mailbox answered: for the desk, that is evidence the shopper controls the account's email.
            actions: assign(({ context, event }) => {
              const { account } = event.output as Extract<VerifyOutcome, { kind: 'ok' }>;
              const proof = { kind: 'EMAIL' as const, display: account.maskedEmail, matched: true, accountId: account.ref };
              return { account, evidence: mergeEvidence(context.evidence, [proof]) };
            }),
          },
          {
            target: 'askCode',
            actions: enqueueActions(({ enqueue, event }) => {
              const outcome = (event as DoneEvent<VerifyOutcome>).output;
              if (outcome.kind === 'wrong') enqueue({ type: 'say', params: { key: 'code.wrong', params: { count: outcome.attemptsLeft } } });
              else enqueue({ type: 'say', params: { key: 'code.expired' } });
            }),
          },
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    verifyUnavailable: {
      ...promptState(PROMPTS.codeUnavailable),
      on: { CODE: 'verifying', RESEND: 'resending' },
    },
    verified: {
      always: [
        { guard: { type: 'codeFor', params: { purpose: 'PASSWORD_RESET' } }, target: '#recovery.passwordReset.askNew' },
        { guard: { type: 'codeFor', params: { purpose: 'EMAIL_CURRENT' } }, target: '#recovery.emailChangeSelf.askNewAddress' },
        { guard: { type: 'codeFor', params: { purpose: 'EMAIL_NEW' } }, target: '#recovery.emailChangeSelf.applying' },
        { target: '#recovery.retrieval.matched' },
      ],
    },
    locked: {
      ...promptState(PROMPTS.codeLocked),
      on: {
        YES: { target: '#recovery.handoff', actions: assign({ caseType: 'GENERAL' }) },
        NO: '#recovery.menu',
        THANKS: '#recovery.farewell',
      },
    },
  },
});
