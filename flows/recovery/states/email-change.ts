import { assign, enqueueActions } from 'xstate';
import { promptState, recoverySetup, say, TECHNICAL_PROBLEM, UNAVAILABLE, type DoneEvent } from '../recovery.setup.js';
import { PROMPTS } from '../prompts.js';
import type { EmailChangeOutcome } from '../types.js';

/**
 * Email change with access to the old mailbox (SPEC §4.2): a code to the current
 * address, the new address, a code to the new address, then the change and a notice
 * to the old one. Without the old mailbox the retrieval tree collects evidence instead.
 */
export const emailChangeSelfState = recoverySetup.createStateConfig({
  initial: 'askCurrent',
  states: {
    askCurrent: {
      ...promptState(PROMPTS.askCurrentEmail),
      on: {
        EMAIL: {
          target: '#recovery.codeCheck',
          actions: assign({ codePurpose: 'EMAIL_CURRENT', pendingEmail: ({ event }) => event.address, account: null }),
        },
        // Without the current address no code can prove the mailbox: the lost-mailbox path proves the account instead.
        DONT_KNOW: { target: '#recovery.retrieval', actions: ['startLostMailbox', say({ key: 'email.lockedMailbox' })] },
      },
    },
    askNewAddress: {
      ...promptState(PROMPTS.askNewAddress),
      on: {
        EMAIL: { target: 'checkingAddress', actions: assign({ pendingEmail: ({ event }) => event.address }) },
      },
    },
    checkingAddress: {
      tags: ['busy'],
      invoke: {
        id: 'checkNewEmail',
        src: 'checkNewEmail',
        input: ({ context }) => ({ email: context.pendingEmail ?? '' }),
        onDone: [
          {
            guard: { type: 'outcome', params: { kind: 'ok' } },
            target: '#recovery.codeCheck',
            actions: assign({ codePurpose: 'EMAIL_NEW' }),
          },
          { guard: { type: 'outcome', params: { kind: 'taken' } }, target: 'askNewAddress', actions: say({ key: 'email.taken' }) },
          { guard: { type: 'outcome', params: { kind: 'same' } }, target: 'askNewAddress', actions: say({ key: 'email.same' }) },
          { guard: UNAVAILABLE, target: 'checkUnavailable' },
          TECHNICAL_PROBLEM,
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    applying: {
      tags: ['busy'],
      invoke: {
        id: 'applyEmailChange',
        src: 'applyEmailChange',
        input: ({ context }) => ({ locale: context.locale }),
        onDone: [
          {
            guard: { type: 'outcome', params: { kind: 'changed' } },
            target: '#recovery.menu',
            actions: enqueueActions(({ enqueue, event }) => {
              const outcome = (event as DoneEvent<EmailChangeOutcome>).output;
              if (outcome.kind === 'changed') enqueue({ type: 'say', params: { key: 'email.changed', params: { email: outcome.maskedEmail } } });
            }),
          },
          { guard: { type: 'outcome', params: { kind: 'taken' } }, target: 'askNewAddress', actions: say({ key: 'email.taken' }) },
          // Both proofs are kept: asking again applies the change once.
          { guard: UNAVAILABLE, target: 'applyUnavailable' },
          TECHNICAL_PROBLEM,
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    checkUnavailable: {
      ...promptState(PROMPTS.retryUnavailable),
      on: { YES: 'checkingAddress', NO: '#recovery.menu' },
    },
    applyUnavailable: {
      ...promptState(PROMPTS.retryUnavailable),
      on: { YES: 'applying', NO: '#recovery.menu' },
    },
  },
});
