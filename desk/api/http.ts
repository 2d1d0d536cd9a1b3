import type { Response } from 'restify';
import type { z } from 'zod';
import type { DeskFailure, DeskResult } from '../desk-result.js';

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.json(body);
}

/** Every error the desk API gives: `{ error: { code, message } }`, never a stack or an internal detail. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

export function sendFailure(res: Response, failure: DeskFailure): void {
  sendError(res, failure.status, failure.code, failure.message);
}

/** A service's answer: the value as JSON (shaped by `view`), or its refusal. */
export function sendResult<T>(res: Response, result: DeskResult<T>, view: (value: T) => unknown = (v) => v): void {
  if (result.ok) sendJson(res, 200, view(result.value));
  else sendFailure(res, result);
}

/**
 * Validates request input with zod. On a problem it answers 400 naming the first bad field and
 * returns undefined, so a handler reads `const input = readInput(...); if (!input) return;`.
 */
export function readInput<S extends z.ZodType>(res: Response, schema: S, value: unknown): z.infer<S> | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  sendError(res, 400, 'BadRequest', `${where}${issue?.message ?? 'invalid input'}`);
  return undefined;
}
