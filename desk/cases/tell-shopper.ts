import type { DeskDeps } from '../desk-deps.js';
import type { Delivery, ShopperMessage } from '../shopper-messenger.js';

/**
 * Says something to the case's shopper after an action was stored. A channel that cannot be
 * reached must not undo or fail the action: the operator learns it from `delivered: false`.
 */
export async function tellShopper(
  deps: Pick<DeskDeps, 'messenger' | 'logger'>,
  conversationId: string,
  messages: ShopperMessage[],
  how: 'send' | 'handBack' = 'send',
): Promise<Delivery> {
  try {
    return how === 'send' ? await deps.messenger.send(conversationId, messages) : await deps.messenger.handBack(conversationId, messages);
  } catch (error) {
    deps.logger.error({ conversation: conversationId, err: error instanceof Error ? error.message : String(error) }, 'desk could not reach the shopper');
    return { delivered: false, lines: [] };
  }
}
