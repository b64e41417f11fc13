/**
 * The one retry policy of the service (DESIGN.md convention 6, after grammY's `withRetries` and
 * Telegraf's polling loop):
 * - `rate-limited` (HTTP 429): wait exactly what the platform asked (`retry_after`), then try again;
 * - `transient` (5xx, network failure, timeout): capped exponential backoff;
 * - `permanent` (every other 4xx: bad request, blocked, unauthorized): never retried, thrown at once.
 *
 * Callers classify their own errors (each platform client knows its error types); this module knows
 * no platform and does no I/O besides waiting through the injected `sleep`.
 */

/** How a failed call should be treated. */
export type Failure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'transient' }
  | { kind: 'permanent' };

/** Maps an HTTP status (and a 429's `retry_after` in seconds) to a {@link Failure}. */
export function classifyStatus(status: number, retryAfterSeconds?: number): Failure {
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: Math.max(0, retryAfterSeconds ?? 1) * 1000 };
  if (status >= 500 || status === 408) return { kind: 'transient' };
  return { kind: 'permanent' };
}

/** Waits `ms`, or rejects with an `AbortError` when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

export interface RetryOptions {
  /** Decides what a thrown error means. */
  classify(err: unknown): Failure;
  /** Total attempts, the first included (default 5). */
  maxAttempts?: number;
  /** First backoff delay (default 500 ms); doubles each time. */
  baseDelayMs?: number;
  /** Backoff cap (default 30 s). */
  maxDelayMs?: number;
  /** A 429 asking to wait longer than this is not retried (default 60 s): the caller decides. */
  maxRetryAfterMs?: number;
  /** Injected for tests; defaults to real timers. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1); default none (deterministic). Adds up to 20 % of the delay. */
  random?: () => number;
  /** Stops waiting and rethrows when aborted (shutdown). */
  signal?: AbortSignal;
  /** Observes each retry (logging, metrics). */
  onRetry?: (info: { attempt: number; delayMs: number; failure: Failure; err: unknown }) => void;
}

/** The delay before retry number `attempt` (1-based) under capped exponential backoff. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Runs `fn` until it succeeds, retrying per the policy above. The last error is rethrown unchanged
 * when attempts run out, the failure is permanent, or a 429 asks to wait beyond `maxRetryAfterMs`.
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const failure = options.classify(err);
      if (failure.kind === 'permanent' || attempt >= maxAttempts) throw err;
      let delayMs: number;
      if (failure.kind === 'rate-limited') {
        if (failure.retryAfterMs > maxRetryAfter) throw err;
        delayMs = failure.retryAfterMs;
      } else {
        delayMs = backoffDelay(attempt, base, cap);
        if (options.random) delayMs += Math.floor(delayMs * 0.2 * options.random());
      }
      options.onRetry?.({ attempt, delayMs, failure, err });
      await wait(delayMs, options.signal);
    }
  }
}
