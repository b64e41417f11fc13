import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BroadcastRepository, type ReachScope } from '../../src/store/broadcast-repository.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';
import { seedLearners } from '../broadcast/seed.js';

let dir = '';
let db: Db;
let repo: BroadcastRepository;
const now = new Date('2026-12-01T03:00:00Z');
const all: ReachScope = { communes: { all: true }, channels: ['telegram', 'zalo'] };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bcast-repo-'));
  db = openDatabase(join(dir, 'app.db'));
  repo = new BroadcastRepository(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function draft(text = 'Họp lớp tối thứ Bảy') {
  return { createdBy: 'cli', kind: 'announcement' as const, text, audience: {}, notBefore: now };
}

describe('BroadcastRepository', () => {
  it('reaches only subscribed, reachable people within the scope, channels and filters', () => {
    const old = new Date('2026-11-01T00:00:00Z');
    seedLearners(db, [
      { channel: 'telegram', userId: 't1', commune: 'a', subscribed: true },
      { channel: 'telegram', userId: 't2', commune: 'b', subscribed: true, lastActive: old },
      { channel: 'zalo', userId: 'z1', commune: 'a', subscribed: true },
      { channel: 'zalo', userId: 'z2', commune: 'a', subscribed: false },
      { channel: 'telegram', userId: 't3', commune: 'a' },
      { channel: 'web', userId: 'w1', commune: 'a', subscribed: true },
    ]);
    new LearnerRepository(db).setUnreachable('zalo', 'z1', true, now);
    expect(repo.countAudience({}, all, now)).toBe(2);
    expect(repo.countAudience({}, { ...all, channels: ['telegram', 'zalo', 'web'] }, now)).toBe(3);
    expect(repo.countAudience({ communes: ['a'] }, all, now)).toBe(1);
    expect(repo.countAudience({}, { communes: { all: false, codes: ['b'] }, channels: ['telegram'] }, now)).toBe(1);
    // An officer of commune b naming commune a reaches nobody of a.
    expect(repo.countAudience({ communes: ['a'] }, { communes: { all: false, codes: ['b'] }, channels: ['telegram'] }, now)).toBe(0);
    expect(repo.countAudience({ channel: 'zalo' }, all, now)).toBe(0);
    expect(repo.countAudience({ inactiveDays: 7 }, all, now)).toBe(1);
    expect(repo.countAudience({ notPassedTopic: 'vneid' }, all, now)).toBe(2);
    expect(repo.countAudience({ completedAll: true }, all, now)).toBe(0);
    expect(repo.countAudience({ completedAll: false }, all, now)).toBe(2);
  });

  it('snapshots recipients, claims each once (sending committed), settles, and finishes', () => {
    seedLearners(db, [
      { channel: 'telegram', userId: 't1', subscribed: true },
      { channel: 'telegram', userId: 't2', subscribed: true },
      { channel: 'zalo', userId: 'z1', subscribed: true },
    ]);
    const { id, recipients } = repo.create(draft(), all, now);
    expect(recipients).toBe(3);
    // Someone subscribing later is not part of this broadcast.
    seedLearners(db, [{ channel: 'telegram', userId: 't9', subscribed: true }]);
    const first = repo.claim('telegram', 10, now);
    expect(first.map((d) => d.chatId)).toEqual(['t1', 't2']);
    expect(first[0]).toMatchObject({ broadcastId: id, text: 'Họp lớp tối thứ Bảy', attempts: 1 });
    expect(repo.claim('telegram', 10, now)).toEqual([]);
    expect(repo.get(id)!.counts).toMatchObject({ sending: 2, queued: 1 });
    repo.settle(first[0]!, 'sent', now);
    repo.settle(first[1]!, 'queued', now, 'HTTP 502', new Date(now.getTime() + 5000));
    // Not due yet; then due.
    expect(repo.claim('telegram', 10, now)).toEqual([]);
    const again = repo.claim('telegram', 10, new Date(now.getTime() + 5000));
    expect(again).toHaveLength(1);
    expect(again[0]!.attempts).toBe(2);
    repo.settle(again[0]!, 'sent', now);
    // A settle of a row no longer `sending` changes nothing.
    repo.settle(again[0]!, 'failed', now);
    const [z] = repo.claim('zalo', 10, now);
    repo.settle(z!, 'blocked', now, '403');
    expect(repo.finishIdle(now)).toBe(1);
    const done = repo.get(id)!;
    expect(done.state).toBe('done');
    expect(done.counts).toMatchObject({ sent: 2, blocked: 1, queued: 0, sending: 0 });
  });

  it('skips people who switched announcements off before their turn', () => {
    const [a, b] = seedLearners(db, [
      { channel: 'telegram', userId: 't1', subscribed: true },
      { channel: 'telegram', userId: 't2', subscribed: true },
    ]);
    const { id } = repo.create(draft(), all, now);
    new LearnerRepository(db).setSubscribed(b!, false, now);
    expect(repo.claim('telegram', 10, now).map((d) => d.learnerId)).toEqual([a]);
    expect(repo.get(id)!.counts).toMatchObject({ sending: 1, skipped: 1 });
  });

  it('pause holds, cancel skips what is queued, a crash leaves in-doubt rows that are resent only on request', () => {
    seedLearners(db, Array.from({ length: 5 }, (_, i) => ({ channel: 'telegram' as const, userId: `t${i}`, subscribed: true })));
    const { id } = repo.create(draft(), all, now);
    repo.setState(id, 'paused', now);
    expect(repo.claim('telegram', 10, now)).toEqual([]);
    repo.setState(id, 'sending', now);
    const inFlight = repo.claim('telegram', 2, now);
    expect(inFlight).toHaveLength(2);
    // "Crash": the rows stay sending; the next start marks them in doubt and never claims them.
    expect(repo.markInFlightInDoubt(now)).toBe(2);
    expect(repo.claim('telegram', 10, now)).toHaveLength(3);
    expect(repo.get(id)!.counts).toMatchObject({ 'in-doubt': 2, sending: 3 });
    const { id: id2 } = repo.create(draft('second'), all, now);
    expect(repo.cancel(id2, now)).toBe(5);
    expect(repo.claim('telegram', 10, now)).toEqual([]);
    expect(repo.get(id2)!.state).toBe('cancelled');
    expect(repo.requeueInDoubt(id, now)).toBe(2);
    expect(repo.claim('telegram', 10, now)).toHaveLength(2);
  });

  it('waits for a scheduled time, and queues personal texts', () => {
    const [a, b] = seedLearners(db, [
      { channel: 'telegram', userId: 't1', subscribed: true },
      { channel: 'zalo', userId: 'z1', subscribed: true },
    ]);
    const later = new Date(now.getTime() + 3_600_000);
    repo.create({ ...draft(), notBefore: later }, all, now);
    expect(repo.claim('telegram', 10, now)).toEqual([]);
    expect(repo.claim('telegram', 10, later)).toHaveLength(1);
    const { recipients } = repo.create({ ...draft('reminder'), kind: 'reminder' }, all, now, [
      { learnerId: a!, text: 'hello a' },
      { learnerId: b!, text: 'hello b' },
    ]);
    expect(recipients).toBe(2);
    expect(repo.claim('zalo', 10, now).map((d) => d.text)).toEqual(['hello b']);
    expect(repo.audienceIds({}, all, now, { notRemindedSince: new Date(now.getTime() - 1000) })).toEqual([]);
  });

  it('records earlier outcomes and claims the next rows in one transaction; a busy chat waits', () => {
    const ids = seedLearners(db, Array.from({ length: 4 }, (_, i) => ({ channel: 'telegram' as const, userId: `t${i}`, subscribed: true })));
    const { id } = repo.create(draft(), all, now);
    const first = repo.claim('telegram', 2, now);
    expect(first.map((d) => d.learnerId)).toEqual(ids.slice(0, 2));
    // The outcomes of the first two go in with the next claim; t2 got a message half a second ago.
    const until = new Date(now.getTime() + 500);
    const asked: string[] = [];
    const next = repo.claim('telegram', 10, now, {
      settle: [
        { broadcastId: id, learnerId: first[0]!.learnerId, state: 'sent', at: now },
        { broadcastId: id, learnerId: first[1]!.learnerId, state: 'queued', at: now, error: 'HTTP 502', retryAt: new Date(now.getTime() + 5000) },
      ],
      reserveChat: (chat) => (asked.push(chat), chat === 't2' ? until : undefined),
    });
    expect(next.map((d) => d.chatId)).toEqual(['t3']);
    expect(asked).toEqual(['t2', 't3']);
    expect(repo.get(id)!.counts).toMatchObject({ sent: 1, queued: 2, sending: 1 });
    // t2 waits in the queue (no attempt counted) until its chat is free; t1 until its retry.
    expect(repo.claim('telegram', 10, new Date(until.getTime() - 1))).toEqual([]);
    const t2 = repo.claim('telegram', 10, until);
    expect(t2.map((d) => [d.chatId, d.attempts])).toEqual([['t2', 1]]);
    // Several outcomes at once.
    repo.settleAll([{ broadcastId: id, learnerId: t2[0]!.learnerId, state: 'sent', at: now }, { broadcastId: id, learnerId: next[0]!.learnerId, state: 'blocked', at: now, error: '403' }]);
    expect(repo.get(id)!.counts).toMatchObject({ sent: 2, blocked: 1, queued: 1, sending: 0 });
  });

  it('finds the next row through the queue index', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT r.learner_id FROM broadcast_recipients r INDEXED BY broadcast_recipients_queue
         WHERE r.channel = 'telegram' AND r.broadcast_id = 1 AND r.state = 'queued' AND r.next_attempt_at <= 'z' ORDER BY r.next_attempt_at, r.learner_id LIMIT 1`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
  });
});
