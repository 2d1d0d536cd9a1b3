import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger.js';
import { parseBotActivity } from './bot-activity.js';
import type { DirectLineChannel } from './channel.js';
import { CHANNEL_ID } from './client-activity.js';
import { CONNECTOR_PATH } from './connector-endpoint.js';
import { guarded, sendError, sendJson } from './http-reply.js';
import { bearerToken } from './request-auth.js';
import type { DirectLineTokens } from './tokens.js';

export type ConnectorRouteDeps = { channel: DirectLineChannel; tokens: DirectLineTokens; logger: Logger };

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The small part of the Bot Connector API the bot's ConnectorClient calls for Direct Line
 * conversations: send to a conversation and reply to an activity, both answering `{ id }`.
 * Only calls carrying a channel-issued connector token are taken (see ChannelAwareCredentialsFactory);
 * no caller is trusted for its network address, since a proxy on the same host makes everyone local.
 */
export function registerConnectorRoutes(server: Server, deps: ConnectorRouteDeps): void {
  const { channel, tokens, logger } = deps;
  const base = `${CONNECTOR_PATH}v3/conversations/:conversationId/activities`;

  const receive = guarded(logger, 'connector/activities', async (req: Request, res: Response) => {
    const token = bearerToken(req.headers);
    if (!token || !tokens.verifyConnector(token)) {
      sendError(res, 'Unauthorized', 'A connector token is required.');
      return;
    }
    const conversationId = String(req.params.conversationId ?? '');
    const parsed = parseBotActivity(req.body);
    if ('problem' in parsed) {
      sendError(res, 'BadArgument', parsed.problem);
      return;
    }
    // A reply belongs to a Direct Line turn of this very conversation; anything else was addressed
    // here by mistake (or by a caller in local mode naming our serviceUrl for another channel).
    const { channelId, conversation } = parsed.activity;
    if ((channelId !== undefined && channelId !== CHANNEL_ID) || (conversation !== undefined && conversation.id !== conversationId)) {
      sendError(res, 'BadArgument', 'The activity is not for this Direct Line conversation.');
      return;
    }
    // The store finds out whether the conversation exists while it writes: one query less per reply.
    const id = CONVERSATION_ID.test(conversationId) ? await channel.receiveFromBot(conversationId, parsed.activity) : null;
    if (id === null) {
      sendError(res, 'NotFound', 'No such conversation.');
      return;
    }
    sendJson(res, 200, { id });
  });

  server.post(base, receive);
  server.post(`${base}/:activityId`, receive);
}
