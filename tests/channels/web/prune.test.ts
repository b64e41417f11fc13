import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneIdleWebLearners } from '../../../src/channels/web/prune.js';
import { openDatabase, type Db } from '../../../src/store/database.js';
import { LearnerRepository } from '../../../src/store/learner-repository.js';

describe('pruning idle web-chat learners (real SQLite)', () => {
  let dir: string;
  let db: Db;
  let learners: LearnerRepository;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prune-'));
    db = openDatabase(join(dir, 'app.db'));
    learners = new LearnerRepository(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes web learners idle longer than the limit, with their rows, and nobody else', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000);
    const old = learners.seen({ channel: 'web', platformUserId: 'old', chatId: 'old' }, day(0)).learner;
    learners.recordActiveDay(old.id, '2026-01-01');
    learners.seen({ channel: 'web', platformUserId: 'recent', chatId: 'recent' }, day(20));
    learners.seen({ channel: 'telegram', platformUserId: 'tg', chatId: 'tg' }, day(0));
    expect(pruneIdleWebLearners(learners, 30, day(35))).toBe(1);
    expect(learners.find('web', 'old')).toBeUndefined();
    expect(learners.activeDays(old.id)).toEqual([]);
    expect(learners.find('web', 'recent')).toBeDefined();
    expect(learners.find('telegram', 'tg')).toBeDefined();
    expect(pruneIdleWebLearners(learners, 30, day(35))).toBe(0);
  });
});
