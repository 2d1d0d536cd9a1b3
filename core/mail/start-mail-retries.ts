import type { Logger } from 'pino';
import type { Mailer } from './mailer.js';

/**
 * Runs mailer.retryDue() every intervalMs until the returned stop function is called. Runs never
 * overlap, and the timer does not keep the process alive on its own.
 */
export function startMailRetries(mailer: Mailer, intervalMs: number, logger: Logger): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { sent, failed } = await mailer.retryDue();
      if (sent > 0 || failed > 0) logger.info({ sent, failed }, 'mail retries');
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'mail retries failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
