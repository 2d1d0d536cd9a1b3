import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { createActor, waitFor, type Actor, type Snapshot } from 'xstate';
import type { Config } from '../core/config/config.js';
import type { Locale } from '../core/domain.js';
import type { Directory } from '../core/directory/directory.js';
import type { DbClient } from '../core/db/client.js';
import { loadConversation, type ConversationRecord } from '../core/conversations/load-conversation.js';
import { saveTurn, type TranscriptLine } from '../core/conversations/save-turn.js';
import { findProcessedReplies } from '../core/conversations/find-processed.js';
import { redactText } from '../core/text/redact.js';
import { RECOVERY_MACHINE_VERSION, recoveryMachine, type RecoveryMachine } from '../flows/recovery/recovery.machine.js';
import type { Expectation, Message, Prompt, RecoveryEvent } from '../flows/recovery/types.js';
import { hasShopperSpoken } from '../core/conversations/has-shopper-spoken.js';
import type { Translate } from './i18n/translator.js';
import type { IntentMatcher } from './understand/intent-matcher.js';
import { understand } from './understand/understand.js';
import { localeFromTag, renderMessage } from './render.js';
import { KeyedMutex } from './keyed-mutex.js';
import { provideFlowActors } from './flow-actors.js';
import type { Logger } from './logger.js';
import type { Mailer } from '../core/mail/mailer.js';
import type { DeskChat } from '../desk/chat/desk-chat.js';
import type { HeldCase } from '../desk/chat/held-case.js';
import { relayToOperator } from './handoff/relay-to-operator.js';
import type { Outgoing } from './handoff/outgoing.js';

export const CLIENT_KEY = Symbol('clientKey');
/** The conversation's language, for an apology when the turn fails. */
export const TURN_LOCALE = Symbol('turnLocale');
/** What the question before the turn expects, so an apology for a failed turn keeps a password question's mark. */
export const TURN_EXPECTS = Symbol('turnExpects');

export type RecoveryBotDeps = {
  prisma: DbClient;
  directory: Directory;
  config: Pick<Config, 'limits' | 'secret' | 'codes' | 'publicBaseUrl'>;
  translate: Translate;
  intents: IntentMatcher;
  logger: Logger;
  now: () => Date;
  mailer: Mailer;
  /** The desk: while an operator holds a conversation's case, the bot relays instead of answering. */
  desk?: DeskChat;
};

/** What the bot said when the desk handed a conversation back, for the caller to deliver. */
export type HandBack = { replies: Partial<Activity>[]; reference: string | null };

type FlowActor = Actor<RecoveryMachine>;

// Longer than one awaited SMTP try (three 10 s timeouts): a slow mail server must not fail the turn.
const TURN_TIMEOUT_MS = 45_000;

/** What the flow's current question expects, from its `expect:<kind>` tag. */
function expectationOf(snapshot: { tags: Set<string> }): Expectation | null {
  const tag = [...snapshot.tags].find((t) => t.startsWith('expect:'));
  return tag ? (tag.slice('expect:'.length) as Expectation) : null;
}

/** The question the flow's current state asks, from its `meta.prompt`. */
function promptOf(snapshot: { getMeta(): Record<string, unknown> }): Prompt | undefined {
  const meta = snapshot.getMeta() as Record<string, { prompt?: Prompt } | undefined>;
  return Object.values(meta).find((m) => m?.prompt)?.prompt;
}

/**
 * The bot's turn: load the conversation's flow snapshot, turn the activity into a
 * flow event, let the flow run, persist the snapshot with the redacted transcript,
 * and send what the flow said in the shopper's language.
 */
export class RecoveryBot {
  private readonly locks = new KeyedMutex();

  constructor(private readonly deps: RecoveryBotDeps) {}

  async run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message && !this.isJoin(activity)) return;
    const key = `${activity.channelId}\u0000${activity.conversation.id}`;
    await this.locks.run(key, () => this.turn(context));
  }

  /** Waits for turns in flight, for a graceful shutdown. */
  idle(): Promise<void> {
    return this.locks.idle();
  }

  /**
   * The desk ended the case (SPEC §6: the conversation returns to the bot): under the
   * conversation's lock, `before` (the desk's last words, rendered in the conversation's
   * language) is written down, the flow leaves the handoff (CASE_CLOSED) and what it says is
   * added. Nothing is sent here; the caller delivers the replies proactively.
   */
  async handBack(conversationId: string, before: (locale: Locale) => Outgoing[]): Promise<HandBack | null> {
    const row = await this.deps.prisma.conversation.findUnique({ where: { id: conversationId }, select: { channelId: true, externalId: true } });
    if (!row) return null;
    return this.locks.run(`${row.channelId}\u0000${row.externalId}`, async () => {
      const conversation = await loadConversation(this.deps.prisma, row, { locale: 'en', clientKey: null });
      const said: Message[] = [];
      const actor = this.startFlow(conversation, undefined, null, said);
      const event: RecoveryEvent = { type: 'CASE_CLOSED' };
      // A conversation no longer waiting in the handoff (restarted, say) keeps its state.
      const moves = actor.getSnapshot().can(event);
      if (moves) {
        actor.send(event);
        await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: TURN_TIMEOUT_MS });
      }
      const locale = actor.getSnapshot().context.locale;
      const persisted = actor.getPersistedSnapshot();
      actor.stop();
      const first = before(locale);
      // Only what the flow said on leaving the handoff: a flow started afresh here greets, which is not for now.
      const flowSaid = moves ? said : [];
      const replies = [...first.map((o) => o.activity), ...flowSaid.map((m) => renderMessage(m, locale, this.deps.translate))];
      await saveTurn(this.deps.prisma, {
        conversationId,
        locale,
        snapshot: moves ? JSON.stringify(persisted) : null,
        machineVersion: RECOVERY_MACHINE_VERSION,
        reference: null,
        transcript: [...first.map((o) => o.line), ...replies.slice(first.length).map((r) => ({ direction: 'OUT' as const, text: r.text ?? '' }))],
        processed: null,
      });
      return { replies, reference: conversation.reference };
    });
  }

  private isJoin(activity: Activity): boolean {
    return (
      activity.type === ActivityTypes.ConversationUpdate &&
      (activity.membersAdded ?? []).some((m) => m.id !== activity.recipient?.id)
    );
  }

  private async turn(context: TurnContext): Promise<void> {
    const { prisma, logger } = this.deps;
    const activity = context.activity;
    const started = Date.now();
    const clientKey = (context.turnState.get(CLIENT_KEY) as string | undefined) ?? null;
    const conversation = await loadConversation(
      prisma,
      { channelId: activity.channelId, externalId: activity.conversation.id },
      { locale: localeFromTag(activity.locale) ?? 'en', clientKey },
    );
    if (activity.type === ActivityTypes.ConversationUpdate && conversation.snapshot !== null) return;
    context.turnState.set(TURN_LOCALE, conversation.locale);

    if (activity.id) {
      const replay = await findProcessedReplies(prisma, conversation.id, activity.id);
      if (replay) {
        logger.info({ conversation: conversation.id, activityId: activity.id }, 'replayed activity answered from record');
        await context.sendActivities(replay as Partial<Activity>[]);
        return;
      }
    }

    const desk = this.deps.desk;
    if (activity.type === ActivityTypes.Message && desk) {
      const held = await desk.heldCase(conversation.id);
      if (held) {
        await this.relayTurn(context, conversation, { desk, held, clientKey });
        return;
      }
    }

    const said: Message[] = [];
    const actor = this.startFlow(conversation, activity.locale, clientKey, said);
    const expected = expectationOf(actor.getSnapshot());
    context.turnState.set(TURN_EXPECTS, expected);
    const isFirstTurn = conversation.snapshot === null;
    if (activity.type === ActivityTypes.Message) await this.followShopperLanguage(activity, actor, conversation.id, said, isFirstTurn);
    const incoming = activity.type === ActivityTypes.Message ? this.toEvent(activity, actor) : null;
    // A first message that already is a request keeps the greeting and drops the opening
    // question (asked before the language is known, the request waits for the choice in the
    // flow); a first message that is only a greeting or not understood gets the opening.
    const act = incoming !== null && !(isFirstTurn && (incoming.type === 'UNKNOWN' || incoming.type === 'GREETING'));
    if (act && isFirstTurn) said.splice(1);
    if (incoming && act) {
      actor.send(actor.getSnapshot().can(incoming) ? incoming : { type: 'UNKNOWN' });
      try {
        await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: TURN_TIMEOUT_MS });
      } catch (error) {
        // Nothing of a turn that did not finish is kept; the actor must not run on unseen.
        actor.stop();
        throw error;
      }
    }

    const snapshot = actor.getSnapshot();
    const locale = snapshot.context.locale;
    const replies = said.map((m) => renderMessage(m, locale, this.deps.translate));
    // Tell the channel that the answer to this question is secret, so it can mask it too.
    const nextExpects = expectationOf(snapshot);
    const last = replies[replies.length - 1];
    if (last && (nextExpects === 'password' || nextExpects === 'code')) {
      last.channelData = { ...(last.channelData as object | undefined), recoveryDesk: { sensitiveInput: nextExpects } };
    }
    const persisted = actor.getPersistedSnapshot();
    actor.stop();

    const transcript: TranscriptLine[] = [];
    if (activity.type === ActivityTypes.Message) transcript.push({ direction: 'IN', text: this.transcriptText(activity, expected) });
    for (const r of replies) transcript.push({ direction: 'OUT', text: r.text ?? '' });

    await saveTurn(prisma, {
      conversationId: conversation.id,
      locale,
      snapshot: JSON.stringify(persisted),
      machineVersion: RECOVERY_MACHINE_VERSION,
      reference: JSON.stringify(TurnContext.getConversationReference(activity)),
      transcript,
      processed: activity.id ? { activityId: activity.id, replies } : null,
    });
    logger.info(
      {
        conversation: conversation.id,
        activityType: activity.type,
        event: incoming?.type ?? null,
        state: snapshot.value,
        replies: replies.length,
        ms: Date.now() - started,
      },
      'turn',
    );
    if (replies.length > 0) await context.sendActivities(replies);
  }

  /**
   * A turn while an operator holds the case: the flow does not run (the bot stays silent), the
   * message is written down and shown to the operator live; only answers the bot checks for the
   * operator (a code, requested evidence) get a reply.
   */
  private async relayTurn(
    context: TurnContext,
    conversation: ConversationRecord,
    { desk, held, clientKey }: { desk: DeskChat; held: HeldCase; clientKey: string | null },
  ): Promise<void> {
    const { prisma, translate } = this.deps;
    const activity = context.activity;
    const locale = localeFromTag(conversation.locale) ?? 'en';
    const relayed = await relayToOperator(
      { desk, intents: this.deps.intents, now: this.deps.now, maxMessageLength: this.deps.config.limits.maxMessageLength },
      held,
      activity,
      locale,
      clientKey,
    );
    const replies = relayed.replies.map((m) => renderMessage(m, locale, translate));
    const transcript: TranscriptLine[] = [{ direction: 'IN', text: relayed.transcriptText }, ...replies.map((r) => ({ direction: 'OUT' as const, text: r.text ?? '' }))];
    await saveTurn(prisma, {
      conversationId: conversation.id,
      locale,
      snapshot: null,
      machineVersion: RECOVERY_MACHINE_VERSION,
      reference: JSON.stringify(TurnContext.getConversationReference(activity)),
      transcript,
      processed: activity.id ? { activityId: activity.id, replies } : null,
    });
    const at = this.deps.now();
    desk.linesWritten(held, transcript.map((line) => ({ direction: line.direction, text: redactText(line.text), createdAt: at })));
    this.deps.logger.info({ conversation: conversation.id, case: held.caseId, replies: replies.length }, 'turn relayed to the operator');
    if (replies.length > 0) await context.sendActivities(replies);
  }

  private startFlow(conversation: ConversationRecord, channelLocale: string | undefined, clientKey: string | null, said: Message[]): FlowActor {
    const machine = recoveryMachine.provide(
      provideFlowActors({ ...this.deps, conversationId: conversation.id, clientKey }),
    );
    // Input only matters for a new conversation; a restored snapshot carries its context.
    const input = { locale: localeFromTag(channelLocale) };
    const restored = this.restoreSnapshot(conversation);
    const actor = createActor(machine, restored ? { snapshot: restored, input } : { input });
    actor.on('say', (e) => said.push(e.message));
    actor.start();
    return actor;
  }

  private restoreSnapshot(conversation: ConversationRecord): Snapshot<unknown> | null {
    if (!conversation.snapshot || conversation.machineVersion !== RECOVERY_MACHINE_VERSION) return null;
    try {
      const parsed = JSON.parse(conversation.snapshot) as Snapshot<unknown>;
      // Resolving the snapshot against the machine throws on states that no longer exist.
      const probe = createActor(recoveryMachine, { snapshot: parsed, input: { locale: null } });
      return probe.getSnapshot().status === 'active' ? parsed : null;
    } catch (error) {
      this.deps.logger.warn({ conversation: conversation.id, err: String(error) }, 'stored flow snapshot unusable; starting over');
      return null;
    }
  }

  /**
   * SPEC §9: when the shopper's first message is plainly in another of the four languages than
   * the channel's, the conversation goes on in the shopper's language (and keeps it). The
   * switch itself says nothing: the answer to the message comes in the new language.
   */
  private async followShopperLanguage(activity: Activity, actor: FlowActor, conversationId: string, said: Message[], isFirstTurn: boolean): Promise<void> {
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    const snapshot = actor.getSnapshot();
    if (!text || text.length > this.deps.config.limits.maxMessageLength) return;
    if (!snapshot.matches('menu') && !snapshot.matches('chooseLanguage')) return;
    const meaning = this.deps.intents.classify(text, snapshot.context.locale);
    if (!meaning.languageClear || (meaning.language === snapshot.context.locale && snapshot.context.localeKnown)) return;
    if (!isFirstTurn && (await hasShopperSpoken(this.deps.prisma, conversationId))) return;
    const before = said.length;
    actor.send({ type: 'LANGUAGE', locale: meaning.language });
    said.splice(before);
    // A new conversation opens with the greeting and the menu, both in the shopper's language.
    const prompt = promptOf(actor.getSnapshot());
    if (isFirstTurn && prompt) said.splice(1, said.length - 1, prompt);
  }

  private toEvent(activity: Activity, actor: FlowActor): RecoveryEvent {
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    if (!text) return { type: 'NON_TEXT' };
    const max = this.deps.config.limits.maxMessageLength;
    if (text.length > max) return { type: 'TOO_LONG', max };
    const snapshot = actor.getSnapshot();
    const event = understand(
      {
        text,
        rawText: typeof activity.text === 'string' ? activity.text : text,
        expect: expectationOf(snapshot),
        locale: snapshot.context.locale as Locale,
        today: this.deps.now(),
      },
      this.deps.intents,
      (candidate) => snapshot.can(candidate),
    );
    // Not understood twice in a row: the flow says what it can do and offers a way out.
    const missedBefore = (snapshot.context.misses ?? 0) >= 1;
    if (missedBefore && (event.type === 'UNKNOWN' || event.type === 'CLARIFY')) return { type: 'UNKNOWN', repeated: true };
    return event;
  }

  private transcriptText(activity: Activity, expected: Expectation | null): string {
    const text = typeof activity.text === 'string' ? activity.text : '';
    // A password or a code is never written down, whatever it looks like.
    if (expected === 'password') return '[password, not kept]';
    if (expected === 'code') return '[code, not kept]';
    if (text.length > this.deps.config.limits.maxMessageLength) return '[message too long, not kept]';
    if (!text.trim()) return `[${(activity.attachments ?? []).map((a) => a.contentType).join(', ') || 'empty message'}]`;
    return redactText(text);
  }
}
