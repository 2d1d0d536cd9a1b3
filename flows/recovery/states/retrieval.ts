import { assign } from 'xstate';
import { caseTypeFor, promptState, recoverySetup, say, TECHNICAL_PROBLEM, UNAVAILABLE } from '../recovery.setup.js';
import { PROMPTS } from '../prompts.js';

/* What an order-number question says to a number that is not one. */
const orderNumberFeedback = {
  TRACKING_NUMBER: { actions: say({ key: 'retrieval.trackingNotOrder' }) },
  CARD_LIKE: { actions: say({ key: 'retrieval.cardNotOrder' }) },
  WRONG_LENGTH: { actions: 'sayWrongLength' },
} as const;

/* Card digits, also when typed before they were asked for ("how did you pay?" — "картой 427601 1234"). */
const takeCardDigits = { target: 'askAmount', actions: 'takeCard' } as const;

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
        EMAIL: {
          target: '#recovery.codeCheck',
          actions: assign({ codePurpose: 'PASSWORD_RESET', pendingEmail: ({ event }) => event.address, account: null }),
        },
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
        DONT_KNOW: 'noOrdersDeadEnd',
      },
    },
    noOrdersDeadEnd: {
      ...promptState(PROMPTS.noOrdersDeadEnd),
      on: {
        YES: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        OPERATOR: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        NO: '#recovery.menu',
        THANKS: '#recovery.farewell',
      },
    },
    askHasOrderNumber: {
      ...promptState(PROMPTS.askHasOrderNumber),
      on: { YES: 'askOrderNumber', NO: 'askPaymentMethod', CARD_DIGITS: takeCardDigits },
    },
    askOrderNumber: {
      ...promptState(PROMPTS.askOrderNumber),
      on: {
        ...orderNumberFeedback,
        NO: 'askPaymentMethod',
        DONT_KNOW: 'askPaymentMethod',
      },
    },
    /** The card payment cannot be described: an order number still can prove the account, or an operator. */
    cardDetailsUnknown: {
      ...promptState(PROMPTS.cardDetailsUnknown),
      on: {
        ...orderNumberFeedback,
        YES: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        OPERATOR: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        NO: '#recovery.menu',
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
          // Kept unchecked for the case, in case the shopper asks for an operator now.
          { guard: UNAVAILABLE, target: 'orderUnavailable', actions: 'recordOutcome' },
          { guard: 'isMatch', target: 'matched', actions: 'recordOutcome' },
          { target: 'askOrderNumber', actions: ['recordOutcome', 'sayNotFound'] },
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    // Typing the order number again (it is never kept) retries: ORDER_NUMBER works anywhere.
    orderUnavailable: {
      ...promptState(PROMPTS.orderUnavailable),
      on: { ...orderNumberFeedback, NO: 'askPaymentMethod' },
    },
    askPaymentMethod: {
      ...promptState(PROMPTS.askPaymentMethod),
      on: {
        CARD_DIGITS: takeCardDigits,
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
        CARD_DIGITS: takeCardDigits,
        DONT_KNOW: 'cardDetailsUnknown',
      },
    },
    askAmount: {
      ...promptState(PROMPTS.askAmount),
      on: {
        AMOUNT: [
          // "1520,50 руб 1 октября": the date came with the amount, so the payment is looked up at once.
          {
            guard: ({ event }) => (event.candidates?.length ?? 0) > 0,
            target: 'lookingUpCard',
            actions: assign({ amount: ({ event }) => ({ minor: event.minor, display: event.display }) }),
          },
          { target: 'askDate', actions: assign({ amount: ({ event }) => ({ minor: event.minor, display: event.display }) }) },
        ],
        DONT_KNOW: 'cardDetailsUnknown',
      },
    },
    askDate: {
      ...promptState(PROMPTS.askDate),
      on: { DATE: 'lookingUpCard', DONT_KNOW: 'cardDetailsUnknown' },
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
          { guard: UNAVAILABLE, target: 'cardUnavailable', actions: 'recordOutcome' },
          { guard: 'isMatch', target: 'matched', actions: 'recordOutcome' },
          { target: 'askCardDigits', actions: ['recordOutcome', 'sayNotFound'] },
        ],
        onError: TECHNICAL_PROBLEM,
      },
    },
    // The card and the amount are kept: the date again retries the lookup.
    cardUnavailable: {
      ...promptState(PROMPTS.cardUnavailable),
      on: { DATE: 'lookingUpCard' },
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
          { guard: UNAVAILABLE, target: 'matchedActive', actions: say({ key: 'directory.notSent' }) },
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
        NO: '#recovery.farewell',
        THANKS: '#recovery.farewell',
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
        THANKS: '#recovery.farewell',
      },
    },
    /** "Can I help with anything else?": yes leads to the menu, no (or thanks) to a polite close. */
    matchedClosed: {
      ...promptState(PROMPTS.matchedClosed),
      on: {
        YES: '#recovery.menu',
        NO: '#recovery.farewell',
        THANKS: '#recovery.farewell',
      },
    },
    lockedOut: {
      ...promptState(PROMPTS.lockedOut),
      on: {
        YES: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        OPERATOR: { target: '#recovery.handoff', actions: 'assignNotFoundCase' },
        NO: '#recovery.menu',
        THANKS: '#recovery.farewell',
      },
    },
  },
});
