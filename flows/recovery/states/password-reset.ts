import { assign, enqueueActions } from 'xstate';
import { promptState, recoverySetup, say, TECHNICAL_PROBLEM, UNAVAILABLE, type DoneEvent } from '../recovery.setup.js';
import { PROMPTS } from '../prompts.js';
import type { PasswordOutcome } from '../types.js';

/**
 * Password reset by email (SPEC §4.1): the address, a code (code-check.ts), the new
 * password twice. The password travels only in the event to the actors; the first
 * entry is kept hashed by them, never in this machine's context.
 */
export const passwordResetState = recoverySetup.createStateConfig({
  initial: 'askEmail',
  states: {
    askEmail: {
      ...promptState(PROMPTS.resetAskEmail),
      on: {
        EMAIL: {
          target: '#recovery.codeCheck',
          actions: assign({ codePurpose: 'PASSWORD_RESET', pendingEmail: ({ event }) => event.address, account: null }),
        },
        // No address remembered: find the account first.
        DONT_KNOW: '#recovery.retrieval',
      },
    },
    askNew: {
      ...promptState(PROMPTS.askNewPassword),
      on: { PASSWORD: 'checking' },
    },
    checking: {
      tags: ['busy'],
      invoke: {
        id: 'setPendingPassword',
        src: 'setPendingPassword',
        input: ({ event }) => ({ password: (event as { password?: string }).password ?? '' }),
        onDone: [
          { guard: { type: 'outcome', params: { kind: 'ok' } }, target: 'askRepeat' },
          { guard: UNAVAILABLE, target: 'newUnavailable' },
          {
            guard: { type: 'outcome', params: { kind: 'rejected' } },
            target: 'askNew',
            actions: enqueueActions(({ enqueue, event }) => {
              const outcome = (event as DoneEvent<PasswordOutcome>).output;
              if (outcome.kind === 'rejected') enqueue({ type: 'say', params: { key: `password.rejected.${outcome.reason}` } });
            }),
          },
          TECHNICAL_PROBLEM,
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    askRepeat: {
      ...promptState(PROMPTS.askRepeatPassword),
      on: { PASSWORD: 'confirming' },
    },
    confirming: {
      tags: ['busy'],
      invoke: {
        id: 'confirmNewPassword',
        src: 'confirmNewPassword',
        input: ({ context, event }) => ({ password: (event as { password?: string }).password ?? '', locale: context.locale }),
        onDone: [
          {
            guard: { type: 'outcome', params: { kind: 'changed' } },
            target: '#recovery.menu',
            actions: say({ key: 'password.changed' }),
          },
          { guard: { type: 'outcome', params: { kind: 'mismatch' } }, target: 'askNew', actions: say({ key: 'password.mismatch' }) },
          // The first entry and the proof are kept: the second entry again retries, once.
          { guard: UNAVAILABLE, target: 'repeatUnavailable' },
          TECHNICAL_PROBLEM,
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    newUnavailable: {
      ...promptState(PROMPTS.passwordUnavailable),
      on: { PASSWORD: 'checking' },
    },
    repeatUnavailable: {
      ...promptState(PROMPTS.passwordUnavailable),
      on: { PASSWORD: 'confirming' },
    },
  },
});
