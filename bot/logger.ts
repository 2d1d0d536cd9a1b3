import pino, { type Logger } from 'pino';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../core/config/config.js';

export type { Logger };

/**
 * The process logger. Message text never goes to the log: lines carry ids, types and
 * timings only, so nothing a shopper typed (a card number, a code) can leak here.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFile'>): Logger {
  const streams: pino.StreamEntry[] = [{ stream: pino.destination({ fd: 1, sync: false }) }];
  if (config.logFile) {
    mkdirSync(dirname(config.logFile), { recursive: true });
    streams.push({ stream: pino.destination({ dest: config.logFile, sync: true, mkdir: true }) });
  }
  return pino(
    {
      level: config.logLevel,
      redact: { paths: ['text', '*.text', 'password', '*.password', 'code', '*.code'], censor: '[redacted]' },
    },
    pino.multistream(streams),
  );
}
