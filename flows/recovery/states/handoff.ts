import { assign } from 'xstate';
import { evidenceForCase, recoverySetup, say } from '../recovery.setup.js';
import { PROMPTS } from '../prompts.js';

/** The handoff to the desk (SPEC §6): open a case, keep the shopper informed while it is open. */
export const handoffState = recoverySetup.createStateConfig({
  initial: 'opening',
  states: {
    opening: {
      tags: ['busy'],
      invoke: {
        id: 'openCase',
        src: 'openCase',
        input: ({ context }) => ({
          type: context.caseType,
          locale: context.locale,
          evidence: evidenceForCase(context),
          accountRef: context.account?.ref ?? null,
          requestedEmail: context.requestedEmail,
          blockStatus: context.account && context.account.status !== 'ACTIVE' ? context.account.status : null,
        }),
        onDone: {
          target: 'queued',
          actions: ['sayQueued', assign({ caseNumber: ({ event }) => event.output.caseNumber })],
        },
        onError: { target: '#recovery.menu', actions: say({ key: 'handoff.failed' }) },
      },
    },
    queued: {
      meta: { prompt: PROMPTS.queued },
      tags: ['expect:queued'],
      on: {
        // While the case is open, what the shopper types is for the operator, not a new flow.
        TEXT: 'checking',
        UNKNOWN: 'checking',
        ORDER_NUMBER: 'checking',
        CHOOSE: 'checking',
        RESET_PASSWORD: 'checking',
        GREETING: 'checking',
        THANKS: 'checking',
        DONT_KNOW: 'checking',
        CLARIFY: 'checking',
        OPERATOR: { actions: say({ key: 'handoff.alreadyQueued' }) },
        CASE_CLOSED: { target: '#recovery.menu', actions: say({ key: 'handoff.closed' }) },
      },
    },
    checking: {
      tags: ['busy'],
      invoke: {
        id: 'checkCase',
        src: 'checkCase',
        input: ({ context }) => ({ caseNumber: context.caseNumber ?? 0 }),
        onDone: [
          { guard: 'caseStillOpen', target: 'queued', actions: 'sayStillQueued' },
          { target: '#recovery.menu', actions: say({ key: 'handoff.closed' }) },
        ],
        onError: { target: 'queued', actions: say({ key: 'common.technicalProblem' }) },
      },
    },
  },
});
