import { assign, enqueueActions } from 'xstate';
import { caseTypeFor, promptState, recoverySetup, say, TECHNICAL_PROBLEM } from '../recovery.setup.js';
import { PROMPTS } from '../prompts.js';

/** The account-retrieval tree (SPEC §3): orders, order number, card payment, the no-orders branch. */
export const retrievalState = recoverySetup.createStateConfig({
  initial: 'askHasOrders',
  states: {
    askHasOrders: {
      ...promptState(PROMPTS.askHasOrders),
      on: {
        YES: 'askHasOrderNumber',
        // Without orders nothing can prove the account for an email change: only the desk can help.
        NO: [{ guard: ({ context }) => context.purpose === 'emailChange', target: 'noOrdersDeadEnd' }, { target: 'askRemembersEmail' }],
      },
    },
    askRemembersEmail: {
      ...promptState(PROMPTS.askRemembersEmail),
      on: {
        YES: '#recovery.passwordReset',
        NO: 'askPhone',
      },
    },
    askPhone: {
      ...promptState(PROMPTS.askPhone),
      on: {
        PHONE: [
          {
            guard: ({ event }) => event.check.kind === 'eligible' && event.check.site === 'global',
            target: '#recovery.menu',
            actions: say({ key: 'phone.eligibleGlobal' }),
          },
          {
            guard: ({ event }) => event.check.kind === 'eligible',
            target: '#recovery.menu',
            actions: say({ key: 'phone.eligibleRuLocal' }),
          },
          {
            guard: ({ event }) => event.check.kind === 'notEligible',
            target: 'noOrdersDeadEnd',
            actions: say({ key: 'phone.notEligible' }),
          },
          { actions: [say({ key: 'phone.invalid' })] },
        ],
        NO: 'noOrdersDeadEnd',
      },
    },
    noOrdersDeadEnd: {
      ...promptState(PROMPTS.noOrdersDeadEnd),
      on: {
        YES: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        OPERATOR: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        NO: '#recovery.menu',
      },
    },
    askHasOrderNumber: {
      ...promptState(PROMPTS.askHasOrderNumber),
      on: { YES: 'askOrderNumber', NO: 'askPaymentMethod' },
    },
    askOrderNumber: {
      ...promptState(PROMPTS.askOrderNumber),
      on: {
        TRACKING_NUMBER: { actions: say({ key: 'retrieval.trackingNotOrder' }) },
        CARD_LIKE: { actions: say({ key: 'retrieval.cardNotOrder' }) },
        WRONG_LENGTH: {
          actions: enqueueActions(({ enqueue, event }) => {
            enqueue.emit({ type: 'say', message: { key: 'retrieval.orderWrongLength', params: { count: event.length } } });
          }),
        },
        NO: 'askPaymentMethod',
      },
    },
    lookingUpOrder: {
      tags: ['busy'],
      invoke: {
        id: 'lookupOrder',
        src: 'lookupOrder',
        input: ({ event }) => ({ orderNumber: (event as { digits?: string }).digits ?? '' }),
        onDone: [
          { guard: 'isLocked', target: 'lockedOut', actions: 'sayLocked' },
          { guard: 'isMatch', target: 'matched', actions: 'recordOutcome' },
          { target: 'askOrderNumber', actions: ['recordOutcome', 'sayNotFound'] },
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    askPaymentMethod: {
      ...promptState(PROMPTS.askPaymentMethod),
      on: {
        PAYMENT: [
          { guard: ({ event }) => event.method === 'CARD', target: 'askCardDigits' },
          {
            target: '#recovery.handoff',
            actions: [
              say({ key: 'retrieval.otherPaymentHandoff' }),
              assign({ caseType: ({ context }) => caseTypeFor(context, 'OTHER_PAYMENT_METHOD') }),
            ],
          },
        ],
      },
    },
    askCardDigits: {
      ...promptState(PROMPTS.askCardDigits),
      on: {
        CARD_DIGITS: {
          target: 'askAmount',
          actions: [
            assign({ card: ({ event }) => ({ bin: event.bin, last4: event.last4 }) }),
            enqueueActions(({ enqueue, event }) => {
              if (event.wasFullNumber) enqueue.emit({ type: 'say', message: { key: 'retrieval.fullCardWarning' } });
            }),
          ],
        },
      },
    },
    askAmount: {
      ...promptState(PROMPTS.askAmount),
      on: {
        AMOUNT: { target: 'askDate', actions: assign({ amount: ({ event }) => ({ minor: event.minor, display: event.display }) }) },
      },
    },
    askDate: {
      ...promptState(PROMPTS.askDate),
      on: { DATE: 'lookingUpCard' },
    },
    lookingUpCard: {
      tags: ['busy'],
      invoke: {
        id: 'lookupCard',
        src: 'lookupCard',
        input: ({ context, event }) => ({
          bin: context.card?.bin ?? '',
          last4: context.card?.last4 ?? '',
          amountMinor: context.amount?.minor ?? 0,
          dates: (event as { candidates?: string[] }).candidates ?? [],
        }),
        onDone: [
          { guard: 'isLocked', target: 'lockedOut', actions: 'sayLocked' },
          { guard: 'isMatch', target: 'matched', actions: 'recordOutcome' },
          { target: 'askCardDigits', actions: ['recordOutcome', 'sayNotFound'] },
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    matched: {
      entry: 'sayMatch',
      always: [
        { guard: 'accountDeletedOrSocial', target: 'matchedClosed' },
        { guard: ({ context }) => context.purpose === 'emailChange', target: 'askNewEmail' },
        { guard: ({ context }) => context.account?.status === 'UNCONFIRMED', target: 'sendingConfirmation' },
        { guard: 'accountBlocked', target: 'matchedBlocked' },
        { target: 'matchedActive' },
      ],
    },
    sendingConfirmation: {
      tags: ['busy'],
      invoke: {
        id: 'sendConfirmation',
        src: 'sendConfirmation',
        input: ({ context }) => ({ accountRef: context.account?.ref ?? '', locale: context.locale }),
        onDone: [
          { guard: { type: 'outcome', params: { kind: 'sent' } }, target: 'matchedActive', actions: 'sayConfirmationSent' },
          { guard: { type: 'outcome', params: { kind: 'mailFailed' } }, target: 'matchedActive', actions: say({ key: 'mail.failed' }) },
          { target: 'matchedActive' },
        ],
        onError: { target: 'matchedActive', actions: say({ key: 'common.technicalProblem' }) },
      },
    },
    matchedActive: {
      ...promptState(PROMPTS.matched),
      on: {
        RESET_PASSWORD: { target: '#recovery.codeCheck', actions: 'resetWithProvenAccount' },
        YES: { target: '#recovery.codeCheck', actions: 'resetWithProvenAccount' },
      },
    },
    askNewEmail: {
      ...promptState(PROMPTS.askNewEmail),
      on: {
        EMAIL: {
          target: '#recovery.handoff',
          actions: assign({ requestedEmail: ({ event }) => event.address, caseType: 'EMAIL_CHANGE_LOCKED_MAILBOX' }),
        },
      },
    },
    matchedBlocked: {
      ...promptState(PROMPTS.matchedBlocked),
      on: {
        YES: { target: '#recovery.handoff', actions: assign({ caseType: 'UNBLOCK' }) },
        NO: '#recovery.menu',
      },
    },
    matchedClosed: {
      ...promptState(PROMPTS.matchedClosed),
    },
    lockedOut: {
      ...promptState(PROMPTS.lockedOut),
      on: {
        YES: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        OPERATOR: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        NO: '#recovery.menu',
      },
    },
  },
});
