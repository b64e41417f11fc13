import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplySender } from '../../src/channels/contract.js';
import { Dispatcher } from '../../src/channels/dispatcher.js';
import type { Inbound, Outbound } from '../../src/core/types.js';
import { KeyedQueue } from '../../src/lib/keyed-queue.js';
import { silentLogger } from '../../src/lib/logger.js';
import { RateLimiter } from '../../src/lib/rate-limit.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { IntakeRepository } from '../../src/store/intake-repository.js';

/** Typed messages and button presses have separate budgets; the caller learns when a message was limited. */
describe('Dispatcher rate limits', () => {
  let dir: string;
  let db: Db;
  let dispatcher: Dispatcher;
  const sent: string[] = [];
  const now = 1_000_000;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dispatch-limit-'));
    db = openDatabase(join(dir, 'app.db'));
    sent.length = 0;
    const sender: ReplySender = {
      channel: 'web',
      send: async (_chat: string, reply: Outbound) => {
        sent.push(reply.text);
      },
    };
    dispatcher = new Dispatcher({
      intake: new IntakeRepository(db, () => now),
      handler: { handle: async (i: Inbound) => [{ text: `ok ${i.text ?? i.action}` }] },
      queue: new KeyedQueue({ concurrency: 4 }),
      logger: silentLogger,
      limiter: new RateLimiter({ limit: 3, windowMs: 10_000, now: () => now }),
      buttonLimiter: new RateLimiter({ limit: 15, windowMs: 10_000, now: () => now }),
      now: () => now,
    });
    dispatcher.register(sender);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const press = (n: number): Inbound => ({ channel: 'web', chatId: 's', userId: 's', kind: 'action', action: `l:x:${n}` });
  const type = (text: string): Inbound => ({ channel: 'web', chatId: 's', userId: 's', kind: 'text', text });

  it('paging a lesson with 12 quick "Tiếp" presses is never limited, and leaves typed messages their budget', async () => {
    for (let i = 0; i < 12; i++) {
      const a = await dispatcher.accept(`p${i}`, press(i));
      expect(a.limited).toBe(false);
      await a.done;
    }
    for (let i = 0; i < 3; i++) expect((await dispatcher.accept(`t${i}`, type(`q${i}`))).limited).toBe(false);
    const warned = await dispatcher.accept('t3', type('q3'));
    expect(warned.limited).toBe(true);
    await warned.done;
    const dropped = await dispatcher.accept('t4', type('q4'));
    expect(dropped.limited).toBe(true);
    await dropped.done;
    expect(sent.filter((t) => t.startsWith('ok l:x:'))).toHaveLength(12);
    expect(sent.at(-1)).toContain('nhắn hơi nhanh');
  });

  it('a flood of presses is still limited by its own budget', async () => {
    const results = [];
    for (let i = 0; i < 17; i++) results.push((await dispatcher.accept(`p${i}`, press(i))).limited);
    expect(results.slice(0, 15).every((l) => l === false)).toBe(true);
    expect(results.slice(15)).toEqual([true, true]);
  });
});
