import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentSendError, type ReplySender } from '../../src/channels/contract.js';
import { Dispatcher } from '../../src/channels/dispatcher.js';
import type { Inbound, MessageHandler, Outbound } from '../../src/core/types.js';
import { KeyedQueue } from '../../src/lib/keyed-queue.js';
import { silentLogger } from '../../src/lib/logger.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { IntakeRepository } from '../../src/store/intake-repository.js';
import { ServiceMetrics } from '../../src/web/metrics.js';

/** A ReplySender test double: records deliveries; `failures` are thrown (in order) before succeeding. */
class RecordingSender implements ReplySender {
  readonly channel = 'telegram' as const;
  readonly sent: Array<{ chatId: string; text: string }> = [];
  failures: Error[] = [];
  async send(chatId: string, reply: Outbound): Promise<void> {
    const f = this.failures.shift();
    if (f) throw f;
    this.sent.push({ chatId, text: reply.text });
  }
}

/** A MessageHandler test double: two replies per message, counting calls; "boom" throws. */
class TwoReplies implements MessageHandler {
  calls = 0;
  async handle(inbound: Inbound): Promise<Outbound[]> {
    this.calls++;
    if (inbound.text === 'boom') throw new Error('exploded');
    return [{ text: `1:${inbound.text}` }, { text: `2:${inbound.text}` }];
  }
}

const msg = (text: string, chatId = 'c1'): Inbound => ({ channel: 'telegram', chatId, userId: chatId, kind: 'text', text });

describe('Dispatcher (real SQLite, test doubles for handler and sender)', () => {
  let dir: string;
  let db: Db;
  let intake: IntakeRepository;
  let sender: RecordingSender;
  let handler: TwoReplies;
  let metrics: ServiceMetrics;
  const make = () => {
    const d = new Dispatcher({ intake, handler, queue: new KeyedQueue({ concurrency: 4 }), logger: silentLogger, observer: metrics });
    d.register(sender);
    return d;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dispatch-'));
    db = openDatabase(join(dir, 'app.db'));
    intake = new IntakeRepository(db);
    sender = new RecordingSender();
    handler = new TwoReplies();
    metrics = new ServiceMetrics(() => intake.pendingCount());
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records, handles, delivers in order and marks done; a duplicate does nothing', async () => {
    const d = make();
    const first = await d.accept('k1', msg('a'));
    expect(first.accepted).toBe(true);
    expect(intake.pendingCount()).toBe(1); // recorded before any work
    await first.done;
    const again = await d.accept('k1', msg('a'));
    expect(again.accepted).toBe(false);
    await again.done;
    expect(sender.sent.map((s) => s.text)).toEqual(['1:a', '2:a']);
    expect(handler.calls).toBe(1);
    expect(intake.pendingCount()).toBe(0);
    expect(metrics.render()).toContain('bot_updates_duplicate_total{channel="telegram"} 1');
  });

  it('stores replies the handler kept, or else what it returned, before delivering them', async () => {
    const atFirstSend: unknown[] = [];
    sender.send = async (chatId: string, reply: Outbound) => {
      if (reply.text.startsWith('1:')) atFirstSend.push(intake.pending()[0]?.replies);
      sender.sent.push({ chatId, text: reply.text });
    };
    let saves = 0;
    const save = intake.saveReplies.bind(intake);
    intake.saveReplies = (id, replies) => {
      saves++;
      save(id, replies);
    };
    const keeping: MessageHandler = {
      async handle(inbound, options) {
        const replies = [{ text: `1:${inbound.text}` }, { text: `2:${inbound.text}` }];
        options?.keep?.(replies);
        // "x": kept, then something failed and another answer is returned instead.
        return inbound.text === 'x' ? [{ text: '1:other' }] : replies;
      },
    };
    const d = new Dispatcher({ intake, handler: keeping, queue: new KeyedQueue(), logger: silentLogger });
    d.register(sender);
    await (await d.accept('k1', msg('a'))).done;
    expect(saves).toBe(1); // kept by the handler: not stored a second time
    await (await d.accept('k2', msg('x'))).done;
    expect(saves).toBe(3);
    expect(atFirstSend).toEqual([
      [{ text: '1:a' }, { text: '2:a' }],
      [{ text: '1:other' }],
    ]);
    expect(sender.sent.map((s) => s.text)).toEqual(['1:a', '2:a', '1:other']);
    expect(intake.pendingCount()).toBe(0);
  });

  it('answers kindly when the handler throws', async () => {
    const d = make();
    await (await d.accept('k1', msg('boom'))).done;
    expect(sender.sent[0]!.text).toMatch(/Xin lỗi/);
    expect(metrics.render()).toContain('bot_errors_total{channel="telegram",stage="handler"} 1');
  });

  it('keeps an undelivered answer pending and resumes after the replies already sent, without re-asking', async () => {
    const d = make();
    sender.failures = [new Error('ECONNRESET')];
    // First reply fails: nothing sent, row stays pending with its saved replies.
    await (await d.accept('k1', msg('a'))).done;
    expect(sender.sent).toEqual([]);
    expect(intake.pending()[0]).toMatchObject({ status: 'answered', sent: 0 });

    // A restart: a new dispatcher over the same database recovers it.
    const d2 = make();
    sender.failures = [];
    expect(d2.recover()).toBe(1);
    await d2.close();
    expect(sender.sent.map((s) => s.text)).toEqual(['1:a', '2:a']);
    expect(handler.calls).toBe(1);
    expect(intake.pendingCount()).toBe(0);
  });

  it('resumes after the replies that were delivered (no repeats)', async () => {
    const d = make();
    const rec = intake.record('k9', 'telegram:c1', msg('x'))!;
    intake.saveReplies(rec.id, [{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
    intake.markSent(rec.id, 2);
    expect(d.recover()).toBe(1);
    await d.close();
    expect(sender.sent.map((s) => s.text)).toEqual(['three']);
    expect(handler.calls).toBe(0);
  });

  it('sends a chat\'s next message only once the previous one is committed (a crash repeats at most one per chat)', async () => {
    // Another connection sees what a restart after kill -9 would find, at the moment of each send.
    const disk = new Database(join(dir, 'app.db'), { readonly: true });
    const onDisk = () =>
      disk.prepare(`SELECT update_key AS key, status, sent FROM intake WHERE update_key LIKE 'k%' ORDER BY id`).all() as Array<{ key: string; status: string; sent: number }>;
    const seen: string[] = [];
    sender.send = async (chatId: string, reply: Outbound) => {
      const rows = onDisk().map((r) => `${r.key}:${r.status}:${r.sent}`).join(' ');
      seen.push(`${reply.text} @ ${rows}`);
      sender.sent.push({ chatId, text: reply.text });
    };
    const d = make();
    const all = await Promise.all([
      d.accept('k1', msg('a')),
      d.accept('k2', msg('b')),
      // Other chats' records and deliveries are committed in the same groups, without holding this one.
      d.accept('o1', msg('x', 'c2')),
      d.accept('o2', msg('y', 'c3')),
    ]);
    await Promise.all(all.map((a) => a.done));
    disk.close();
    // (k2's own row may be answered already while k1 is delivered: the conversation runs alongside.)
    const mine = seen.filter((s) => /^[12]:[ab] /.test(s)).map((s) => s.replace(/ o\d:\S+/g, '').replace(/^([12]:a @ \S+) k2:\S+$/, '$1'));
    expect(mine).toEqual([
      '1:a @ k1:answered:0',
      '2:a @ k1:answered:1',
      // The last reply of k1 is recorded (done) before k2's first reply goes out.
      '1:b @ k1:done:2 k2:answered:0',
      '2:b @ k1:done:2 k2:answered:1',
    ]);
    expect(intake.pendingCount()).toBe(0);
  });

  it('records the updates of one turn in one commit, and answers accept only once committed', async () => {
    const disk = new Database(join(dir, 'app.db'), { readonly: true });
    const onDisk = () => (disk.prepare(`SELECT count(*) AS n FROM intake`).get() as { n: number }).n;
    let commits = 0;
    const transaction = intake.transaction.bind(intake);
    intake.transaction = <T>(fn: () => T): T => {
      const r = transaction(fn);
      commits++;
      return r;
    };
    const slow: MessageHandler = { handle: () => new Promise(() => undefined) }; // never answers: only records are written
    const d = new Dispatcher({ intake, handler: slow, queue: new KeyedQueue(), logger: silentLogger });
    d.register(sender);
    const pending = [d.accept('r1', msg('a', 'c1')), d.accept('r2', msg('b', 'c2')), d.accept('r1', msg('a', 'c1'))];
    expect(onDisk()).toBe(0); // nothing answered yet: nothing may be acknowledged
    const answers = await Promise.all(pending);
    expect(onDisk()).toBe(2);
    expect(commits).toBe(1);
    expect(answers.map((a) => a.accepted)).toEqual([true, true, false]); // the same key twice in one group: a duplicate
    disk.close();
  });

  it('gives up on a reply the platform refuses for good', async () => {
    const d = make();
    sender.failures = [new PermanentSendError('telegram', 400, 'Bad Request: message is too long')];
    await (await d.accept('k1', msg('a'))).done;
    expect(intake.pendingCount()).toBe(0);
    expect(metrics.render()).toContain('outcome="failed"');
  });

  it('keeps updates of a channel without a sender pending for later', async () => {
    const d = make();
    await (await d.accept('z1', { ...msg('hi'), channel: 'zalo' })).done;
    expect(intake.pendingCount()).toBe(1);
    expect(handler.calls).toBe(0);
  });

  it('close() waits for work in flight, then refuses new updates', async () => {
    const d = make();
    const slow: MessageHandler = { handle: () => new Promise((r) => setTimeout(() => r([{ text: 'late' }]), 100)) };
    const d2 = new Dispatcher({ intake, handler: slow, queue: new KeyedQueue(), logger: silentLogger });
    d2.register(sender);
    void d2.accept('s1', msg('slow'));
    await d2.close(5000);
    expect(sender.sent.map((s) => s.text)).toEqual(['late']);
    await expect(d2.accept('s2', msg('after'))).rejects.toThrow(/closed/);
    await d.close();
  });
});
