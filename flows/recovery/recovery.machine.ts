import { assign, enqueueActions, raise } from 'xstate';
import {
  caseTypeFor,
  promptState,
  recoverySetup,
  say,
  type RecoveryContext,
} from './recovery.setup.js';
import { PROMPTS } from './prompts.js';
import { retrievalState } from './states/retrieval.js';
import { handoffState } from './states/handoff.js';
import { codeCheckState } from './states/code-check.js';
import { passwordResetState } from './states/password-reset.js';
import { emailChangeSelfState } from './states/email-change.js';

export { RECOVERY_MACHINE_VERSION } from './recovery.setup.js';
export type { RecoveryContext };

/**
 * The whole shopper conversation: entry menu, account-retrieval tree (SPEC §3) and
 * the handoff to the desk (SPEC §6). Pure: lookups and case creation are named
 * actors given real implementations by the bot through `provide()`.
 */
export const recoveryMachine = recoverySetup.createMachine({
  id: 'recovery',
  context: ({ input }) => ({
    locale: input.locale ?? 'en',
    localeKnown: input.locale !== null,
    evidence: [],
    account: null,
    card: null,
    amount: null,
    caseType: 'GENERAL',
    caseNumber: null,
    purpose: 'retrieval',
    requestedEmail: null,
    codePurpose: null,
    pendingEmail: null,
    misses: 0,
    pendingChoice: null,
  }),
  initial: 'welcome',
  on: {
    LANGUAGE: {
      actions: [assign({ locale: ({ event }) => event.locale, localeKnown: true }), say({ key: 'language.switched' }), 'reprompt'],
    },
    MENU: { target: '#recovery.menu', reenter: true, actions: assign({ purpose: 'retrieval' }) },
    CHOOSE: [
      { guard: ({ event }) => event.option === 'forgotAccount', target: '#recovery.retrieval', actions: assign({ purpose: 'retrieval' }) },
      { guard: ({ event }) => event.option === 'forgotPassword', target: '#recovery.forgotPassword' },
      { guard: ({ event }) => event.option === 'changeEmail', target: '#recovery.changeEmail' },
      { guard: ({ event }) => event.option === 'blocked', target: '#recovery.blockedCheck', actions: say({ key: 'blocked.general' }) },
      { guard: ({ event }) => event.option === 'register', target: '#recovery.menu', reenter: true, actions: say({ key: 'register.info' }) },
      { guard: ({ event }) => event.option === 'whereId', target: '#recovery.menu', reenter: true, actions: say({ key: 'whereId.info' }) },
      {
        guard: ({ event }) => event.option === 'lostMailbox',
        target: '#recovery.retrieval',
        actions: ['startLostMailbox', say({ key: 'email.lockedMailbox' })],
      },
      { guard: ({ event }) => event.option === 'codeHelp', target: '#recovery.menu', reenter: true, actions: say({ key: 'help.codeNotArriving' }) },
      { guard: ({ event }) => event.option === 'deleted', target: '#recovery.menu', reenter: true, actions: say({ key: 'help.deletedAccount' }) },
      { guard: ({ event }) => event.option === 'other', target: '#recovery.offTopic' },
      { target: '#recovery.handoff', actions: assign({ caseType: ({ context }) => caseTypeFor(context, 'GENERAL') }) },
    ],
    OPERATOR: {
      target: '#recovery.handoff',
      actions: assign({ caseType: ({ context }) => caseTypeFor(context, 'GENERAL') }),
    },
    ORDER_NUMBER: { target: '#recovery.retrieval.lookingUpOrder' },
    RESET_PASSWORD: { target: '#recovery.forgotPassword' },
    UNKNOWN: [
      // The second miss in a row: say what the bot can do, and offer the ways out.
      { guard: ({ event }) => event.repeated === true, actions: ['countMiss', say({ key: 'common.whatICanDo' }), 'repromptWithWayOut'] },
      { actions: ['countMiss', say({ key: 'common.didNotUnderstand' }), 'reprompt'] },
    ],
    CLARIFY: { actions: ['countMiss', 'askWhichMeant'] },
    DONT_KNOW: { actions: [say({ key: 'common.otherWays' }), 'repromptWithWayOut'] },
    GREETING: { actions: [say({ key: 'common.hello' }), 'reprompt'] },
    THANKS: { actions: [say({ key: 'common.youreWelcome' }), 'reprompt'] },
    NOT_AN_AMOUNT: [
      { guard: ({ event }) => event.reason === 'date', actions: [say({ key: 'retrieval.dateNotAmount' }), 'reprompt'] },
      { actions: [say({ key: 'retrieval.amountNotExact' }), 'reprompt'] },
    ],
    NON_TEXT: { actions: [say({ key: 'common.nonText' }), 'reprompt'] },
    CARD_LIKE: { actions: [say({ key: 'common.cardNumberWarning' }), 'reprompt'] },
    TOO_LONG: {
      actions: [
        enqueueActions(({ enqueue, event }) => {
          enqueue.emit({ type: 'say', message: { key: 'common.tooLong', params: { count: event.max } } });
        }),
        'reprompt',
      ],
    },
  },
  states: {
    welcome: {
      entry: say({ key: 'greeting' }),
      always: [{ guard: ({ context }) => context.localeKnown, target: 'menu' }, { target: 'chooseLanguage' }],
    },
    chooseLanguage: {
      ...promptState(PROMPTS.chooseLanguage),
      on: {
        LANGUAGE: [
          {
            // A request made before the language was chosen is answered now, in that language.
            guard: ({ context }) => context.pendingChoice !== null,
            target: 'menu',
            actions: [
              assign({ locale: ({ event }) => event.locale, localeKnown: true }),
              raise(({ context }) => ({ type: 'CHOOSE' as const, option: context.pendingChoice ?? 'operator' })),
              assign({ pendingChoice: null }),
            ],
          },
          { target: 'menu', actions: assign({ locale: ({ event }) => event.locale, localeKnown: true }) },
        ],
        CHOOSE: { actions: [assign({ pendingChoice: ({ event }) => event.option }), 'reprompt'] },
        OPERATOR: { actions: [assign({ pendingChoice: 'operator' }), 'reprompt'] },
        RESET_PASSWORD: { actions: [assign({ pendingChoice: 'forgotPassword' }), 'reprompt'] },
      },
    },
    menu: {
      ...promptState(PROMPTS.menu),
      // Back at the menu, an email change in progress is over.
      entry: ['endEmailChange', say(PROMPTS.menu), 'resetMisses'],
      on: {
        NO: 'farewell',
        THANKS: 'farewell',
      },
    },
    /** Thanks or "nothing else": a polite close; any new request starts from here. */
    farewell: {
      ...promptState(PROMPTS.farewell),
    },
    /** A question this bot does not handle: say so, offer an operator. */
    offTopic: {
      ...promptState(PROMPTS.offTopic),
      on: {
        YES: { target: 'handoff', actions: assign({ caseType: ({ context }) => caseTypeFor(context, 'GENERAL') }) },
        NO: 'menu',
        THANKS: 'farewell',
      },
    },
    forgotPassword: {
      ...promptState(PROMPTS.forgotPasswordRemembersEmail),
      entry: ['endEmailChange', say(PROMPTS.forgotPasswordRemembersEmail), 'resetMisses'],
      on: {
        YES: 'passwordReset',
        NO: { target: 'retrieval' },
        // The address itself answers "do you remember it?": the code goes out at once.
        EMAIL: {
          target: 'codeCheck',
          actions: assign({ codePurpose: 'PASSWORD_RESET', pendingEmail: ({ event }) => event.address, account: null }),
        },
      },
    },
    changeEmail: {
      ...promptState(PROMPTS.changeEmailHasMailbox),
      on: {
        YES: { target: 'emailChangeSelf', actions: 'endEmailChange' },
        NO: {
          target: 'retrieval',
          actions: [say({ key: 'email.lockedMailbox' }), assign({ purpose: 'emailChange' })],
        },
        // "Yes, it is anna@…": the current address, so its code goes out at once.
        EMAIL: {
          target: 'codeCheck',
          actions: ['endEmailChange', assign({ codePurpose: 'EMAIL_CURRENT', pendingEmail: ({ event }) => event.address, account: null })],
        },
      },
    },
    blockedCheck: {
      ...promptState(PROMPTS.blockedAskEmail),
      entry: ['endEmailChange', say(PROMPTS.blockedAskEmail), 'resetMisses'],
      on: {
        DONT_KNOW: 'retrieval',
        EMAIL: {
          target: 'codeCheck',
          actions: assign({ codePurpose: 'ACCOUNT_PROOF', pendingEmail: ({ event }) => event.address, account: null }),
        },
        NO: 'menu',
      },
    },
    retrieval: retrievalState,
    codeCheck: codeCheckState,
    passwordReset: passwordResetState,
    emailChangeSelf: emailChangeSelfState,
    handoff: handoffState,
  },
});

export type RecoveryMachine = typeof recoveryMachine;
