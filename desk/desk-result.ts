/** An expected refusal, with the HTTP status and error code the API answers with. */
export type DeskFailure = { ok: false; status: 400 | 401 | 403 | 404 | 409 | 429 | 503; code: string; message: string };
export type DeskResult<T> = { ok: true; value: T } | DeskFailure;

export function succeed<T>(value: T): DeskResult<T> {
  return { ok: true, value };
}

export function refuse(status: DeskFailure['status'], code: string, message: string): DeskFailure {
  return { ok: false, status, code, message };
}

/** The marketplace's directory did not answer: nothing was done; the operator tries again later. */
export const DIRECTORY_UNAVAILABLE: DeskFailure = refuse(503, 'DirectoryUnavailable', 'The marketplace directory is not answering; nothing was changed. Try again in a few minutes.');

/** The one answer for a case that does not exist and a case the operator may not see (no IDOR oracle). */
export const CASE_NOT_FOUND: DeskFailure = refuse(404, 'NotFound', 'No such case.');
