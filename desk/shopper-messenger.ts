export type MessageParams = Record<string, string | number>;

/**
 * Something said to the shopper on the desk's behalf: an operator's own words, or a text from
 * the bot's locale files (a template the operator chose, or a notice such as "an operator
 * joined") rendered in the conversation's language. `operator` voice is written to the
 * transcript as an OPERATOR line, `bot` voice as the bot's (OUT).
 */
export type ShopperMessage =
  | { voice: 'operator'; operatorId: string; text: string }
  | { voice: 'operator'; operatorId: string; key: string; params?: MessageParams }
  | { voice: 'bot'; key: string; params?: MessageParams };

/** One line as written to the transcript (redacted) and shown to the shopper. */
export type SentLine = { direction: 'OUT' | 'OPERATOR'; text: string; operatorId: string | null; createdAt: Date };

/** Whether the channel took the messages; the lines are in the transcript either way. */
export type Delivery = { delivered: boolean; lines: SentLine[] };

/**
 * How the desk reaches a shopper: proactive messages into the conversation the case came from,
 * on whatever channel it is. Implemented by the bot layer (bot/handoff/bot-shopper-messenger.ts),
 * so desk/ never touches the Bot Framework.
 */
export interface ShopperMessenger {
  /** Writes the messages to the transcript and sends them into the conversation. */
  send(conversationId: string, messages: ShopperMessage[]): Promise<Delivery>;
  /**
   * The case ended: says `messages`, then gives the conversation back to the bot, whose flow
   * leaves the handoff and says so (CASE_CLOSED).
   */
  handBack(conversationId: string, messages: ShopperMessage[]): Promise<Delivery>;
}
