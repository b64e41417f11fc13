import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BroadcastDenied, BroadcastInputError, BroadcastService } from '../../src/broadcast/broadcast-service.js';
import { ReminderService } from '../../src/broadcast/reminders.js';
import { loadCurriculum } from '../../src/content/loader.js';
import { CurriculumIndex } from '../../src/learning/curriculum-index.js';
import { ProgressService } from '../../src/learning/progress-service.js';
import { ReviewScheduler } from '../../src/learning/review-scheduler.js';
import { OfficerService } from '../../src/officers/officer-service.js';
import { AuditRepository } from '../../src/store/audit-repository.js';
import { BroadcastRepository } from '../../src/store/broadcast-repository.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';
import { OfficerRepository } from '../../src/store/officer-repository.js';
import { ProgressRepository } from '../../src/store/progress-repository.js';
import { QuizRepository } from '../../src/store/quiz-repository.js';
import { ReviewCardRepository } from '../../src/store/review-card-repository.js';
import { SettingsRepository } from '../../src/store/settings-repository.js';
import { FIXTURES } from '../core/harness.js';
import { seedLearners } from './seed.js';

let dir = '';
let db: Db;
let now = new Date('2026-12-01T03:00:00Z');
let repo: BroadcastRepository;
let audit: AuditRepository;
let officers: OfficerService;
let service: BroadcastService;
let kicks = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bcast-svc-'));
  db = openDatabase(join(dir, 'app.db'));
  now = new Date('2026-12-01T03:00:00Z');
  repo = new BroadcastRepository(db);
  audit = new AuditRepository(db);
  officers = new OfficerService(new OfficerRepository(db), audit, new Set(['a', 'b']), () => now);
  kicks = 0;
  service = new BroadcastService({ repo, officers, audit, channels: ['telegram', 'zalo'], quietHours: { start: 21, end: 7 }, onQueued: () => kicks++, now: () => now });
  seedLearners(db, [
    { channel: 'telegram', userId: 't1', commune: 'a', subscribed: true },
    { channel: 'zalo', userId: 'z1', commune: 'a', subscribed: true },
    { channel: 'telegram', userId: 't2', commune: 'b', subscribed: true },
  ]);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('BroadcastService', () => {
  it('previews and creates within the officer communes, with the footer, audited', () => {
    const officer = officers.grant('cli', { channel: 'telegram', platformUserId: 'o', role: 'officer', communes: ['a'] });
    const p = service.preview(officer, { text: '  Họp lớp  ', audience: {} });
    expect(p.recipients).toBe(2);
    expect(p.text).toMatch(/^Họp lớp\n\n—\n🔕 .*tắt thông báo/s);
    expect(p.audience.communes).toEqual(['a']);
    const { id, recipients } = service.create(officer, { text: 'Họp lớp', audience: { channel: 'zalo' } });
    expect(recipients).toBe(1);
    expect(kicks).toBe(1);
    expect(audit.recent()[0]).toMatchObject({ action: 'broadcast.create', actor: 'telegram:o' });
    expect(service.history(officer).map((b) => b.id)).toEqual([id]);
    expect(() => service.preview(officer, { text: 'x', audience: { communes: ['b'] } })).toThrow(BroadcastDenied);
    expect(audit.recent()[0]!.action).toBe('officer.denied');
    expect(() => service.create(officer, { text: ' ', audience: {} })).toThrow(BroadcastInputError);
    expect(() => service.create(officer, { text: 'x'.repeat(1501), audience: {} })).toThrow(BroadcastInputError);
  });

  it('pause, resume, cancel and resend follow the states; another commune is denied; all audited', () => {
    const admin = officers.grant('cli', { channel: 'telegram', platformUserId: 'adm', role: 'admin', communes: [] });
    const other = officers.grant('cli', { channel: 'telegram', platformUserId: 'ob', role: 'officer', communes: ['b'] });
    const { id } = service.create(admin, { text: 'Toàn tỉnh', audience: { communes: ['a'] } });
    expect(() => service.pause(other, id)).toThrow(BroadcastDenied);
    expect(service.history(other)).toEqual([]);
    expect(service.pause(admin, id).state).toBe('paused');
    expect(() => service.pause(admin, id)).toThrow(BroadcastInputError);
    expect(service.resume(admin, id).state).toBe('sending');
    const [d] = repo.claim('telegram', 1, now);
    expect(d).toBeDefined();
    repo.markInFlightInDoubt(now);
    expect(service.resendInDoubt(admin, id).counts).toMatchObject({ queued: 2, 'in-doubt': 0 });
    expect(service.cancel(admin, id).counts).toMatchObject({ skipped: 2 });
    expect(() => service.resume(admin, id)).toThrow(BroadcastInputError);
    expect(audit.recent().map((e) => e.action).slice(0, 5)).toEqual(['broadcast.cancel', 'broadcast.resend', 'broadcast.resume', 'broadcast.pause', 'officer.denied']);
  });

  it('a scheduled broadcast waits for its time', () => {
    const admin = officers.grant('cli', { channel: 'telegram', platformUserId: 'adm', role: 'admin', communes: [] });
    const at = new Date(now.getTime() + 2 * 3_600_000);
    service.create(admin, { text: 'Sắp tới', audience: {}, notBefore: at });
    expect(repo.claim('telegram', 10, now)).toEqual([]);
    expect(repo.claim('telegram', 10, at)).toHaveLength(2);
  });
});

describe('ReminderService', () => {
  it('nudges inactive, unfinished people with their own next step, at most once a week', () => {
    const curriculum = loadCurriculum(join(FIXTURES, 'curriculum'));
    const index = new CurriculumIndex(curriculum);
    const learners = new LearnerRepository(db);
    const quizRepo = new QuizRepository(db);
    const progress = new ProgressService(index, new ProgressRepository(db), quizRepo, new ReviewScheduler(new ReviewCardRepository(db)), learners);
    const reminders = new ReminderService({ repo, settings: new SettingsRepository(db), audit, learners, progress, channels: ['telegram', 'zalo'], now: () => now });
    expect(reminders.runOnce().recipients).toBe(0); // off
    reminders.setRule('cli', { on: true, days: 7 });
    expect(reminders.runOnce().recipients).toBe(0); // everyone active today
    now = new Date(now.getTime() + 8 * 86_400_000);
    const first = reminders.runOnce();
    expect(first.recipients).toBe(3);
    const [d] = repo.claim('telegram', 1, now);
    const topic = index.topics[0]!;
    expect(d!.text).toContain(`Bạn còn ${index.lessonsOf(topic.id).length} bài nữa là xong chủ đề “${topic.title}”`);
    expect(d!.text).toContain('tắt thông báo');
    expect(reminders.runOnce().recipients).toBe(0);
    now = new Date(now.getTime() + 8 * 86_400_000);
    expect(reminders.runOnce().recipients).toBe(3);
    expect(audit.recent().some((e) => e.action === 'reminder.rule')).toBe(true);
  });
});
