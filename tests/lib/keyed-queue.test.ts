import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/lib/keyed-queue.js';

/** A promise settled from outside, to control when tasks finish (no timers). */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('KeyedQueue', () => {
  it('runs the tasks of one key in order, one at a time', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const g = gate();
    const a = q.run('k', async () => {
      log.push('a start');
      await g.opened;
      log.push('a end');
      return 'a';
    });
    const b = q.run('k', () => {
      log.push('b');
      return 'b';
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    g.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('runs different keys in parallel', async () => {
    const q = new KeyedQueue();
    const g = gate();
    const log: string[] = [];
    const slow = q.run('x', async () => {
      await g.opened;
      log.push('x');
    });
    await q.run('y', () => log.push('y'));
    expect(log).toEqual(['y']);
    g.open();
    await slow;
    expect(log).toEqual(['y', 'x']);
  });

  it('never runs more than `concurrency` tasks at once, across keys', async () => {
    const q = new KeyedQueue({ concurrency: 2 });
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 6 }, gate);
    const done = gates.map((g, i) =>
      q.run(`k${i}`, async () => {
        running++;
        peak = Math.max(peak, running);
        await g.opened;
        running--;
      }),
    );
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(running).toBe(2);
    for (const g of gates) g.open();
    await Promise.all(done);
    expect(peak).toBe(2);
    expect(q.size).toBe(0);
  });

  it('keeps going after a failing task and reports the failure to its caller only', async () => {
    const q = new KeyedQueue();
    const failed = q.run('k', () => {
      throw new Error('boom');
    });
    const next = q.run('k', () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ok');
    await q.idle();
    expect(q.activeKeys).toBe(0);
  });

  it('rejects a bound below one', () => {
    expect(() => new KeyedQueue({ concurrency: 0 })).toThrow(RangeError);
  });
});
