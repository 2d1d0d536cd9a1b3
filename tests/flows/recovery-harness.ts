import { vi, type Mock } from 'vitest';
import { createActor, fromPromise, waitFor, type AnyTransitionDefinition, type Snapshot, type StateValue } from 'xstate';
import type { AccountStatus, Locale } from '../../core/domain.js';
import { recoveryMachine } from '../../flows/recovery/recovery.machine.js';
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
  RetrievalOutcome,
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
} as const;

export type Impl = {
  lookupOrder: (input: OrderLookupInput) => Promise<RetrievalOutcome>;
  lookupCard: (input: CardLookupInput) => Promise<RetrievalOutcome>;
  openCase: (input: OpenCaseInput) => Promise<OpenCaseOutput>;
  checkCase: (input: { caseNumber: number }) => Promise<CaseProgress>;
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
  };
  const machine = recoveryMachine.provide({
    actors: {
      lookupOrder: fromPromise<RetrievalOutcome, OrderLookupInput>(({ input }) => fakes.lookupOrder(input)),
      lookupCard: fromPromise<RetrievalOutcome, CardLookupInput>(({ input }) => fakes.lookupCard(input)),
      openCase: fromPromise<OpenCaseOutput, OpenCaseInput>(({ input }) => fakes.openCase(input)),
      checkCase: fromPromise<CaseProgress, { caseNumber: number }>(({ input }) => fakes.checkCase(input)),
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
  };
  return flow;
}

export type Flow = ReturnType<typeof startFlow>;

/** Lets settled promises reach the actor: fromPromise reports through microtasks. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
