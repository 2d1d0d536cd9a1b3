import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Mailer } from '../../core/mail/mailer.js';
import { startMailRetries } from '../../core/mail/start-mail-retries.js';
import { capturedLogger } from './mail-test-kit.js';

function fakeMailer(retryDue: Mailer['retryDue']): Mailer {
  return { send: () => Promise.reject(new Error('not used')), queue: () => Promise.reject(new Error('not used')), retryDue, close: async () => {} };
}

describe('startMailRetries', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries on every tick until stopped, logging what it did', async () => {
    vi.useFakeTimers();
    const retryDue = vi.fn(async () => ({ sent: 1, failed: 0 }));
    const { logger, lines } = capturedLogger();
    const stop = startMailRetries(fakeMailer(retryDue), 1_000, logger);

    await vi.advanceTimersByTimeAsync(3_500);
    expect(retryDue).toHaveBeenCalledTimes(3);
    stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(retryDue).toHaveBeenCalledTimes(3);
    expect(lines.join('\n')).toContain('"sent":1');
  });

  it('never overlaps runs, and survives a run that throws', async () => {
    vi.useFakeTimers();
    let release: () => void = () => {};
    const retryDue = vi
      .fn<Mailer['retryDue']>()
      .mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve({ sent: 0, failed: 0 }))))
      .mockRejectedValueOnce(new Error('database is gone'))
      .mockResolvedValue({ sent: 0, failed: 0 });
    const { logger, lines } = capturedLogger();
    const stop = startMailRetries(fakeMailer(retryDue), 1_000, logger);

    await vi.advanceTimersByTimeAsync(3_500);
    expect(retryDue).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(retryDue).toHaveBeenCalledTimes(3);
    expect(lines.join('\n')).toContain('mail retries failed');
    stop();
  });
});
