import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/verify.js';
import { CompletionService } from '../../src/learning/completion-service.js';
import { CompletionRepository } from '../../src/store/completion-repository.js';
import { openDatabase } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';

describe('npm run cli -- verify CODE', () => {
  let dir: string;
  let saved: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-'));
    saved = process.env.DATABASE_PATH;
    process.env.DATABASE_PATH = join(dir, 'app.db');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_PATH;
    else process.env.DATABASE_PATH = saved;
    rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('confirms a real code (typed loosely) and rejects others', async () => {
    const db = openDatabase(join(dir, 'app.db'));
    const learners = new LearnerRepository(db);
    const { learner } = learners.seen({ channel: 'zalo', platformUserId: 'z', chatId: 'z', displayName: 'Bà Tư' }, new Date('2026-04-05T03:00:00Z'));
    learners.setCommune(learner.id, { code: 'x', name: 'Xã Hòa An' }, new Date());
    const code = new CompletionService(new CompletionRepository(db), (n) => new Uint8Array(n).fill(7)).issue(learner.id, new Date('2026-04-05T03:00:00Z'), [
      { topicId: 'vneid', title: 'VNeID', lessonsOpened: 6, lessonsTotal: 6, correct: 9, total: 10, passedAt: '2026-04-04T18:30:00Z' },
      { topicId: 'lua-dao', title: 'Tránh lừa đảo', lessonsOpened: 8, lessonsTotal: 8, correct: 10, total: 10, passedAt: '2026-04-05T02:00:00Z' },
    ]);
    const old = learners.seen({ channel: 'zalo', platformUserId: 'old', chatId: 'old' }, new Date('2026-01-02T03:00:00Z')).learner;
    const oldCode = new CompletionService(new CompletionRepository(db), (n) => new Uint8Array(n).fill(9)).issue(old.id, new Date('2026-01-02T03:00:00Z'));
    db.close();

    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((m: unknown) => void lines.push(String(m)));
    expect(await run([code.toLowerCase().replace(/-/g, ' ')])).toBe(0);
    expect(lines).toEqual([
      `Mã ${code} HỢP LỆ: cấp cho Bà Tư — Xã Hòa An, ngày 05/04/2026.`,
      'Đã đạt:',
      // Dates are Vietnam's calendar days: 18:30 UTC on the 4th is already the 5th there.
      '  • VNeID: kiểm tra chủ đề đúng 9/10 câu, đã mở 6/6 bài — đạt ngày 05/04/2026',
      '  • Tránh lừa đảo: kiểm tra chủ đề đúng 10/10 câu, đã mở 8/8 bài — đạt ngày 05/04/2026',
    ]);
    lines.length = 0;
    expect(await run([oldCode])).toBe(0);
    expect(lines).toEqual([`Mã ${oldCode} HỢP LỆ: cấp cho (người học không để tên), ngày 02/01/2026.`, '(Mã cấp trước khi hệ thống ghi chi tiết từng chủ đề.)']);
    const wrong = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    expect(await run([wrong])).toBe(1);
    expect(lines.at(-1)).toContain('KHÔNG hợp lệ');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await run([])).toBe(2);
  });
});
