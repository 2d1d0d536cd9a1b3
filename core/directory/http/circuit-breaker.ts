export type BreakerOptions = {
  /** Failures in a row that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit answers "unavailable" without calling, before one trial call. */
  openMs: number;
  now: () => number;
};

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/**
 * A circuit breaker: after `failureThreshold` failed calls in a row, calls are refused for
 * `openMs` (the directory is not asked, the shopper hears "try later" at once instead of waiting
 * for a timeout); then one trial call is let through: its success closes the circuit, its failure
 * opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(private readonly options: BreakerOptions) {}

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.options.now() - this.openedAt >= this.options.openMs ? 'halfOpen' : 'open';
  }

  /** Whether a call may go out now; in half-open state only one at a time. */
  tryPass(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failed(): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.options.failureThreshold) this.openedAt = this.options.now();
    this.trialInFlight = false;
  }
}
