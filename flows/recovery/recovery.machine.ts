import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import type { AccountStatus, CaseType, Locale } from '../../core/domain.js';
import { PROMPTS } from './prompts.js';
import type {
  AccountSummary,
  CardLookupInput,
  CaseProgress,
  EvidenceItem,
  Message,
  OpenCaseInput,
  OpenCaseOutput,
  OrderLookupInput,
  Prompt,
  RecoveryEvent,
  RecoveryInput,
  RetrievalOutcome,
  SayEvent,
} from './types.js';

/** Bump when a change makes older persisted snapshots unsafe to resume. */
export const RECOVERY_MACHINE_VERSION = 1;

export type RecoveryContext = {
  locale: Locale;
  /** False when the channel gave no supported locale: the shopper is asked to choose. */
  localeKnown: boolean;
  evidence: EvidenceItem[];
  account: AccountSummary | null;
  card: { bin: string; last4: string } | null;
  amount: { minor: number; display: string } | null;
  caseType: CaseType;
  caseNumber: number | null;
  /** Why the retrieval tree runs: to find the account, or to prove it for an email change. */
  purpose: 'retrieval' | 'emailChange';
  requestedEmail: string | null;
};

type DoneEvent<T> = { type: string; output: T };

function mergeEvidence(current: EvidenceItem[], added: EvidenceItem[]): EvidenceItem[] {
  const key = (e: EvidenceItem) => `${e.kind}:${e.display}`;
  const byKey = new Map(current.map((e) => [key(e), e]));
  for (const e of added) byKey.set(key(e), e);
  return [...byKey.values()];
}

const isBlocked = (status: AccountStatus) => status === 'TEMP_BLOCKED' || status === 'ABOLISHED';

/** The case type a handoff from the current situation should open. */
function caseTypeFor(context: RecoveryContext, fallback: CaseType): CaseType {
  if (context.purpose === 'emailChange') return 'EMAIL_CHANGE_LOCKED_MAILBOX';
  if (context.account && isBlocked(context.account.status)) return 'UNBLOCK';
  return fallback;
}

/**
 * Evidence for the desk: what the lookups checked, plus card details the shopper gave
 * but that were never looked up (the handoff came first), marked unchecked.
 */
function evidenceForCase(context: RecoveryContext): EvidenceItem[] {
  const pending: EvidenceItem[] = [];
  if (context.card) {
    pending.push({ kind: 'CARD', display: `${context.card.bin}******${context.card.last4}`, matched: null });
  }
  if (context.amount) pending.push({ kind: 'AMOUNT', display: context.amount.display, matched: null });
  const checked = new Set(context.evidence.map((e) => `${e.kind}:${e.display}`));
  return [...context.evidence, ...pending.filter((e) => !checked.has(`${e.kind}:${e.display}`))];
}

/** A reference to the `say` action with its message; keeps state configs short. */
function say(message: Message) {
  return { type: 'say', params: message } as const;
}

function promptState<const T extends Prompt>(prompt: T) {
  return { entry: say(prompt), meta: { prompt }, tags: [`expect:${prompt.expect}`] };
}

/**
 * The whole shopper conversation: entry menu, account-retrieval tree (SPEC §3) and
 * the handoff to the desk (SPEC §6). Pure: lookups and case creation are named
 * actors given real implementations by the bot through `provide()`.
 */
export const recoveryMachine = setup({
  types: {
    context: {} as RecoveryContext,
    events: {} as RecoveryEvent,
    input: {} as RecoveryInput,
    emitted: {} as SayEvent,
  },
  actors: {
    lookupOrder: fromPromise<RetrievalOutcome, OrderLookupInput>(async () => {
      throw new Error('lookupOrder not provided');
    }),
    lookupCard: fromPromise<RetrievalOutcome, CardLookupInput>(async () => {
      throw new Error('lookupCard not provided');
    }),
    openCase: fromPromise<OpenCaseOutput, OpenCaseInput>(async () => {
      throw new Error('openCase not provided');
    }),
    checkCase: fromPromise<CaseProgress, { caseNumber: number }>(async () => {
      throw new Error('checkCase not provided');
    }),
  },
  guards: {
    isMatch: ({ event }) => (event as DoneEvent<RetrievalOutcome>).output.kind === 'match',
    isLocked: ({ event }) => (event as DoneEvent<RetrievalOutcome>).output.kind === 'locked',
    accountDeletedOrSocial: ({ context }) =>
      context.account !== null && (context.account.status === 'DELETED' || context.account.social !== null),
    accountBlocked: ({ context }) => context.account !== null && isBlocked(context.account.status),
    caseStillOpen: ({ event }) => (event as DoneEvent<CaseProgress>).output.open,
  },
  actions: {
    say: emit((_, message: Message) => ({ type: 'say', message }) satisfies SayEvent),
    reprompt: enqueueActions(({ enqueue, self }) => {
      const meta = self.getSnapshot().getMeta() as Record<string, { prompt?: Prompt } | undefined>;
      const prompt = Object.values(meta).find((m) => m?.prompt)?.prompt;
      if (prompt) enqueue.emit({ type: 'say', message: prompt } satisfies SayEvent);
    }),
    endEmailChange: assign({ purpose: 'retrieval', requestedEmail: null }),
    assignNotFoundCase: assign({ caseType: ({ context }) => caseTypeFor(context, 'ACCOUNT_NOT_FOUND') }),
    recordOutcome: assign(({ context, event }) => {
      const outcome = (event as DoneEvent<RetrievalOutcome>).output;
      if (outcome.kind === 'locked') return {};
      return {
        evidence: mergeEvidence(context.evidence, outcome.evidence),
        account: outcome.kind === 'match' ? outcome.account : context.account,
      };
    }),
    sayNotFound: enqueueActions(({ enqueue, event }) => {
      const outcome = (event as DoneEvent<RetrievalOutcome>).output;
      if (outcome.kind === 'notFound') {
        enqueue.emit({ type: 'say', message: { key: 'retrieval.notFound', params: { count: outcome.attemptsLeft } } });
      }
    }),
    sayLocked: enqueueActions(({ enqueue, event }) => {
      const outcome = (event as DoneEvent<RetrievalOutcome>).output;
      if (outcome.kind === 'locked') {
        enqueue.emit({ type: 'say', message: { key: 'retrieval.locked', params: { count: outcome.retryAfterMinutes } } });
      }
    }),
    sayMatch: enqueueActions(({ enqueue, context }) => {
      const account = context.account;
      if (!account) return;
      const params = { loginId: account.loginId, email: account.maskedEmail };
      if (account.status === 'DELETED') {
        enqueue.emit({ type: 'say', message: { key: 'retrieval.foundDeleted', params } });
      } else if (account.social) {
        enqueue.emit({ type: 'say', message: { key: 'retrieval.foundSocial', params: { ...params, network: account.social } } });
      } else if (isBlocked(account.status)) {
        enqueue.emit({ type: 'say', message: { key: 'retrieval.found', params } });
        enqueue.emit({ type: 'say', message: { key: `blocked.status.${account.status}` } });
      } else if (account.status === 'UNCONFIRMED') {
        enqueue.emit({ type: 'say', message: { key: 'retrieval.found', params } });
        enqueue.emit({ type: 'say', message: { key: 'blocked.status.UNCONFIRMED' } });
      } else {
        enqueue.emit({ type: 'say', message: { key: 'retrieval.found', params } });
      }
    }),
    sayQueued: enqueueActions(({ enqueue, event }) => {
      const { caseNumber, position } = (event as DoneEvent<OpenCaseOutput>).output;
      enqueue.emit({ type: 'say', message: { key: 'handoff.queued', params: { caseNumber, count: position } } });
    }),
    sayStillQueued: enqueueActions(({ enqueue, event }) => {
      const { caseNumber, position } = (event as DoneEvent<CaseProgress>).output;
      enqueue.emit({ type: 'say', message: { key: 'handoff.stillWaiting', params: { caseNumber, count: position } } });
    }),
  },
}).createMachine({
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
      { guard: ({ event }) => event.option === 'blocked', target: '#recovery.menu', reenter: true, actions: say({ key: 'blocked.general' }) },
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
        YES: { target: 'menu', actions: say({ key: 'password.resetSteps' }) },
        NO: { target: 'retrieval' },
      },
    },
    changeEmail: {
      ...promptState(PROMPTS.changeEmailHasMailbox),
      on: {
        YES: { target: 'menu', actions: say({ key: 'email.changeSteps' }) },
        NO: {
          target: 'retrieval',
          actions: [say({ key: 'email.lockedMailbox' }), assign({ purpose: 'emailChange' })],
        },
      },
    },
    retrieval: {
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
            YES: { target: '#recovery.menu', actions: say({ key: 'password.resetSteps' }) },
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
            onError: { target: '#recovery.menu', actions: say({ key: 'common.technicalProblem' }) },
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
            onError: { target: '#recovery.menu', actions: say({ key: 'common.technicalProblem' }) },
          },
        },
        matched: {
          entry: 'sayMatch',
          always: [
            { guard: 'accountDeletedOrSocial', target: 'matchedClosed' },
            { guard: ({ context }) => context.purpose === 'emailChange', target: 'askNewEmail' },
            { guard: 'accountBlocked', target: 'matchedBlocked' },
            { target: 'matchedActive' },
          ],
        },
        matchedActive: {
          ...promptState(PROMPTS.matched),
          on: {
            RESET_PASSWORD: { target: '#recovery.menu', actions: say({ key: 'password.resetSteps' }) },
            YES: { target: '#recovery.menu', actions: say({ key: 'password.resetSteps' }) },
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
    },
    handoff: {
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
            OPERATOR: { actions: say({ key: 'handoff.alreadyQueued' }) },
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
    },
  },
});

export type RecoveryMachine = typeof recoveryMachine;
