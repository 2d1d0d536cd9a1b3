import type { CodeDeps } from '../../core/codes/types.js';
import type { DeskDeps } from '../desk-deps.js';

/** The one-time code services (core/codes) as the desk uses them: same limits as the bot's. */
export function codeDepsOf(deps: Pick<DeskDeps, 'prisma' | 'directory' | 'config' | 'send' | 'now'>): CodeDeps {
  return { prisma: deps.prisma, directory: deps.directory, secret: deps.config.secret, codes: deps.config.codes, send: deps.send, now: deps.now };
}
