import { describe, expect, it } from 'vitest';
import { Deadline, DeadlineError, raceSignal } from '../../src/lib/deadline.js';

const gc = (globalThis as { gc?: () => void }).gc;
const never = () => new Promise<never>(() => undefined);

describe('Deadline', () => {
  it('fires after full GCs while nothing else references it', async () => {
    expect(gc).toBeTypeOf('function');
    const started = Date.now();
    const waiting = Deadline.run(300, undefined, () => never());
    const timer = setInterval(() => gc!(), 10);
    try {
      await expect(waiting).rejects.toBeInstanceOf(DeadlineError);
    } finally {
      clearInterval(timer);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('aborts with the parent (shutdown), and a disposed deadline never fires', async () => {
    const parent = new AbortController();
    const d = new Deadline(60_000, parent.signal);
    parent.abort(new Error('closing'));
    expect(d.signal.aborted).toBe(true);
    expect(d.expired).toBe(false);
    d.dispose();
    const quiet = new Deadline(20);
    quiet.dispose();
    await new Promise((r) => setTimeout(r, 60));
    expect(quiet.signal.aborted).toBe(false);
  });

  it('raceSignal settles with the work when it finishes first, and ignores a late failure', async () => {
    const c = new AbortController();
    await expect(raceSignal(Promise.resolve(7), c.signal)).resolves.toBe(7);
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('late')), 30));
    const raced = raceSignal(late, c.signal);
    c.abort(new DeadlineError(1));
    await expect(raced).rejects.toBeInstanceOf(DeadlineError);
    await new Promise((r) => setTimeout(r, 50));
  });
});
