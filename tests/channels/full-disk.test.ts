import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplySender } from '../../src/channels/contract.js';
import { Dispatcher } from '../../src/channels/dispatcher.js';
import type { Inbound, MessageHandler, Outbound } from '../../src/core/types.js';
import { KeyedQueue } from '../../src/lib/keyed-queue.js';
import { silentLogger } from '../../src/lib/logger.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { IntakeRepository } from '../../src/store/intake-repository.js';
import { WriteHealth } from '../../src/store/write-health.js';

/**
 * A full disk, for real: the file-size limit of this test process (RLIMIT_FSIZE, set with util-linux
 * `prlimit`; Node ignores SIGXFSZ, so writes past it fail with EFBIG) is lowered to the WAL's current
 * size, so SQLite can no longer append anything. Delivered replies must never be sent again by a retry,
 * and the write failure must show.
 */
function limitFileSize(bytes: number | 'unlimited'): void {
  execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${bytes}:unlimited`]);
}

class CountingSender implements ReplySender {
  readonly channel = 'telegram' as const;
  readonly sent: string[] = [];
  onSend?: () => void;
  failWith?: Error;
  async send(_chatId: string, reply: Outbound): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(reply.text);
    this.onSend?.();
  }
}

const twoReplies: MessageHandler = { handle: async (m: Inbound) => [{ text: `1:${m.text}` }, { text: `2:${m.text}` }] };
const msg = (text: string, chatId = 'c1'): Inbound => ({ channel: 'telegram', chatId, userId: chatId, kind: 'text', text });

describe('delivery with a full disk (real file-size limit on a real SQLite file)', () => {
  let dir: string;
  let db: Db;
  let intake: IntakeRepository;
  let health: WriteHealth;
  let sender: CountingSender;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fulldisk-'));
    db = openDatabase(join(dir, 'app.db'));
    db.pragma('wal_autocheckpoint = 0'); // the WAL only grows here: its size is the "disk"
    intake = new IntakeRepository(db);
    health = new WriteHealth();
    sender = new CountingSender();
  });
  afterEach(() => {
    limitFileSize('unlimited');
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const make = (maxDeliveryAttempts?: number) => {
    const d = new Dispatcher({ intake, handler: twoReplies, queue: new KeyedQueue({ concurrency: 4 }), logger: silentLogger, writeHealth: health, maxDeliveryAttempts });
    d.register(sender);
    return d;
  };

  it('never re-sends a delivered reply while writes fail; closes the row once the disk has room', async () => {
    const d = make();
    sender.onSend = () => {
      sender.onSend = undefined;
      limitFileSize(statSync(join(dir, 'app.db-wal')).size); // the disk is now full
    };
    await (await d.accept('k1', msg('a'))).done;
    expect(sender.sent).toEqual(['1:a', '2:a']);
    expect(() => intake.markAttempts(1, 1)).toThrow(); // really unwritable
    expect(health.failing).toBe(true);
    expect(health.problem()).toMatch(/database unwritable/);
    expect(intake.pendingCount()).toBe(1); // "done" could not be recorded
    // The retry sweep runs again and again: nothing is sent twice.
    for (let i = 0; i < 5; i++) {
      d.recover();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(sender.sent).toEqual(['1:a', '2:a']);
    limitFileSize('unlimited');
    d.recover();
    expect(intake.pendingCount()).toBe(0);
    expect(health.failing).toBe(false);
    expect(sender.sent).toEqual(['1:a', '2:a']);
    await d.close();
  });

  it('retries of an undelivered reply are bounded', async () => {
    const d = make(3);
    sender.failWith = new Error('platform down');
    await (await d.accept('k2', msg('b'))).done;
    for (let i = 0; i < 5; i++) {
      d.recover();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(intake.pendingCount()).toBe(0); // given up as failed after 3 rounds
    expect(db.prepare(`SELECT outcome, attempts FROM intake`).get()).toEqual({ outcome: 'failed', attempts: 2 });
    await d.close();
  });
});
