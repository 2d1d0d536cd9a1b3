import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger.js';
import type { DirectLineChannel } from './channel.js';
import { parseClientActivity } from './client-activity.js';
import { clientAddress, guarded, sendError, sendJson } from './http-reply.js';
import { authenticate, type Caller } from './request-auth.js';
import { parseStartBody } from './request-bodies.js';
import type { DirectLineConversationRecord, DirectLineStore } from './store.js';
import { streamUrl } from './stream-url.js';
import type { DirectLineTokens, Principal } from './tokens.js';
import { parseWatermark } from './watermark.js';

export type ConversationRouteDeps = {
  channel: DirectLineChannel;
  store: DirectLineStore;
  tokens: DirectLineTokens;
  secret: string | undefined;
  publicBaseUrl: string;
  logger: Logger;
};

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,128}$/;

type Access = { conversation: DirectLineConversationRecord; principal: Principal };

function query(req: Request, name: string): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get(name);
}

/**
 * The conversation in the path, if the caller may use it: 403 for a missing, bad or expired token
 * or one issued for another conversation; then 404 when there is no such conversation.
 */
async function access(req: Request, res: Response, deps: ConversationRouteDeps): Promise<Access | null> {
  const caller: Caller | null = authenticate(req.headers, deps.tokens, deps.secret);
  const id = String(req.params.conversationId ?? '');
  if (!caller || (caller.kind === 'shopper' && caller.principal.conversationId !== id)) {
    sendError(res, 'Forbidden', 'The token is missing, invalid, expired or for another conversation.');
    return null;
  }
  const conversation = CONVERSATION_ID.test(id) ? await deps.store.findConversation(id) : null;
  if (!conversation) {
    sendError(res, 'NotFound', 'No such conversation.');
    return null;
  }
  const principal = caller.kind === 'shopper' ? caller.principal : { conversationId: conversation.id, userId: conversation.userId };
  return { conversation, principal };
}

/** What start and reconnect answer: a fresh token and where to stream from. */
function conversationResponse(req: Request, deps: ConversationRouteDeps, principal: Principal, watermark: number) {
  const { token, expiresIn } = deps.tokens.issue(principal);
  const stream = deps.tokens.issueStream(principal);
  return {
    conversationId: principal.conversationId,
    token,
    expires_in: expiresIn,
    streamUrl: streamUrl(req.headers, deps.publicBaseUrl, { id: principal.conversationId, watermark, token: stream }),
  };
}

/** The request's watermark, or null after answering 400 for one that is not a non-negative integer. */
function watermarkOf(req: Request, res: Response): number | null {
  const watermark = parseWatermark(query(req, 'watermark'));
  if (watermark === null) sendError(res, 'BadArgument', 'watermark must be a non-negative integer.');
  return watermark;
}

/** Direct Line 3.0 conversations: start, reconnect, post an activity, get activities. */
export function registerConversationRoutes(server: Server, deps: ConversationRouteDeps): void {
  const { channel, store, tokens, secret, logger } = deps;

  server.post(
    '/v3/directline/conversations',
    guarded(logger, 'conversations/start', async (req: Request, res: Response) => {
      const caller = authenticate(req.headers, tokens, secret);
      if (!caller) {
        sendError(res, 'Forbidden', 'A valid token or secret is required.');
        return;
      }
      const body = parseStartBody(req.body);
      if ('problem' in body) {
        sendError(res, 'BadArgument', body.problem);
        return;
      }
      // A token names the conversation generated for it; the secret starts a new one.
      const conversation =
        caller.kind === 'shopper'
          ? await store.findConversation(caller.principal.conversationId)
          : await channel.newConversation({ userId: body.request.user?.id, locale: body.request.locale });
      if (!conversation) {
        sendError(res, 'NotFound', 'No such conversation.');
        return;
      }
      await channel.start(conversation, body.request.locale, clientAddress(req));
      sendJson(res, 201, conversationResponse(req, deps, { conversationId: conversation.id, userId: conversation.userId }, 0));
    }),
  );

  server.get(
    '/v3/directline/conversations/:conversationId',
    guarded(logger, 'conversations/reconnect', async (req: Request, res: Response) => {
      const granted = await access(req, res, deps);
      if (!granted) return;
      const watermark = watermarkOf(req, res);
      if (watermark === null) return;
      await channel.ensureJoined(granted.conversation, clientAddress(req));
      sendJson(res, 200, conversationResponse(req, deps, granted.principal, Math.min(watermark, granted.conversation.lastSeq)));
    }),
  );

  server.post(
    '/v3/directline/conversations/:conversationId/activities',
    guarded(logger, 'conversations/activities/post', async (req: Request, res: Response) => {
      const granted = await access(req, res, deps);
      if (!granted) return;
      if (!req.is('json')) {
        sendError(res, 'UnsupportedMediaType', 'Activities must be sent as application/json.');
        return;
      }
      const parsed = parseClientActivity(req.body);
      if ('problem' in parsed) {
        sendError(res, 'BadArgument', parsed.problem);
        return;
      }
      let id: string;
      try {
        id = await channel.post(granted.conversation, granted.principal, parsed.activity, clientAddress(req));
      } catch (error) {
        logger.error({ err: String(error), conversation: granted.conversation.id }, 'direct line: the bot did not take the activity');
        sendError(res, 'BotError', 'The bot could not take the activity; send it again.');
        return;
      }
      sendJson(res, 200, { id });
    }),
  );

  server.get(
    '/v3/directline/conversations/:conversationId/activities',
    guarded(logger, 'conversations/activities/get', async (req: Request, res: Response) => {
      const granted = await access(req, res, deps);
      if (!granted) return;
      const watermark = watermarkOf(req, res);
      if (watermark === null) return;
      sendJson(res, 200, await channel.activitiesAfter(granted.conversation, watermark));
    }),
  );
}
