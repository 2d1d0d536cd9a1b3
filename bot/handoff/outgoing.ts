import { ActivityTypes, type Activity } from 'botbuilder';
import type { TranscriptLine } from '../../core/conversations/save-turn.js';
import type { Locale } from '../../core/domain.js';
import { redactText } from '../../core/text/redact.js';
import type { ShopperMessage } from '../../desk/shopper-messenger.js';
import type { Translate } from '../i18n/translator.js';
import { renderMessage } from '../render.js';

/** A desk message ready to go: the activity for the channel and its transcript line. */
export type Outgoing = { activity: Partial<Activity>; line: TranscriptLine };

/**
 * Renders what the desk says in the conversation's language. An operator's own words go out as
 * written, redacted like every stored line (an operator pasting a card number must not send it
 * on); `channelData.recoveryDesk.voice` lets a channel show operator lines apart from the bot's.
 */
export function renderOutgoing(message: ShopperMessage, locale: Locale, translate: Translate): Outgoing {
  const activity: Partial<Activity> =
    'text' in message
      ? { type: ActivityTypes.Message, text: redactText(message.text) }
      : renderMessage({ key: message.key, params: message.params }, locale, translate);
  activity.channelData = { recoveryDesk: { voice: message.voice } };
  const line: TranscriptLine =
    message.voice === 'operator'
      ? { direction: 'OPERATOR', text: activity.text ?? '', operatorId: message.operatorId }
      : { direction: 'OUT', text: activity.text ?? '' };
  return { activity, line };
}
