import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { AuditRepository } from '../../src/store/audit-repository.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';

let dir = '';
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('/xoadulieu also removes the audit entries of the person’s refused officer commands, not other entries', () => {
  dir = mkdtempSync(join(tmpdir(), 'erasure-audit-'));
  db = openDatabase(join(dir, 'app.db'));
  const learners = new LearnerRepository(db);
  const audit = new AuditRepository(db);
  const now = new Date('2026-12-01T08:00:00Z');
  const { learner } = learners.seen({ channel: 'telegram', platformUserId: '777', chatId: '777' }, now);
  audit.record('telegram:777', 'officer.denied', { what: '/guithongbao' }, now);
  audit.record('telegram:888', 'officer.denied', { what: '/guithongbao' }, now);
  audit.record('cli', 'officer.grant', { officer: 'telegram:999' }, now);
  expect(learners.deleteLearner(learner.id)).toBe(true);
  expect(audit.recent().map((e) => e.actor).sort()).toEqual(['cli', 'telegram:888']);
});
