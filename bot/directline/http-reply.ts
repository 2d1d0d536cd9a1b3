import type { Request, Response } from 'restify';
import type { Logger } from '../logger.js';

/** Error codes in the shape Azure's Direct Line uses: `{ error: { code, message } }`. */
export type ErrorCode = 'BadArgument' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'UnsupportedMediaType' | 'BotError' | 'ServiceError';

const STATUS: Record<ErrorCode, number> = {
  BadArgument: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  UnsupportedMediaType: 415,
  BotError: 502,
  ServiceError: 500,
};

export function sendError(res: Response, code: ErrorCode, message: string): void {
  res.status(STATUS[code]);
  res.json({ error: { code, message } });
}

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.json(body);
}

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * A route handler that never lets an exception escape: it is logged (without request content)
 * and the client gets a 500 without detail.
 */
export function guarded(logger: Logger, name: string, handler: Handler): Handler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error), route: name }, 'direct line: request failed');
      if (!res.headersSent) sendError(res, 'ServiceError', 'Internal error.');
    }
  };
}

/** The address the request came from, for the bot's per-client limits. */
export function clientAddress(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}
