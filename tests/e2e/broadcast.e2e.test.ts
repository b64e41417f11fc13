import { afterEach, describe, expect, it } from 'vitest';
import { BroadcastService } from '../../src/broadcast/broadcast-service.js';
import type { Broadcast } from '../../src/broadcast/types.js';
import type { ChannelId } from '../../src/core/types.js';
import { OfficerService } from '../../src/officers/officer-service.js';
import { AuditRepository } from '../../src/store/audit-repository.js';
import { BroadcastRepository } from '../../src/store/broadcast-repository.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';
import { OfficerRepository } from '../../src/store/officer-repository.js';
import { seedLearners } from '../broadcast/seed.js';
import { freePort } from '../channels/harness.js';
import type { HttpFake } from '../fakes/http-fake.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { FakeZaloServer } from '../fakes/zalo-server.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * Announcements through the real service process against the fake Telegram and Zalo servers: a large
 * broadcast with injected 429s, 403s and 5xx, and `kill -9` at random moments with restarts.
 */
const LOG = { LOG_LEVEL: 'warn' };

interface World {
  telegram: FakeTelegramServer;
  zalo: FakeZaloServer;
  work: ReturnType<typeof makeWorkDir>;
  services: ServiceProcess[];
}
let world: World | undefined;

afterEach(async () => {
  for (const s of world?.services ?? []) await s.dispose();
  await world?.telegram.close();
  await world?.zalo.close();
  world?.work.cleanup();
  world = undefined;
});

async function setUp(): Promise<World> {
  telegramFake = await FakeTelegramServer.start();
  const zalo = await FakeZaloServer.start();
  world = { telegram: telegramFake, zalo, work: makeWorkDir(), services: [] };
  return world;
}
let telegramFake: FakeTelegramServer;

/** Seeds `n` learners (alternating Telegram/Zalo, every 10th unsubscribed) and queues one broadcast to all. */
function seedAndQueue(dbPath: string, n: number): { subscribed: Set<string>; unsubscribed: Set<string>; id: number } {
  const db = openDatabase(dbPath);
  try {
    const people = Array.from({ length: n }, (_, i) => ({
      channel: (i % 2 ? 'zalo' : 'telegram') as ChannelId,
      userId: String(100_000 + i),
      commune: 'tandinh',
      subscribed: i % 10 !== 7,
    }));
    seedLearners(db, people);
    const audit = new AuditRepository(db);
    const officers = new OfficerService(new OfficerRepository(db), audit, new Set(['tandinh']));
    const admin = officers.grant('cli', { channel: 'telegram', platformUserId: '1', role: 'admin', communes: [] });
    const service = new BroadcastService({ repo: new BroadcastRepository(db), officers, audit, channels: ['telegram', 'zalo'], quietHours: { start: 0, end: 0 } });
    const { id, recipients } = service.create(admin, { text: 'Lớp học kỹ năng số sáng Chủ nhật', audience: {} });
    expect(recipients).toBe(people.filter((p) => p.subscribed).length);
    return {
      id,
      subscribed: new Set(people.filter((p) => p.subscribed).map((p) => p.userId)),
      unsubscribed: new Set(people.filter((p) => !p.subscribed).map((p) => p.userId)),
    };
  } finally {
    db.close();
  }
}

async function startService(w: World, extra: Record<string, string>): Promise<ServiceProcess> {
  const s = await ServiceProcess.start({
    ...LOG,
    PORT: String(await freePort()),
    DATABASE_PATH: w.work.dbPath,
    CONTENT_DIR: w.work.contentDir,
    TELEGRAM_BOT_TOKEN: w.telegram.token,
    TELEGRAM_API_ROOT: w.telegram.url,
    ZALO_BOT_TOKEN: w.zalo.token,
    ZALO_API_URL: w.zalo.url,
    QUIET_HOURS: '0-0',
    ...extra,
  });
  w.services.push(s);
  return s;
}

/** Successful sendMessage calls per chat id, across both fakes. */
function deliveredPerChat(w: World): Map<string, number> {
  const out = new Map<string, number>();
  for (const fake of [w.telegram, w.zalo] as HttpFake[]) {
    for (const c of fake.calls) {
      if (c.method !== 'sendMessage' || !c.ok) continue;
      const chat = String(c.payload.chat_id);
      out.set(chat, (out.get(chat) ?? 0) + 1);
    }
  }
  return out;
}

function rowsByState(db: Db, id: number): Broadcast['counts'] {
  const repo = new BroadcastRepository(db);
  return repo.get(id)!.counts;
}

async function waitSettled(dbPath: string, id: number, service: ServiceProcess, timeoutMs: number): Promise<void> {
  const db = openDatabase(dbPath);
  try {
    await service.until(() => {
      const c = rowsByState(db, id);
      return c.queued === 0 && c.sending === 0;
    }, timeoutMs, 'the broadcast to settle');
  } finally {
    db.close();
  }
}

describe('broadcasts end to end', () => {
  it('10,000 recipients on Telegram and Zalo with 429s, 403s and 5xx: exactly one message each, blocked marked, unsubscribed none', async () => {
    const w = await setUp();
    const { id, subscribed, unsubscribed } = seedAndQueue(w.work.dbPath, 10_000);
    // Failures spread through the run: every 500th send of each platform fails one way or another.
    const kinds = [
      { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 },
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { error_code: 502, description: 'Bad Gateway' },
      { error_code: 500, description: 'Internal Server Error' },
    ];
    let k = 0;
    for (const fake of [w.telegram, w.zalo] as HttpFake[]) {
      let calls = 0;
      fake.on('call', () => {
        if (++calls % 500 === 0) fake.failNext('sendMessage', kinds[k++ % kinds.length]!);
      });
    }
    const service = await startService(w, { BROADCAST_RATE_TELEGRAM: '3000', BROADCAST_RATE_ZALO: '3000', BROADCAST_CONCURRENCY: '16' });
    // ~10 s on an idle 2-core machine; the bound is generous for a shared, loaded one.
    await waitSettled(w.work.dbPath, id, service, 400_000);

    const blockedChats = new Set(
      ([w.telegram, w.zalo] as HttpFake[]).flatMap((f) => f.calls.filter((c) => c.method === 'sendMessage' && c.status === 403).map((c) => String(c.payload.chat_id))),
    );
    expect(blockedChats.size).toBeGreaterThan(0);
    const delivered = deliveredPerChat(w);
    for (const chat of subscribed) {
      if (blockedChats.has(chat)) expect(delivered.get(chat) ?? 0, chat).toBe(0);
      else expect(delivered.get(chat), chat).toBe(1);
    }
    for (const chat of unsubscribed) expect(delivered.has(chat), chat).toBe(false);
    const statuses = ([w.telegram, w.zalo] as HttpFake[]).flatMap((f) => f.calls.map((c) => c.status));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 500).length).toBeGreaterThan(0);

    const db = openDatabase(w.work.dbPath);
    try {
      const counts = rowsByState(db, id);
      expect(counts).toMatchObject({ sent: subscribed.size - blockedChats.size, blocked: blockedChats.size, failed: 0, 'in-doubt': 0, skipped: 0 });
      const learners = new LearnerRepository(db);
      for (const chat of blockedChats) {
        const l = learners.find('telegram', chat) ?? learners.find('zalo', chat);
        expect(l?.unreachable, chat).toBe(true);
      }
    } finally {
      db.close();
    }
    expect(await service.metric('bot_broadcast_messages_total', 'outcome="sent"')).toBe(subscribed.size - blockedChats.size);
    expect(await service.metric('bot_broadcast_messages_total', 'outcome="blocked"')).toBe(blockedChats.size);
  }, 480_000);

  it('kill -9 at random moments, restarted each time: no duplicates, nobody queued skipped, in-doubt within the bound', async () => {
    const w = await setUp();
    const n = 2000;
    const concurrency = 4;
    const { id, subscribed } = seedAndQueue(w.work.dbPath, n);
    const env = { BROADCAST_RATE_TELEGRAM: '400', BROADCAST_RATE_ZALO: '400', BROADCAST_CONCURRENCY: String(concurrency) };
    const kills = 3;
    for (let i = 0; i < kills; i++) {
      const service = await startService(w, env);
      const before = deliveredPerChat(w).size;
      // Let it send for a random while (at least some messages), then kill -9.
      const target = before + 100 + Math.floor(Math.random() * 400);
      await service.until(() => deliveredPerChat(w).size >= target, 30_000, 'sending to resume');
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 50)));
      service.kill('SIGKILL');
      await service.exited;
    }
    const last = await startService(w, env);
    await waitSettled(w.work.dbPath, id, last, 200_000);

    const delivered = deliveredPerChat(w);
    for (const [chat, count] of delivered) expect(count, `duplicate to ${chat}`).toBe(1);
    const db = openDatabase(w.work.dbPath);
    try {
      const counts = rowsByState(db, id);
      const inDoubt = counts['in-doubt'];
      // At most `concurrency` rows per channel were in flight at each kill.
      expect(inDoubt).toBeLessThanOrEqual(kills * concurrency * 2);
      expect(counts).toMatchObject({ queued: 0, sending: 0, failed: 0, skipped: 0, blocked: 0 });
      expect(counts.sent + inDoubt).toBe(subscribed.size);
      // Everyone not in doubt got exactly one message; in-doubt ones got at most one.
      const repo = new BroadcastRepository(db);
      const learners = new LearnerRepository(db);
      const doubtful = new Set(repo.recipients(id, 'in-doubt').map((r) => learners.get(r.learnerId)!.chatId));
      for (const chat of subscribed) {
        if (!doubtful.has(chat)) expect(delivered.get(chat), chat).toBe(1);
      }
      expect(delivered.size).toBeGreaterThanOrEqual(counts.sent);
    } finally {
      db.close();
    }
  }, 300_000);

  it('one chat gets at most one message a second across two broadcasts at once; a cancelled broadcast sends nothing more', async () => {
    const w = await setUp();
    const db = openDatabase(w.work.dbPath);
    const people = Array.from({ length: 1200 }, (_, i) => ({ channel: (i % 2 ? 'zalo' : 'telegram') as ChannelId, userId: String(300_000 + i), commune: 'tandinh', subscribed: true }));
    // Few enough that, unpaced, the second would follow the first within a fraction of a second.
    const first = people.slice(0, 20);
    seedLearners(db, first);
    const audit = new AuditRepository(db);
    const officers = new OfficerService(new OfficerRepository(db), audit, new Set(['tandinh']));
    const admin = officers.grant('cli', { channel: 'telegram', platformUserId: '1', role: 'admin', communes: [] });
    const repo = new BroadcastRepository(db);
    const broadcasts = new BroadcastService({ repo, officers, audit, channels: ['telegram', 'zalo'], quietHours: { start: 0, end: 0 } });
    // Two announcements to the same 20 people, queued at the same moment.
    const a = broadcasts.create(admin, { text: 'Thông báo thứ nhất', audience: {} });
    const b = broadcasts.create(admin, { text: 'Thông báo thứ hai', audience: {} });
    seedLearners(db, people.slice(20));
    expect([a.recipients, b.recipients]).toEqual([20, 20]);
    const times = new Map<string, number[]>();
    let thirdSent = 0;
    for (const fake of [w.telegram, w.zalo] as HttpFake[]) {
      fake.on('call', (c) => {
        if (c.method !== 'sendMessage' || !c.ok) return;
        if (String(c.payload.text).startsWith('Thông báo thứ ba')) thirdSent++;
        else {
          const chat = String(c.payload.chat_id);
          times.set(chat, [...(times.get(chat) ?? []), Date.now()]);
        }
      });
    }
    const concurrency = 4;
    const service = await startService(w, { BROADCAST_RATE_TELEGRAM: '100', BROADCAST_RATE_ZALO: '100', BROADCAST_CONCURRENCY: String(concurrency) });
    try {
      await waitSettled(w.work.dbPath, a.id, service, 60_000);
      await waitSettled(w.work.dbPath, b.id, service, 60_000);
      for (const p of first) {
        const t = times.get(p.userId) ?? [];
        expect(t, p.userId).toHaveLength(2);
        // Stamped when the fake answers: allow for the network between the service and the fake.
        expect(t[1]! - t[0]!, p.userId).toBeGreaterThanOrEqual(900);
      }
      expect(repo.get(a.id)!.counts.sent + repo.get(b.id)!.counts.sent).toBe(40);

      // A third announcement to all 1,200, cancelled once some have gone out.
      const c = broadcasts.create(admin, { text: 'Thông báo thứ ba', audience: {} });
      const third = () => thirdSent;
      await service.until(() => third() >= 50, 60_000, 'the third announcement to start');
      broadcasts.cancel(admin, c.id);
      // The sends in flight at the cancel finish (at most `concurrency` per platform), then nothing.
      await service.until(() => repo.get(c.id)!.counts.sending === 0, 10_000, 'sends in flight to settle');
      const atCancel = third();
      await new Promise((r) => setTimeout(r, 2000));
      expect(third()).toBe(atCancel);
      const counts = repo.get(c.id)!.counts;
      expect(counts.sent).toBe(atCancel);
      expect(counts.sent + counts.skipped).toBe(1200);
      expect(counts.skipped).toBeGreaterThan(0);
      expect(repo.get(c.id)!.state).toBe('cancelled');
    } finally {
      db.close();
    }
  }, 180_000);

  it('quiet hours hold in the running service: nothing is sent, the queue waits', async () => {
    const w = await setUp();
    const { id } = seedAndQueue(w.work.dbPath, 40);
    const hour = (new Date().getUTCHours() + 7) % 24; // Vietnam time
    const service = await startService(w, { BROADCAST_RATE_TELEGRAM: '100', BROADCAST_RATE_ZALO: '100', QUIET_HOURS: `${hour}-${(hour + 2) % 24}` });
    await service.waitReady(30_000);
    await new Promise((r) => setTimeout(r, 2500));
    const sent = ([w.telegram, w.zalo] as HttpFake[]).flatMap((f) => f.calls.filter((c) => c.method === 'sendMessage'));
    expect(sent).toHaveLength(0);
    const db = openDatabase(w.work.dbPath);
    try {
      expect(rowsByState(db, id)).toMatchObject({ queued: 36, sending: 0, sent: 0 });
    } finally {
      db.close();
    }
  }, 120_000);
});
