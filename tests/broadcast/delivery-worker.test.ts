import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker, TokenBucket, type SendFailure, type Transport } from '../../src/broadcast/delivery-worker.js';
import type { ChannelId } from '../../src/core/types.js';
import { silentLogger } from '../../src/lib/logger.js';
import { BroadcastRepository, type ReachScope } from '../../src/store/broadcast-repository.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';
import { seedLearners } from './seed.js';

/** A transport double: records texts per chat, fails chats as told (pure worker logic; the platforms are tested in e2e). */
class FakeTransport implements Transport {
  readonly sent = new Map<string, string[]>();
  readonly failures = new Map<string, Error[]>();
  delayMs = 0;
  constructor(readonly channel: ChannelId) {}
  async send(chatId: string, text: string): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const fail = this.failures.get(chatId)?.shift();
    if (fail) throw fail;
    this.sent.set(chatId, [...(this.sent.get(chatId) ?? []), text]);
  }
  get total(): number {
    return [...this.sent.values()].reduce((n, t) => n + t.length, 0);
  }
}

class Blocked extends Error {}
class Refused extends Error {}
const classify = (err: unknown): SendFailure => (err instanceof Blocked ? 'unreachable' : err instanceof Refused ? 'permanent' : 'retry');

let dir = '';
let db: Db;
let repo: BroadcastRepository;
let clock = new Date('2026-12-01T03:00:00Z'); // 10:00 in Vietnam
const all: ReachScope = { communes: { all: true }, channels: ['telegram', 'zalo'] };
let worker: DeliveryWorker | undefined;
let startedAt = Date.now();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bcast-worker-'));
  db = openDatabase(join(dir, 'app.db'));
  repo = new BroadcastRepository(db);
  clock = new Date('2026-12-01T03:00:00Z');
  startedAt = Date.now();
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeWorker(transports: Transport[], extra: Partial<ConstructorParameters<typeof DeliveryWorker>[0]> = {}): DeliveryWorker {
  worker = new DeliveryWorker({
    repo,
    transports,
    classify,
    rates: { telegram: 2000, zalo: 2000 },
    concurrency: 4,
    quietHours: { start: 21, end: 7 },
    logger: silentLogger,
    // The test's clock, moving on with real time (so retries become due).
    now: () => new Date(clock.getTime() + (Date.now() - startedAt)),
    idleMs: 10,
    retryBaseMs: 1,
    ...extra,
  });
  return worker;
}

async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const announcement = (text = 'Lớp học tối thứ Bảy') => ({ createdBy: 'cli', kind: 'announcement' as const, text, audience: {}, notBefore: clock });

describe('DeliveryWorker', () => {
  it('sends each subscribed person exactly once; marks blocked, fails refused, retries the rest', async () => {
    const people = Array.from({ length: 40 }, (_, i) => ({ channel: (i % 2 ? 'zalo' : 'telegram') as ChannelId, userId: `u${i}`, subscribed: i % 10 !== 9 }));
    seedLearners(db, people);
    const tg = new FakeTransport('telegram');
    const zl = new FakeTransport('zalo');
    tg.failures.set('u0', [new Blocked('403')]);
    zl.failures.set('u1', [new Refused('400')]);
    tg.failures.set('u2', [new Error('502'), new Error('502')]);
    zl.failures.set('u3', [new Error('502'), new Error('502'), new Error('502')]);
    const unreachable: number[] = [];
    const { id } = repo.create(announcement(), all, clock);
    makeWorker([tg, zl], { onUnreachable: (_c, learnerId) => unreachable.push(learnerId) }).start();
    await until(() => repo.get(id)!.state === 'done');
    const b = repo.get(id)!;
    expect(b.counts).toMatchObject({ sent: 33, blocked: 1, failed: 2, queued: 0, sending: 0 });
    for (const [chat, texts] of [...tg.sent, ...zl.sent]) {
      expect(texts, chat).toEqual(['Lớp học tối thứ Bảy']);
      expect(Number(chat.slice(1)) % 10).not.toBe(9);
    }
    expect(tg.sent.has('u2')).toBe(true); // third attempt worked
    expect(zl.sent.has('u3')).toBe(false); // three attempts failed
    expect(unreachable).toHaveLength(1);
    expect(repo.recipients(id, 'failed').map((r) => r.attempts).sort()).toEqual([1, 3]);
  });

  it('holds during quiet hours and starts at their end', async () => {
    seedLearners(db, [{ channel: 'telegram', userId: 'u1', subscribed: true }]);
    clock = new Date('2026-12-01T15:30:00Z'); // 22:30 in Vietnam
    const tg = new FakeTransport('telegram');
    const { id } = repo.create(announcement(), all, clock);
    makeWorker([tg]).start();
    await new Promise((r) => setTimeout(r, 100));
    expect(tg.total).toBe(0);
    clock = new Date('2026-12-02T00:00:00Z'); // 07:00 in Vietnam
    worker!.kick();
    await until(() => repo.get(id)!.state === 'done');
    expect(tg.total).toBe(1);
  });

  it('sends nothing more once cancelled, and nothing while paused', async () => {
    seedLearners(db, Array.from({ length: 200 }, (_, i) => ({ channel: 'telegram' as ChannelId, userId: `u${i}`, subscribed: true })));
    const tg = new FakeTransport('telegram');
    tg.delayMs = 2;
    const { id } = repo.create(announcement(), all, clock);
    makeWorker([tg], { rates: { telegram: 500 } }).start();
    await until(() => tg.total >= 10);
    repo.setState(id, 'paused', clock);
    await new Promise((r) => setTimeout(r, 30)); // in-flight sends settle
    const atPause = tg.total;
    await new Promise((r) => setTimeout(r, 100));
    expect(tg.total).toBe(atPause);
    repo.setState(id, 'sending', clock);
    worker!.kick();
    await until(() => tg.total >= atPause + 10);
    repo.cancel(id, clock);
    await new Promise((r) => setTimeout(r, 30));
    const atCancel = tg.total;
    await new Promise((r) => setTimeout(r, 150));
    expect(tg.total).toBe(atCancel);
    expect(atCancel).toBeLessThan(200);
    expect(repo.get(id)!.counts.skipped).toBe(200 - atCancel);
  });

  it('yields to citizens before every send while they are being handled, without starving', async () => {
    seedLearners(db, Array.from({ length: 20 }, (_, i) => ({ channel: 'telegram' as ChannelId, userId: `u${i}`, subscribed: true })));
    const events: string[] = [];
    const tg = new FakeTransport('telegram');
    const recording: Transport = { channel: 'telegram', send: (chat, text) => (events.push('send'), tg.send(chat, text)) };
    const { id } = repo.create(announcement(), all, clock);
    makeWorker([recording], { citizensWaiting: () => (events.push('busy'), true) }).start();
    await until(() => repo.get(id)!.state === 'done');
    expect(tg.total).toBe(20);
    // Never two sends in a row: each one waited for the citizens first.
    expect(events.join(',')).not.toContain('send,send');
  });

  it('leaves at most `concurrency` rows in doubt when the process dies mid-send; never resends them', async () => {
    seedLearners(db, Array.from({ length: 50 }, (_, i) => ({ channel: 'telegram' as ChannelId, userId: `u${i}`, subscribed: true })));
    const { id } = repo.create(announcement(), all, clock);
    // A transport that never answers: the "process" is abandoned with its sends in flight.
    const hung: Transport = { channel: 'telegram', send: () => new Promise(() => {}) };
    const first = makeWorker([hung], { concurrency: 4 });
    first.start();
    await until(() => repo.get(id)!.counts.sending === 4);
    await new Promise((r) => setTimeout(r, 30));
    expect(repo.get(id)!.counts.sending).toBe(4);
    worker = undefined; // "kill -9": no stop(), the rows stay `sending`
    const tg = new FakeTransport('telegram');
    const second = makeWorker([tg]);
    second.start();
    await until(() => repo.get(id)!.state === 'done');
    expect(repo.get(id)!.counts).toMatchObject({ 'in-doubt': 4, sent: 46 });
    expect(second.stats.inDoubtAtStart).toBe(4);
    expect(tg.total).toBe(46);
    void first; // its loop is left hanging on purpose
  });

  it('never has more than `concurrency` rows `sending` per channel, though outcomes are recorded in batches', async () => {
    seedLearners(db, Array.from({ length: 300 }, (_, i) => ({ channel: (i % 2 ? 'zalo' : 'telegram') as ChannelId, userId: `u${i}`, subscribed: true })));
    const { id } = repo.create(announcement(), all, clock);
    const tg = new FakeTransport('telegram');
    const zl = new FakeTransport('zalo');
    tg.delayMs = 1;
    zl.delayMs = 3;
    const perChannel = db.prepare<[number], { channel: string; n: number }>(
      "SELECT channel, count(*) AS n FROM broadcast_recipients WHERE broadcast_id = ? AND state = 'sending' GROUP BY channel",
    );
    let most = 0;
    let samples = 0;
    const sampler = setInterval(() => {
      samples++;
      for (const r of perChannel.all(id)) most = Math.max(most, r.n);
    }, 1);
    makeWorker([tg, zl], { concurrency: 3, rates: { telegram: 5000, zalo: 5000 }, batchMs: 5 }).start();
    await until(() => repo.get(id)!.state === 'done');
    clearInterval(sampler);
    expect(tg.total + zl.total).toBe(300);
    expect(samples).toBeGreaterThan(10);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('sends one chat at most one message a second, also across two broadcasts running at once', async () => {
    seedLearners(db, Array.from({ length: 3 }, (_, i) => ({ channel: 'telegram' as ChannelId, userId: `u${i}`, subscribed: true })));
    const times = new Map<string, number[]>();
    const tg = new FakeTransport('telegram');
    const timed: Transport = {
      channel: 'telegram',
      send: (chat, text) => {
        times.set(chat, [...(times.get(chat) ?? []), Date.now()]);
        return tg.send(chat, text);
      },
    };
    const first = repo.create(announcement('Thông báo một'), all, clock);
    const second = repo.create(announcement('Thông báo hai'), all, clock);
    makeWorker([timed], { rates: { telegram: 1000 } }).start();
    await until(() => repo.get(first.id)!.state === 'done' && repo.get(second.id)!.state === 'done', 10_000);
    for (const chat of ['u0', 'u1', 'u2']) {
      expect(tg.sent.get(chat), chat).toEqual(['Thông báo một', 'Thông báo hai']);
      const [a, b] = times.get(chat)!;
      expect(b! - a!, chat).toBeGreaterThanOrEqual(995);
    }
    expect(repo.get(second.id)!.counts).toMatchObject({ sent: 3, queued: 0 });
  });

  it('a learner who blocked the bot is skipped by later broadcasts', async () => {
    const [a] = seedLearners(db, [{ channel: 'telegram', userId: 'u1', subscribed: true }]);
    const learners = new LearnerRepository(db);
    learners.setUnreachable('telegram', 'u1', true, clock);
    expect(repo.create(announcement(), all, clock).recipients).toBe(0);
    expect(a).toBeDefined();
  });
});

describe('TokenBucket', () => {
  it('starts with one message, refills at the rate up to a small burst; a 429 holds the channel', () => {
    const b = new TokenBucket(25, 2, 0); // 25/s: one token per 40 ms, at most 2 at once
    expect(b.available(0)).toBe(1);
    b.take(0);
    expect(b.available(0)).toBe(0);
    expect(b.wait(0)).toBeCloseTo(40);
    expect(b.available(40)).toBe(1);
    expect(b.available(1000)).toBe(2); // idle for a second: still only the burst
    b.take(1000, 2);
    expect(b.wait(1000)).toBeCloseTo(40);
    b.hold(1000, 3000);
    expect(b.wait(1000)).toBeCloseTo(3040);
    expect(b.available(3999)).toBe(0);
    expect(b.available(4040)).toBe(1);
  });

  it('never lets more than rate + burst through in any second', () => {
    const b = new TokenBucket(500, 25, 0);
    const starts: number[] = [];
    for (let t = 0; t < 5000; t += 7) {
      const n = b.available(t);
      b.take(t, n);
      for (let i = 0; i < n; i++) starts.push(t);
    }
    for (let w = 0; w + 1000 <= 5000; w += 50) {
      expect(starts.filter((t) => t >= w && t < w + 1000).length).toBeLessThanOrEqual(525);
    }
    expect(starts.length).toBeGreaterThan(0.98 * 2500);
  });
});
