import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/lib/rate-limit.js';

describe('RateLimiter', () => {
  it('allows `limit` messages per window, warns once, then drops until the window has room', () => {
    let now = 0;
    const rl = new RateLimiter({ limit: 3, windowMs: 10_000, now: () => now });
    expect([rl.check('a'), rl.check('a'), rl.check('a')]).toEqual(['allow', 'allow', 'allow']);
    expect(rl.check('a')).toBe('warn');
    expect(rl.check('a')).toBe('drop');
    now = 5_000;
    expect(rl.check('a')).toBe('drop');
    expect(rl.check('b')).toBe('allow');
    now = 10_001; // the window has passed: a full allowance again, and a new warning
    expect([rl.check('a'), rl.check('a'), rl.check('a')]).toEqual(['allow', 'allow', 'allow']);
    expect(rl.check('a')).toBe('warn');
  });

  it('uses a sliding window, not fixed buckets', () => {
    let now = 0;
    const rl = new RateLimiter({ limit: 2, windowMs: 1000, now: () => now });
    rl.check('x');
    now = 900;
    rl.check('x');
    now = 1100; // only the message at 900 is within the window
    expect(rl.check('x')).toBe('allow');
    expect(rl.check('x')).toBe('warn');
  });

  it('sweeps idle keys so memory stays bounded', () => {
    let now = 0;
    const rl = new RateLimiter({ limit: 1, windowMs: 100, now: () => now, sweepAt: 10 });
    for (let i = 0; i < 10; i++) rl.check(`k${i}`);
    expect(rl.size).toBe(10);
    now = 1000;
    rl.check('new');
    expect(rl.size).toBe(1);
  });
});
