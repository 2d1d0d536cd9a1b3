// The console's one way to the server: JSON in and out, the CSRF token on every change, and the
// server's error shape ({ error: { code, message } }) turned into DeskApiError.

export class DeskApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from a Retry-After header (sign-in limits). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'DeskApiError';
  }
}

let csrfToken = '';
let onSignedOut: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when any request finds the session gone (expired, signed out elsewhere, deactivated). */
export function setSignedOutHandler(handler: (() => void) | null): void {
  onSignedOut = handler;
}

type Method = 'GET' | 'POST' | 'DELETE';

async function readError(response: Response): Promise<DeskApiError> {
  let code = `Http${response.status}`;
  let message = response.statusText;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (a proxy's page, a dropped connection): the status says enough.
  }
  const retry = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return new DeskApiError(response.status, code, message, Number.isFinite(retry) ? retry : null);
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/desk/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new DeskApiError(0, 'Offline', 'The server cannot be reached.');
  }
  if (!response.ok) {
    const error = await readError(response);
    if (error.status === 401 && path !== '/session') onSignedOut?.();
    throw error;
  }
  return (await response.json()) as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);

/** A query string from the set values only. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
