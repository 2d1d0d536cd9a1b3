// Shared by the mail tests: a clock to move by hand, a log to read, a port nothing listens on.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';

export const SECRET = 'mail-test-secret-at-least-32-characters-long';
export const FROM = 'Recovery Desk <no-reply@recovery-desk.test>';

export function manualClock(start = '2026-11-20T10:00:00.000Z') {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
    set(at: Date) {
      current = new Date(at);
    },
  };
}

/** A pino logger writing JSON lines into an array. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

/** A loopback port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The code as a whole token: base64 text or ids could contain its digits by chance, never bounded like this. */
export const inClear = (code: string) => new RegExp(`(?<![A-Za-z0-9_-])${code}(?![A-Za-z0-9_-])`);
