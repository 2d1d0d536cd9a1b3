import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger.js';
import type { DirectLineChannel } from './channel.js';
import { guarded, sendError, sendJson } from './http-reply.js';
import type { OriginPolicy } from './origin-policy.js';
import { authenticate } from './request-auth.js';
import { parseStartBody } from './request-bodies.js';
import type { DirectLineStore } from './store.js';
import type { DirectLineTokens } from './tokens.js';

export type TokenRouteDeps = {
  channel: DirectLineChannel;
  store: DirectLineStore;
  tokens: DirectLineTokens;
  policy: OriginPolicy;
  secret: string | undefined;
  logger: Logger;
};

/**
 * POST /v3/directline/tokens/generate — a token for a new conversation. Azure's service wants the
 * Direct Line secret here (from the page's backend); we accept that secret (DIRECTLINE_SECRET), and
 * also a browser request from our own /chat page or an allowed shop origin, which is how the widget
 * gets its token with no backend of its own. Only the secret may choose the user id.
 *
 * POST /v3/directline/tokens/refresh — a fresh token for the same conversation and user.
 */
export function registerTokenRoutes(server: Server, deps: TokenRouteDeps): void {
  const { channel, store, tokens, policy, secret, logger } = deps;

  server.post(
    '/v3/directline/tokens/generate',
    guarded(logger, 'tokens/generate', async (req: Request, res: Response) => {
      const caller = authenticate(req.headers, tokens, secret);
      const backend = caller?.kind === 'backend';
      if (!backend && !policy.isTrustedPage(req.headers)) {
        sendError(res, 'Forbidden', 'Tokens are issued to this site\'s pages, allowed shop pages and the shop backend.');
        return;
      }
      const body = parseStartBody(req.body);
      if ('problem' in body) {
        sendError(res, 'BadArgument', body.problem);
        return;
      }
      const conversation = await channel.newConversation({
        userId: backend ? body.request.user?.id : undefined,
        locale: body.request.locale,
      });
      const { token, expiresIn } = tokens.issue({ conversationId: conversation.id, userId: conversation.userId });
      sendJson(res, 200, { conversationId: conversation.id, token, expires_in: expiresIn });
    }),
  );

  server.post(
    '/v3/directline/tokens/refresh',
    guarded(logger, 'tokens/refresh', async (req: Request, res: Response) => {
      const caller = authenticate(req.headers, tokens, undefined);
      if (caller?.kind !== 'shopper') {
        sendError(res, 'Forbidden', 'A valid token is required.');
        return;
      }
      const conversation = await store.findConversation(caller.principal.conversationId);
      if (!conversation) {
        sendError(res, 'NotFound', 'No such conversation.');
        return;
      }
      const { token, expiresIn } = tokens.issue(caller.principal);
      sendJson(res, 200, { conversationId: conversation.id, token, expires_in: expiresIn });
    }),
  );
}
