import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import type { AccountStatus, CaseType, Locale } from '../../core/domain.js';
import type {
  AccountSummary,
  ButtonKey,
  MenuOption,
  CardLookupInput,
  CaseProgress,
  EvidenceItem,
  Message,
  OpenCaseInput,
  OpenCaseOutput,
  OrderLookupInput,
  Prompt,
  ChallengeInput,
  ChallengeOutcome,
  CodePurpose,
  ConfirmationOutcome,
  ConfirmPasswordOutcome,
  EmailChangeOutcome,
  NewEmailOutcome,
  PasswordOutcome,
  ResendOutcome,
  VerifyOutcome,
  RecoveryEvent,
  RecoveryInput,
  RetrievalOutcome,
  SayEvent,
} from './types.js';

/** Bump when a change makes older persisted snapshots unsafe to resume. */
export const RECOVERY_MACHINE_VERSION = 3;

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
  /** What the one-time code being checked proves; null when no code is under way. */
  codePurpose: CodePurpose | null;
  /** The address the shopper typed for the code: the account's mailbox, or the new one. */
  pendingEmail: string | null;
  /** Messages not understood since the question was asked; the second one brings a way out. */
  misses: number;
  /** A request made before the language was chosen, answered once it is. */
  pendingChoice: MenuOption | null;
};

export type DoneEvent<T> = { type: string; output: T };

export function mergeEvidence(current: EvidenceItem[], added: EvidenceItem[]): EvidenceItem[] {
  const key = (e: EvidenceItem) => `${e.kind}:${e.display}`;
  const byKey = new Map(current.map((e) => [key(e), e]));
  for (const e of added) byKey.set(key(e), e);
  return [...byKey.values()];
}

export const isBlocked = (status: AccountStatus) => status === 'TEMP_BLOCKED' || status === 'ABOLISHED';

/** The case type a handoff from the current situation should open. */
export function caseTypeFor(context: RecoveryContext, fallback: CaseType): CaseType {
  if (context.purpose === 'emailChange') return 'EMAIL_CHANGE_LOCKED_MAILBOX';
  if (context.account && isBlocked(context.account.status)) return 'UNBLOCK';
  return fallback;
}

/**
 * Evidence for the desk: what the lookups checked, plus card details the shopper gave
 * but that were never looked up (the handoff came first), marked unchecked.
 */
export function evidenceForCase(context: RecoveryContext): EvidenceItem[] {
  const pending: EvidenceItem[] = [];
  if (context.card) {
    pending.push({ kind: 'CARD', display: `${context.card.bin}******${context.card.last4}`, matched: null });
  }
  if (context.amount) pending.push({ kind: 'AMOUNT', display: context.amount.display, matched: null });
  const checked = new Set(context.evidence.map((e) => `${e.kind}:${e.display}`));
  return [...context.evidence, ...pending.filter((e) => !checked.has(`${e.kind}:${e.display}`))];
}

/** A reference to the `say` action with its message; keeps state configs short. */
export function say(message: Message) {
  return { type: 'say', params: message } as const;
}

/** The guard of an actor's answer that the marketplace's directory did not answer. */
export const UNAVAILABLE = { type: 'outcome', params: { kind: 'unavailable' } } as const;

/** Where an actor that failed outright leaves the shopper: an apology and the menu. */
export const TECHNICAL_PROBLEM = { target: '#recovery.menu', actions: say({ key: 'common.technicalProblem' }) } as const;

export function promptState<const T extends Prompt>(prompt: T) {
  return { entry: [say(prompt), 'resetMisses'] as const, meta: { prompt }, tags: [`expect:${prompt.expect}`] };
}

/* What every question offers besides its own answers once the shopper seems stuck. */
const WAY_OUT: ButtonKey[] = ['operator', 'startOver'];

/** The prompt with the ways out (an operator, the menu) added to its buttons. */
export function withWayOut(prompt: Prompt): Prompt {
  const buttons = [...(prompt.buttons ?? [])];
  for (const b of WAY_OUT) if (!buttons.includes(b) && !(b === 'operator' && buttons.includes('menu.operator'))) buttons.push(b);
  return { ...prompt, buttons };
}

function currentPrompt(self: { getSnapshot(): { getMeta(): Record<string, unknown> } }): Prompt | undefined {
  const meta = self.getSnapshot().getMeta() as Record<string, { prompt?: Prompt } | undefined>;
  return Object.values(meta).find((m) => m?.prompt)?.prompt;
}

/**
 * Types, actors, guards and actions shared by every part of the conversation machine;
 * each flow's states are built from it with `createStateConfig` in states/.
 */
export const recoverySetup = setup({
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
    startChallenge: fromPromise<ChallengeOutcome, ChallengeInput>(async () => {
      throw new Error('startChallenge not provided');
    }),
    resendCode: fromPromise<ResendOutcome, { purpose: CodePurpose; locale: Locale }>(async () => {
      throw new Error('resendCode not provided');
    }),
    verifyCode: fromPromise<VerifyOutcome, { purpose: CodePurpose; code: string }>(async () => {
      throw new Error('verifyCode not provided');
    }),
    setPendingPassword: fromPromise<PasswordOutcome, { password: string }>(async () => {
      throw new Error('setPendingPassword not provided');
    }),
    confirmNewPassword: fromPromise<ConfirmPasswordOutcome, { password: string; locale: Locale }>(async () => {
      throw new Error('confirmNewPassword not provided');
    }),
    checkNewEmail: fromPromise<NewEmailOutcome, { email: string }>(async () => {
      throw new Error('checkNewEmail not provided');
    }),
    applyEmailChange: fromPromise<EmailChangeOutcome, { locale: Locale }>(async () => {
      throw new Error('applyEmailChange not provided');
    }),
    sendConfirmation: fromPromise<ConfirmationOutcome, { accountRef: string; locale: Locale }>(async () => {
      throw new Error('sendConfirmation not provided');
    }),
  },
  guards: {
    isMatch: ({ event }) => (event as DoneEvent<RetrievalOutcome>).output.kind === 'match',
    isLocked: ({ event }) => (event as DoneEvent<RetrievalOutcome>).output.kind === 'locked',
    accountDeletedOrSocial: ({ context }) =>
      context.account !== null && (context.account.status === 'DELETED' || context.account.social !== null),
    accountBlocked: ({ context }) => context.account !== null && isBlocked(context.account.status),
    caseStillOpen: ({ event }) => (event as DoneEvent<CaseProgress>).output.open,
    /** The finished actor's result is of this kind. */
    outcome: ({ event }, params: { kind: string }) => (event as DoneEvent<{ kind: string }>).output.kind === params.kind,
    codeFor: ({ context }, params: { purpose: CodePurpose }) => context.codePurpose === params.purpose,
  },
  actions: {
    say: emit((_, message: Message) => ({ type: 'say', message }) satisfies SayEvent),
    reprompt: enqueueActions(({ enqueue, self }) => {
      const prompt = currentPrompt(self);
      if (prompt) enqueue.emit({ type: 'say', message: prompt } satisfies SayEvent);
    }),
    /** The question again, now with an operator and the menu among its buttons. */
    repromptWithWayOut: enqueueActions(({ enqueue, self }) => {
      const prompt = currentPrompt(self);
      if (prompt) enqueue.emit({ type: 'say', message: withWayOut(prompt) } satisfies SayEvent);
    }),
    resetMisses: assign({ misses: 0 }),
    takeCard: enqueueActions(({ enqueue, event }) => {
      if (event.type !== 'CARD_DIGITS') return;
      enqueue.assign({ card: { bin: event.bin, last4: event.last4 } });
      if (event.wasFullNumber) enqueue.emit({ type: 'say', message: { key: 'retrieval.fullCardWarning' } });
    }),
    sayWrongLength: enqueueActions(({ enqueue, event }) => {
      if (event.type === 'WRONG_LENGTH') enqueue.emit({ type: 'say', message: { key: 'retrieval.orderWrongLength', params: { count: event.length } } });
    }),
    countMiss: assign({ misses: ({ context }) => (context.misses ?? 0) + 1 }),
    /** "Did you mean … or …?" with both meanings as buttons. */
    askWhichMeant: enqueueActions(({ enqueue, event }) => {
      if (event.type !== 'CLARIFY') return;
      const [first, second] = event.options;
      enqueue.emit({ type: 'say', message: { key: 'common.didYouMean', params: { firstButton: first, secondButton: second }, buttons: [first, second] } });
    }),
    /** Leaves whatever was under way for the email change of a lost mailbox (SPEC §4.2). */
    startLostMailbox: assign({ purpose: 'emailChange', requestedEmail: null, codePurpose: null, pendingEmail: null }),
    endEmailChange: assign({ purpose: 'retrieval', requestedEmail: null, codePurpose: null, pendingEmail: null }),
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
      } else {
        enqueue.emit({ type: 'say', message: { key: 'retrieval.found', params } });
      }
    }),
    sayCodeLocked: enqueueActions(({ enqueue, event }) => {
      const outcome = (event as DoneEvent<{ kind: string; retryAfterMinutes?: number }>).output;
      enqueue.emit({ type: 'say', message: { key: 'code.locked', params: { count: outcome.retryAfterMinutes ?? 0 } } });
    }),
    /** Where the code went, worded so that an unknown address reads like a known one. */
    sayCodeSent: enqueueActions(({ enqueue, context }) => {
      if (context.codePurpose === 'EMAIL_NEW') {
        enqueue.emit({ type: 'say', message: { key: 'code.sentToNew', params: { email: context.pendingEmail ?? '' } } });
      } else if (context.pendingEmail === null && context.account) {
        enqueue.emit({ type: 'say', message: { key: 'code.sentToAccount', params: { email: context.account.maskedEmail } } });
      } else {
        enqueue.emit({ type: 'say', message: { key: 'code.sentIfExists' } });
      }
    }),
    resetWithProvenAccount: assign({ codePurpose: 'PASSWORD_RESET', pendingEmail: null }),
    sayConfirmationSent: enqueueActions(({ enqueue, context }) => {
      enqueue.emit({ type: 'say', message: { key: 'confirmation.sent', params: { email: context.account?.maskedEmail ?? '' } } });
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
});
