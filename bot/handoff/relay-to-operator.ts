import type { Activity } from 'botbuilder';
import { normalizeCodeInput } from '../../core/codes/normalize-code-input.js';
import type { Locale } from '../../core/domain.js';
import type { EvidenceRequest } from '../../desk/cases/evidence-request.js';
import type { EvidenceAnswer, EvidenceProgress } from '../../desk/chat/answer-evidence-request.js';
import type { DeskChat } from '../../desk/chat/desk-chat.js';
import type { HeldCase } from '../../desk/chat/held-case.js';
import type { CodeAnswer } from '../../desk/email-change/confirm-email-change-code.js';
import type { Message } from '../../flows/recovery/types.js';
import type { IntentMatcher } from '../understand/intent-matcher.js';
import { understand } from '../understand/understand.js';

export type RelayDeps = { desk: DeskChat; intents: IntentMatcher; now: () => Date; maxMessageLength: number };

/** What a turn of a held conversation writes down and says: usually nothing, the operator answers. */
export type Relayed = { transcriptText: string; replies: Message[] };

function codeReply(answer: CodeAnswer): Message {
  switch (answer.kind) {
    case 'onHold':
      return { key: 'desk.emailChange.onHold', params: { count: answer.holdHours } };
    case 'wrong':
      return { key: 'code.wrong', params: { count: answer.attemptsLeft } };
    case 'expired':
    case 'noChallenge':
      return { key: 'desk.emailChange.expired' };
    case 'locked':
      return { key: 'desk.emailChange.locked', params: { count: answer.retryAfterMinutes } };
    case 'unavailable':
      return { key: 'directory.sendAgainLater' };
  }
}

function progressReply(progress: Exclude<EvidenceProgress, { kind: 'stale' }>): Message {
  if (progress.kind === 'next') return { key: progress.step === 'amount' ? 'retrieval.askAmount' : 'retrieval.askDate' };
  if (progress.kind === 'locked') return { key: 'retrieval.locked', params: { count: progress.retryAfterMinutes } };
  if (progress.kind === 'unavailable') return { key: 'directory.sendAgainLater' };
  return { key: 'desk.evidence.received' };
}

type Reading = { answer: EvidenceAnswer; notes: Message[] } | { hint: Message } | null;

/**
 * Reads the answer to the operator's evidence question with the bot's own parsers (the same as
 * at the flow's questions). Not an answer: the message is for the operator. A tracking number or
 * a card number where an order number was asked gets the bot's usual explanation.
 */
function readAnswer(text: string, request: EvidenceRequest, locale: Locale, deps: RelayDeps): Reading {
  const event = understand({ text, expect: request.step, locale, today: deps.now() }, deps.intents);
  switch (event.type) {
    case 'ORDER_NUMBER':
      return request.step === 'orderNumber' ? { answer: { step: 'orderNumber', digits: event.digits }, notes: [] } : null;
    case 'TRACKING_NUMBER':
      return { hint: { key: 'retrieval.trackingNotOrder' } };
    case 'CARD_LIKE':
      return { hint: { key: request.step === 'orderNumber' ? 'retrieval.cardNotOrder' : 'common.cardNumberWarning' } };
    case 'CARD_DIGITS':
      return { answer: { step: 'cardDigits', bin: event.bin, last4: event.last4 }, notes: event.wasFullNumber ? [{ key: 'retrieval.fullCardWarning' }] : [] };
    case 'AMOUNT':
      return { answer: { step: 'amount', minor: event.minor }, notes: [] };
    case 'DATE':
      return { answer: { step: 'date', dates: event.candidates }, notes: [] };
    default:
      return null;
  }
}

/**
 * A shopper's message while an operator holds the case (SPEC §6): the bot stays silent and the
 * message goes to the operator, except the answers the bot checks for the operator: the code of
 * an email change, and the evidence the operator asked for.
 */
export async function relayToOperator(deps: RelayDeps, held: HeldCase, activity: Partial<Activity>, locale: Locale, clientKey: string | null): Promise<Relayed> {
  const raw = typeof activity.text === 'string' ? activity.text : '';
  const text = raw.trim();
  if (!text) return { transcriptText: `[${(activity.attachments ?? []).map((a) => a.contentType).join(', ') || 'empty message'}]`, replies: [] };
  if (text.length > deps.maxMessageLength) {
    return { transcriptText: '[message too long, not kept]', replies: [{ key: 'common.tooLong', params: { count: deps.maxMessageLength } }] };
  }

  // While a code is awaited, six digits are a code: checked, and never written down (SPEC §8),
  // even when the challenge behind it is gone.
  const code = held.awaitingCode ? normalizeCodeInput(text) : null;
  if (code) return { transcriptText: '[code, not kept]', replies: [codeReply(await deps.desk.confirmCode(held, code))] };

  const reading = held.evidenceRequest ? readAnswer(text, held.evidenceRequest, locale, deps) : null;
  if (reading && 'hint' in reading) return { transcriptText: raw, replies: [reading.hint] };
  if (reading) {
    const progress = await deps.desk.answerEvidence(held, reading.answer, clientKey);
    if (progress.kind !== 'stale') return { transcriptText: raw, replies: [...reading.notes, progressReply(progress)] };
  }
  return { transcriptText: raw, replies: [] };
}
