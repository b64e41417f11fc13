import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyStatus, sleep, withRetries, type Failure } from '../../src/lib/retry.js';

class HttpError extends Error {
  constructor(readonly status: number, readonly retryAfter?: number) {
    super(`HTTP ${status}`);
  }
}

const classify = (err: unknown): Failure =>
  err instanceof HttpError ? classifyStatus(err.status, err.retryAfter) : { kind: 'transient' };

/** Runs withRetries with a recorded fake sleep; `results` are thrown (errors) or returned in order. */
async function run(results: Array<Error | string>, maxAttempts = 5) {
  const waits: number[] = [];
  let calls = 0;
  const outcome = await withRetries(
    async () => {
      const r = results[calls++];
      if (r instanceof Error) throw r;
      return r;
    },
    { classify, maxAttempts, baseDelayMs: 100, maxDelayMs: 350, sleep: async (ms) => void waits.push(ms) },
  ).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { outcome, waits, calls };
}

describe('retry policy', () => {
  it('classifies statuses: 429 waits, 5xx and 408 are transient, other 4xx permanent', () => {
    expect(classifyStatus(429, 7)).toEqual({ kind: 'rate-limited', retryAfterMs: 7000 });
    expect(classifyStatus(502)).toEqual({ kind: 'transient' });
    expect(classifyStatus(408)).toEqual({ kind: 'transient' });
    expect(classifyStatus(403)).toEqual({ kind: 'permanent' });
    expect(classifyStatus(400)).toEqual({ kind: 'permanent' });
  });

  it('backs off exponentially on 5xx and network errors, capped', async () => {
    const { outcome, waits, calls } = await run([new HttpError(500), new Error('ECONNRESET'), new HttpError(503), new HttpError(502), 'ok']);
    expect(outcome).toEqual({ value: 'ok' });
    expect(calls).toBe(5);
    expect(waits).toEqual([100, 200, 350, 350]);
    expect(backoffDelay(10, 100, 350)).toBe(350);
  });

  it('waits exactly retry_after on 429', async () => {
    const { outcome, waits } = await run([new HttpError(429, 3), 'sent']);
    expect(outcome).toEqual({ value: 'sent' });
    expect(waits).toEqual([3000]);
  });

  it('never retries other 4xx', async () => {
    const forbidden = new HttpError(403);
    const { outcome, waits, calls } = await run([forbidden, 'never']);
    expect(outcome).toEqual({ error: forbidden });
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const last = new HttpError(500);
    const { outcome, calls } = await run([new HttpError(500), new HttpError(500), last], 3);
    expect(outcome).toEqual({ error: last });
    expect(calls).toBe(3);
  });

  it('does not wait for a 429 asking longer than maxRetryAfterMs', async () => {
    const err = new HttpError(429, 3600);
    await expect(withRetries(() => Promise.reject(err), { classify, sleep: async () => undefined })).rejects.toBe(err);
  });

  it('sleep rejects with AbortError when aborted', async () => {
    const ac = new AbortController();
    const waiting = sleep(60_000, ac.signal);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});
