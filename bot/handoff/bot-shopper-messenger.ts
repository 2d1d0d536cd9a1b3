import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import { appendTranscript } from '../../core/conversations/append-transcript.js';
import type { DbClient } from '../../core/db/client.js';
import type { Locale } from '../../core/domain.js';
import type { Delivery, SentLine, ShopperMessage, ShopperMessenger } from '../../desk/shopper-messenger.js';
import type { DirectLine } from '../directline/register-direct-line.js';
import type { Translate } from '../i18n/translator.js';
import type { Logger } from '../logger.js';
import { localeFromTag } from '../render.js';
import type { RecoveryBot } from '../recovery-bot.js';
import { renderOutgoing, type Outgoing } from './outgoing.js';

export type BotShopperMessengerDeps = {
  adapter: CloudAdapter;
  /**
   * The widget's Direct Line channel: a widget conversation's reference names the connector of the
   * process that saved it, which may since have restarted elsewhere; the channel points it at the
   * running process's connector and leaves every other channel's reference as it is.
   */
  directLine: Pick<DirectLine, 'currentReference'>;
  /** The bot's app id; empty in local mode, where the adapter signs nothing. */
  appId: string | undefined;
  prisma: DbClient;
  translate: Translate;
  bot: RecoveryBot;
  logger: Logger;
  now: () => Date;
};

/**
 * The desk's way into the chat (desk/shopper-messenger.ts): proactive messages through the
 * conversation's stored ConversationReference with adapter.continueConversationAsync, so they
 * reach the shopper on whatever channel the conversation is (the Direct Line widget through its
 * connector, or any Bot Framework channel). Each line is written to the transcript first.
 */
export class BotShopperMessenger implements ShopperMessenger {
  constructor(private readonly deps: BotShopperMessengerDeps) {}

  async send(conversationId: string, messages: ShopperMessage[]): Promise<Delivery> {
    const conversation = await this.deps.prisma.conversation.findUnique({ where: { id: conversationId }, select: { locale: true, reference: true } });
    if (!conversation || messages.length === 0) return { delivered: false, lines: [] };
    const locale: Locale = localeFromTag(conversation.locale) ?? 'en';
    const outgoing = messages.map((m) => renderOutgoing(m, locale, this.deps.translate));
    await appendTranscript(this.deps.prisma, conversationId, outgoing.map((o) => o.line));
    const lines = this.sentLines(outgoing);
    return { delivered: await this.deliver(conversationId, conversation.reference, outgoing.map((o) => o.activity)), lines };
  }

  async handBack(conversationId: string, messages: ShopperMessage[]): Promise<Delivery> {
    let outgoing: Outgoing[] = [];
    const back = await this.deps.bot.handBack(conversationId, (locale) => {
      outgoing = messages.map((m) => renderOutgoing(m, locale, this.deps.translate));
      return outgoing;
    });
    if (!back) return { delivered: false, lines: [] };
    const bot: Outgoing[] = back.replies.slice(outgoing.length).map((activity) => ({ activity, line: { direction: 'OUT', text: activity.text ?? '' } }));
    return { delivered: await this.deliver(conversationId, back.reference, back.replies), lines: this.sentLines([...outgoing, ...bot]) };
  }

  private sentLines(outgoing: Outgoing[]): SentLine[] {
    const at = this.deps.now();
    return outgoing.map((o) => ({ direction: o.line.direction === 'OPERATOR' ? 'OPERATOR' : 'OUT', text: o.line.text, operatorId: o.line.operatorId ?? null, createdAt: at }));
  }

  /**
   * Sends into the conversation. The adapter hands errors inside the turn logic to onTurnError
   * rather than to the caller, so the logic catches them itself to know whether it worked.
   */
  private async deliver(conversationId: string, reference: string | null, activities: Partial<Activity>[]): Promise<boolean> {
    if (activities.length === 0) return true;
    if (!reference) return false;
    let delivered = false;
    try {
      const parsed = this.deps.directLine.currentReference(JSON.parse(reference) as Partial<ConversationReference>);
      await this.deps.adapter.continueConversationAsync(this.deps.appId ?? '', parsed, async (context) => {
        try {
          await context.sendActivities(activities);
          delivered = true;
        } catch (error) {
          this.deps.logger.warn({ conversation: conversationId, err: error instanceof Error ? error.message : String(error) }, 'proactive message not delivered');
        }
      });
    } catch (error) {
      this.deps.logger.warn({ conversation: conversationId, err: error instanceof Error ? error.message : String(error) }, 'proactive message not delivered');
    }
    return delivered;
  }
}
