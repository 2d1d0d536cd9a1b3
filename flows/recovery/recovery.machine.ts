import { assign, enqueueActions } from 'xstate';
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
      { target: '#recovery.handoff', actions: assign({ caseType: ({ context }) => caseTypeFor(context, 'GENERAL') }) },
    ],
    OPERATOR: {
      target: '#recovery.handoff',
      actions: assign({ caseType: ({ context }) => caseTypeFor(context, 'GENERAL') }),
    },
    ORDER_NUMBER: { target: '#recovery.retrieval.lookingUpOrder' },
    RESET_PASSWORD: { target: '#recovery.forgotPassword' },
    UNKNOWN: { actions: [say({ key: 'common.didNotUnderstand' }), 'reprompt'] },
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
        LANGUAGE: { target: 'menu', actions: assign({ locale: ({ event }) => event.locale, localeKnown: true }) },
      },
    },
    menu: {
      ...promptState(PROMPTS.menu),
      // Back at the menu, an email change in progress is over.
      entry: ['endEmailChange', say(PROMPTS.menu)],
    },
    forgotPassword: {
      ...promptState(PROMPTS.forgotPasswordRemembersEmail),
      entry: ['endEmailChange', say(PROMPTS.forgotPasswordRemembersEmail)],
      on: {
        YES: 'passwordReset',
        NO: { target: 'retrieval' },
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
      },
    },
    blockedCheck: {
      ...promptState(PROMPTS.blockedAskEmail),
      entry: ['endEmailChange', say(PROMPTS.blockedAskEmail)],
      on: {
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
