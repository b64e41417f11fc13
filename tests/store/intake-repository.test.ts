import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/core/types.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { IntakeRepository } from '../../src/store/intake-repository.js';

const hello: Inbound = { channel: 'telegram', chatId: '42', userId: '42', userName: 'Lan', kind: 'text', text: 'xin chào' };

describe('IntakeRepository (real SQLite file)', () => {
  let dir: string;
  let path: string;
  let db: Db;
  let now: number;
  let repo: IntakeRepository;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'intake-'));
    path = join(dir, 'app.db');
    db = openDatabase(path);
    now = 1_000_000;
    repo = new IntakeRepository(db, () => now);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records an update once: the same key again is a duplicate', () => {
    const first = repo.record('telegram:1:100', 'telegram:42', hello);
    expect(first).toMatchObject({ key: 'telegram:1:100', chatKey: 'telegram:42', inbound: hello, status: 'received', sent: 0 });
    expect(repo.record('telegram:1:100', 'telegram:42', hello)).toBeUndefined();
    expect(repo.pendingCount()).toBe(1);
  });

  it('survives a reopen: pending rows, saved replies and delivery progress are recovered', () => {
    const a = repo.record('k:a', 'c:1', hello)!;
    const b = repo.record('k:b', 'c:1', { ...hello, text: 'hai' })!;
    repo.record('k:c', 'c:2', hello);
    repo.saveReplies(b.id, [{ text: 'một' }, { text: 'hai', choices: [{ label: 'Tiếp', action: 'next' }] }]);
    repo.markSent(b.id, 1);
    repo.markDone(a.id, 'replied');
    db.close();

    db = openDatabase(path);
    repo = new IntakeRepository(db, () => now);
    const pending = repo.pending();
    expect(pending.map((r) => r.key)).toEqual(['k:b', 'k:c']);
    expect(pending[0]).toMatchObject({ status: 'answered', sent: 1, replies: [{ text: 'một' }, { text: 'hai', choices: [{ label: 'Tiếp', action: 'next' }] }] });
    expect(pending[1]).toMatchObject({ status: 'received', sent: 0, replies: undefined });
    // Done rows still dedupe.
    expect(repo.record('k:a', 'c:1', hello)).toBeUndefined();
  });

  it('forgets the message content once done, keeping only the key', () => {
    const r = repo.record('k:x', 'c:1', hello)!;
    repo.saveReplies(r.id, [{ text: 'trả lời' }]);
    repo.markDone(r.id, 'replied');
    const row = db.prepare('SELECT inbound, replies, status, outcome FROM intake WHERE id = ?').get(r.id);
    expect(row).toEqual({ inbound: null, replies: null, status: 'done', outcome: 'replied' });
  });

  it('prunes done rows after the dedupe window, never pending ones', () => {
    const old = repo.record('k:old', 'c:1', hello)!;
    repo.markDone(old.id, 'replied');
    repo.record('k:pending', 'c:1', hello);
    now += 8 * 86_400_000;
    expect(repo.prune(7 * 86_400_000)).toBe(1);
    expect(repo.pending().map((r) => r.key)).toEqual(['k:pending']);
    expect(repo.record('k:old', 'c:1', hello)).toBeDefined();
  });
});
