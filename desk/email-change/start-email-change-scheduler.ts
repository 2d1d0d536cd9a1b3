import type { Logger } from 'pino';
import type { DeskDeps } from '../desk-deps.js';
import { applyDueEmailChanges } from './apply-due-email-changes.js';

/**
 * Applies due email changes every `intervalMs` until the returned function is called. Runs never
 * overlap, and the timer does not keep the process alive on its own.
 */
export function startEmailChangeScheduler(deps: Pick<DeskDeps, 'prisma' | 'directory' | 'send' | 'hub' | 'now'>, intervalMs: number, logger: Logger): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const run = await applyDueEmailChanges(deps, deps.now());
      if (run.applied > 0 || run.cancelled > 0) logger.info(run, 'email changes after their hold');
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'applying email changes failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
