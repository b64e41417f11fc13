/**
 * Per-person rate limit: at most `limit` messages in any sliding window of `windowMs`.
 * Beyond it the first extra message gets one polite reply (`'warn'`), the following ones are dropped
 * silently (`'drop'`) until the window has room again. Protects LLM cost and the service from a
 * stuck key or a flood, without punishing a person who types fast for a moment.
 *
 * In memory on purpose: a restart forgetting who was limited is harmless.
 */
export type RateDecision = 'allow' | 'warn' | 'drop';

export interface RateLimiterOptions {
  /** Messages allowed per window (RATE_LIMIT_MESSAGES). */
  limit: number;
  /** Window length in milliseconds (RATE_LIMIT_WINDOW_SECONDS × 1000). */
  windowMs: number;
  /** Clock, injected for tests. */
  now?: () => number;
  /** Keys tracked before expired ones are swept (bounds memory). Default 10 000. */
  sweepAt?: number;
}

interface Entry {
  /** Accepted message times, oldest first, at most `limit`. */
  times: number[];
  /** The warning was sent while the window was full; cleared when room appears. */
  warned: boolean;
}

export class RateLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly sweepAt: number;

  constructor(private readonly options: RateLimiterOptions) {
    if (options.limit < 1 || options.windowMs < 1) throw new RangeError('limit and windowMs must be positive');
    this.now = options.now ?? Date.now;
    this.sweepAt = options.sweepAt ?? 10_000;
  }

  /** Records a message from `key` and says what to do with it. */
  check(key: string): RateDecision {
    const now = this.now();
    const cutoff = now - this.options.windowMs;
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.sweepAt) this.sweep(cutoff);
      entry = { times: [], warned: false };
      this.entries.set(key, entry);
    }
    while (entry.times.length > 0 && (entry.times[0] ?? 0) <= cutoff) entry.times.shift();
    if (entry.times.length < this.options.limit) {
      entry.times.push(now);
      entry.warned = false;
      return 'allow';
    }
    if (entry.warned) return 'drop';
    entry.warned = true;
    return 'warn';
  }

  /** Number of keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private sweep(cutoff: number): void {
    for (const [key, entry] of this.entries) {
      const last = entry.times[entry.times.length - 1];
      if (last === undefined || last <= cutoff) this.entries.delete(key);
    }
  }
}
