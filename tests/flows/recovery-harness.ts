import { vi, type Mock } from 'vitest';
import { createActor, fromPromise, waitFor, type AnyTransitionDefinition, type Snapshot, type StateValue } from 'xstate';
import type { AccountStatus, Locale } from '../../core/domain.js';
import { recoveryMachine } from '../../flows/recovery/recovery.machine.js';
import type {
  AccountSummary,
  CardLookupInput,
  CaseProgress,
  ChallengeInput,
  ChallengeOutcome,
  CodePurpose,
  ConfirmationOutcome,
  ConfirmPasswordOutcome,
  EmailChangeOutcome,
  EvidenceItem,
  Message,
  NewEmailOutcome,
  OpenCaseInput,
  OpenCaseOutput,
  OrderLookupInput,
  PasswordOutcome,
  PasswordRejection,
  Prompt,
  RecoveryEvent,
  ResendOutcome,
  RetrievalOutcome,
  VerifyOutcome,
} from '../../flows/recovery/types.js';

/** The shopper's real order number: only the lookup actor may ever see it. */
export const ORDER_DIGITS = '8123456789012345';
export const ORDER_EVIDENCE: EvidenceItem = { kind: 'ORDER_NUMBER', display: '8123********2345', matched: false };
export const CARD_EVIDENCE: EvidenceItem = { kind: 'CARD', display: '427601******1234', matched: false };
/**
 * What the real card lookup (core/directory/find-by-card.ts) reports for the card,
 * amount and date of `event.cardDigits()`, `event.amount()` and `event.date()`.
 */
export const CARD_LOOKUP_EVIDENCE = (matched: boolean): EvidenceItem[] => [
  { ...CARD_EVIDENCE, matched },
  { kind: 'AMOUNT', display: '1520.50', matched },
  { kind: 'PAYMENT_DATE', display: '2026-10-01', matched },
];
/** The new address a shopper who lost the old mailbox asks for. */
export const NEW_EMAIL = 'anna.new@example.org';
/** The address on file of ACCOUNT, as the shopper types it (the bot only ever shows it masked). */
export const ACCOUNT_EMAIL = 'anna.k@example.com';
/** An address no account uses: the bot must answer it exactly as it answers ACCOUNT_EMAIL. */
export const UNKNOWN_EMAIL = 'nobody.here@example.net';
/** The code the fake `verifyCode` accepts, and one it refuses. */
export const GOOD_CODE = '482913';
export const WRONG_CODE = '730518';
/** A new password the policy accepts; the flow must never keep it. */
export const NEW_PASSWORD = 'Violet kettle hums at dawn 71';
/** The masked new address `applyEmailChange` reports. */
export const MASKED_NEW_EMAIL = 'a***w@example.org';

export const ACCOUNT: AccountSummary = {
  ref: 'acc_anna',
  loginId: 'ru1234567890',
  maskedEmail: 'a***k@example.com',
  status: 'ACTIVE',
  social: null,
};

export const event = {
  orderNumber: (): RecoveryEvent => ({ type: 'ORDER_NUMBER', digits: ORDER_DIGITS, display: '8123********2345' }),
  cardDigits: (wasFullNumber = false): RecoveryEvent => ({ type: 'CARD_DIGITS', bin: '427601', last4: '1234', wasFullNumber }),
  amount: (): RecoveryEvent => ({ type: 'AMOUNT', minor: 152050, display: '1520.50' }),
  date: (): RecoveryEvent => ({ type: 'DATE', candidates: ['2026-10-01'], display: '2026-10-01' }),
  email: (address = NEW_EMAIL): RecoveryEvent => ({ type: 'EMAIL', address }),
  code: (code = GOOD_CODE): RecoveryEvent => ({ type: 'CODE', code }),
  resend: (): RecoveryEvent => ({ type: 'RESEND' }),
  password: (password = NEW_PASSWORD): RecoveryEvent => ({ type: 'PASSWORD', password }),
} as const;

export const outcome = {
  match: (account: Partial<AccountSummary> = {}, evidence: EvidenceItem[] = [{ ...ORDER_EVIDENCE, matched: true }]): RetrievalOutcome => ({
    kind: 'match',
    account: { ...ACCOUNT, ...account },
    evidence,
  }),
  status: (status: AccountStatus): RetrievalOutcome => outcome.match({ status }),
  notFound: (attemptsLeft = 2, evidence: EvidenceItem[] = [ORDER_EVIDENCE]): RetrievalOutcome => ({ kind: 'notFound', attemptsLeft, evidence }),
  locked: (retryAfterMinutes = 30): RetrievalOutcome => ({ kind: 'locked', retryAfterMinutes }),
  /** The directory did not answer: the pieces come back unchecked. */
  unavailable: (evidence: EvidenceItem[] = [{ ...ORDER_EVIDENCE, matched: null }]): RetrievalOutcome => ({ kind: 'unavailable', evidence }),
} as const;

/** What every self-service actor answers when the directory does not. */
const UNAVAILABLE = { kind: 'unavailable' } as const;

/** What the self-service actors (codes, passwords, email change, confirmation) answer. */
export const answer = {
  challenge: {
    sent: (): ChallengeOutcome => ({ kind: 'sent' }),
    mailFailed: (): ChallengeOutcome => ({ kind: 'mailFailed' }),
    locked: (retryAfterMinutes = 15): ChallengeOutcome => ({ kind: 'locked', retryAfterMinutes }),
    unavailable: (): ChallengeOutcome => UNAVAILABLE,
  },
  resend: {
    sent: (): ResendOutcome => ({ kind: 'sent' }),
    tooSoon: (seconds = 42): ResendOutcome => ({ kind: 'tooSoon', seconds }),
    limitReached: (): ResendOutcome => ({ kind: 'limitReached' }),
    noChallenge: (): ResendOutcome => ({ kind: 'noChallenge' }),
    mailFailed: (): ResendOutcome => ({ kind: 'mailFailed' }),
    unavailable: (): ResendOutcome => UNAVAILABLE,
  },
  verify: {
    ok: (account: Partial<AccountSummary> = {}): VerifyOutcome => ({ kind: 'ok', account: { ...ACCOUNT, ...account } }),
    wrong: (attemptsLeft = 4): VerifyOutcome => ({ kind: 'wrong', attemptsLeft }),
    expired: (): VerifyOutcome => ({ kind: 'expired' }),
    locked: (retryAfterMinutes = 15): VerifyOutcome => ({ kind: 'locked', retryAfterMinutes }),
    noChallenge: (): VerifyOutcome => ({ kind: 'noChallenge' }),
    unavailable: (): VerifyOutcome => UNAVAILABLE,
  },
  password: {
    ok: (): PasswordOutcome => ({ kind: 'ok' }),
    rejected: (reason: PasswordRejection): PasswordOutcome => ({ kind: 'rejected', reason }),
    notVerified: (): PasswordOutcome => ({ kind: 'notVerified' }),
    unavailable: (): PasswordOutcome => UNAVAILABLE,
  },
  confirmPassword: {
    changed: (): ConfirmPasswordOutcome => ({ kind: 'changed' }),
    mismatch: (): ConfirmPasswordOutcome => ({ kind: 'mismatch' }),
    notVerified: (): ConfirmPasswordOutcome => ({ kind: 'notVerified' }),
    unavailable: (): ConfirmPasswordOutcome => UNAVAILABLE,
  },
  newEmail: {
    ok: (): NewEmailOutcome => ({ kind: 'ok' }),
    taken: (): NewEmailOutcome => ({ kind: 'taken' }),
    same: (): NewEmailOutcome => ({ kind: 'same' }),
    notVerified: (): NewEmailOutcome => ({ kind: 'notVerified' }),
    unavailable: (): NewEmailOutcome => UNAVAILABLE,
  },
  emailChange: {
    changed: (maskedEmail = MASKED_NEW_EMAIL): EmailChangeOutcome => ({ kind: 'changed', maskedEmail }),
    taken: (): EmailChangeOutcome => ({ kind: 'taken' }),
    notVerified: (): EmailChangeOutcome => ({ kind: 'notVerified' }),
    unavailable: (): EmailChangeOutcome => UNAVAILABLE,
  },
  confirmation: {
    sent: (): ConfirmationOutcome => ({ kind: 'sent' }),
    mailFailed: (): ConfirmationOutcome => ({ kind: 'mailFailed' }),
    alreadyConfirmed: (): ConfirmationOutcome => ({ kind: 'alreadyConfirmed' }),
    unavailable: (): ConfirmationOutcome => UNAVAILABLE,
  },
} as const;

export const PASSWORD_REJECTIONS: PasswordRejection[] = ['tooShort', 'tooLong', 'tooCommon', 'containsIdentity'];

export type Impl = {
  lookupOrder: (input: OrderLookupInput) => Promise<RetrievalOutcome>;
  lookupCard: (input: CardLookupInput) => Promise<RetrievalOutcome>;
  openCase: (input: OpenCaseInput) => Promise<OpenCaseOutput>;
  checkCase: (input: { caseNumber: number }) => Promise<CaseProgress>;
  startChallenge: (input: ChallengeInput) => Promise<ChallengeOutcome>;
  resendCode: (input: { purpose: CodePurpose; locale: Locale }) => Promise<ResendOutcome>;
  verifyCode: (input: { purpose: CodePurpose; code: string }) => Promise<VerifyOutcome>;
  setPendingPassword: (input: { password: string }) => Promise<PasswordOutcome>;
  confirmNewPassword: (input: { password: string; locale: Locale }) => Promise<ConfirmPasswordOutcome>;
  checkNewEmail: (input: { email: string }) => Promise<NewEmailOutcome>;
  applyEmailChange: (input: { locale: Locale }) => Promise<EmailChangeOutcome>;
  sendConfirmation: (input: { accountRef: string; locale: Locale }) => Promise<ConfirmationOutcome>;
};

export type ActorId = keyof Impl;

export type Fakes = { [K in ActorId]: Mock<Impl[K]> };

export const CASE = { caseNumber: 4107, position: 3 } as const satisfies OpenCaseOutput;

function defaultImpl(): Impl {
  return {
    lookupOrder: async () => outcome.notFound(),
    lookupCard: async () => outcome.notFound(2, [{ ...CARD_EVIDENCE }]),
    openCase: async () => ({ ...CASE }),
    checkCase: async ({ caseNumber }) => ({ open: true, position: 2, caseNumber }),
    // The real actor answers `sent` whether or not an account uses the address (SPEC §4.1).
    startChallenge: async () => answer.challenge.sent(),
    resendCode: async () => answer.resend.sent(),
    verifyCode: async ({ code }) => (code === GOOD_CODE ? answer.verify.ok() : answer.verify.wrong()),
    setPendingPassword: async () => answer.password.ok(),
    confirmNewPassword: async () => answer.confirmPassword.changed(),
    checkNewEmail: async () => answer.newEmail.ok(),
    applyEmailChange: async () => answer.emailChange.changed(),
    sendConfirmation: async () => answer.confirmation.sent(),
  };
}

/** One transition the actor took: its source state, event type ('' for eventless) and branch index. */
export function transitionKey(t: AnyTransitionDefinition): string {
  const source = t.source;
  const branches = t.eventType === '' ? source.always ?? [] : source.transitions.get(t.eventType) ?? [];
  const target = t.target?.map((n) => n.id).join(',') ?? '(stay)';
  return `${source.id} | ${t.eventType || 'always'} #${branches.indexOf(t)} -> ${target}`;
}

/** 'retrieval.askOrderNumber' for `{ retrieval: 'askOrderNumber' }`. */
export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? ['', ''];
  return child ? `${key}.${statePath(child)}` : key;
}

/** The prompt a waiting state declares in its meta, if any. */
export function metaPrompt(snapshot: { getMeta(): Record<string, unknown> }): Prompt | undefined {
  const metas = Object.values(snapshot.getMeta()) as Array<{ prompt?: Prompt } | undefined>;
  return metas.find((m) => m?.prompt)?.prompt;
}

export type FlowOptions = {
  locale?: Locale | null;
  impl?: Partial<Impl>;
  snapshot?: Snapshot<unknown>;
};

/**
 * A running recovery flow with fake actors given through `provide()`, recording what it
 * said and which transitions it took since the last `take()`.
 */
export function startFlow(options: FlowOptions = {}) {
  const impl = { ...defaultImpl(), ...options.impl };
  const fakes: Fakes = {
    lookupOrder: vi.fn(impl.lookupOrder),
    lookupCard: vi.fn(impl.lookupCard),
    openCase: vi.fn(impl.openCase),
    checkCase: vi.fn(impl.checkCase),
    startChallenge: vi.fn(impl.startChallenge),
    resendCode: vi.fn(impl.resendCode),
    verifyCode: vi.fn(impl.verifyCode),
    setPendingPassword: vi.fn(impl.setPendingPassword),
    confirmNewPassword: vi.fn(impl.confirmNewPassword),
    checkNewEmail: vi.fn(impl.checkNewEmail),
    applyEmailChange: vi.fn(impl.applyEmailChange),
    sendConfirmation: vi.fn(impl.sendConfirmation),
  };
  const fake = <K extends ActorId>(id: K) =>
    fromPromise<Awaited<ReturnType<Impl[K]>>, Parameters<Impl[K]>[0]>(
      ({ input }) => (fakes[id] as unknown as (i: Parameters<Impl[K]>[0]) => Promise<Awaited<ReturnType<Impl[K]>>>)(input),
    );
  const machine = recoveryMachine.provide({
    actors: {
      lookupOrder: fake('lookupOrder'),
      lookupCard: fake('lookupCard'),
      openCase: fake('openCase'),
      checkCase: fake('checkCase'),
      startChallenge: fake('startChallenge'),
      resendCode: fake('resendCode'),
      verifyCode: fake('verifyCode'),
      setPendingPassword: fake('setPendingPassword'),
      confirmNewPassword: fake('confirmNewPassword'),
      checkNewEmail: fake('checkNewEmail'),
      applyEmailChange: fake('applyEmailChange'),
      sendConfirmation: fake('sendConfirmation'),
    },
  });
  const said: Message[] = [];
  const taken: string[] = [];
  const input = { locale: options.locale === undefined ? 'en' : options.locale };
  const actor = createActor(machine, {
    input,
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    inspect: (e) => {
      if (e.type === '@xstate.microstep') taken.push(...e._transitions.map(transitionKey));
    },
  });
  actor.on('say', (e) => said.push(e.message));
  actor.start();

  const flow = {
    actor,
    machine,
    input,
    fakes,
    /** Messages and transitions since the previous call. */
    take() {
      return { said: said.splice(0), taken: taken.splice(0) };
    },
    /** Sends one shopper event and lets the invoked fakes settle; returns the messages said. */
    async send(ev: RecoveryEvent): Promise<Message[]> {
      flow.take();
      actor.send(ev);
      await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 2000 });
      return flow.take().said;
    },
    async sendAll(events: readonly RecoveryEvent[]): Promise<Message[]> {
      const all: Message[] = [];
      for (const ev of events) all.push(...(await flow.send(ev)));
      return all;
    },
    at: () => statePath(actor.getSnapshot().value),
    context: () => actor.getSnapshot().context,
    /** The JSON the bot would store for this conversation now. */
    persistedJson: () => JSON.stringify(actor.getPersistedSnapshot()),
  };
  return flow;
}

export type Flow = ReturnType<typeof startFlow>;

/** Starts a flow in locale `en` (unless told) and walks it with the given events; what was said is dropped. */
export async function flowAt(events: readonly RecoveryEvent[], options: FlowOptions = {}): Promise<Flow> {
  const flow = startFlow(options);
  await flow.sendAll(events);
  flow.take();
  return flow;
}

export const keys = (messages: Message[]): string[] => messages.map((m) => m.key);

/** A fake whose successive calls resolve to the given values (the last one repeats). */
export function sequence<T>(values: T[]): () => Promise<T> {
  let i = 0;
  return async () => values[Math.min(i++, values.length - 1)] as T;
}

/** Lets settled promises reach the actor: fromPromise reports through microtasks. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
