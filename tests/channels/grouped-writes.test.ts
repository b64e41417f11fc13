import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupedWrites } from '../../src/channels/grouped-writes.js';
import type { Inbound } from '../../src/core/types.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { IntakeRepository } from '../../src/store/intake-repository.js';

/** The process's file-size limit (RLIMIT_FSIZE), as in full-disk.test.ts: the WAL cannot grow past it. */
function limitFileSize(bytes: number | 'unlimited'): void {
  execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${bytes}:unlimited`]);
}

const msg = (chatId: string): Inbound => ({ channel: 'telegram', chatId, userId: chatId, kind: 'text', text: 'xin chào' });

describe('GroupedWrites (real SQLite file, read back through a second connection)', () => {
  let dir: string;
  let db: Db;
  let other: Database.Database;
  let intake: IntakeRepository;
  let commits: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'grouped-'));
    db = openDatabase(join(dir, 'app.db'));
    db.pragma('wal_autocheckpoint = 0');
    other = new Database(join(dir, 'app.db'), { readonly: true });
    intake = new IntakeRepository(db);
    commits = 0;
    const transaction = intake.transaction.bind(intake);
    intake.transaction = <T>(fn: () => T): T => {
      const r = transaction(fn);
      commits++;
      return r;
    };
  });
  afterEach(() => {
    limitFileSize('unlimited');
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What another process would find after a crash right now. */
  const committed = () => other.prepare(`SELECT update_key AS key, status, sent FROM intake ORDER BY id`).all();

  it('commits the writes of one turn together, and settles each only after the commit', async () => {
    const a = intake.record('k1', 'telegram:1', msg('1'))!;
    const b = intake.record('k2', 'telegram:2', msg('2'))!;
    const writes = new GroupedWrites(intake);
    const settled: string[] = [];
    const p1 = writes.write(() => intake.markSent(a.id, 1)).then((r) => settled.push(`a:${r.ok}`));
    const p2 = writes.write(() => intake.markDone(b.id, 'replied', 2)).then((r) => settled.push(`b:${r.ok}`));
    // Queued, not yet committed: nothing is visible and nothing has settled.
    expect(committed()).toEqual([
      { key: 'k1', status: 'received', sent: 0 },
      { key: 'k2', status: 'received', sent: 0 },
    ]);
    await Promise.resolve();
    expect(settled).toEqual([]);
    await Promise.all([p1, p2]);
    expect(settled).toEqual(['a:true', 'b:true']);
    expect(commits).toBe(1);
    expect(committed()).toEqual([
      { key: 'k1', status: 'received', sent: 1 },
      { key: 'k2', status: 'done', sent: 2 },
    ]);
  });

  it('together(): the queued writes and the new record are one commit', async () => {
    const a = intake.record('k1', 'telegram:1', msg('1'))!;
    const writes = new GroupedWrites(intake);
    const done = writes.write(() => intake.markDone(a.id, 'replied', 1));
    const b = writes.together(() => intake.record('k2', 'telegram:2', msg('2')));
    expect(b?.key).toBe('k2');
    expect(commits).toBe(1);
    expect(committed()).toEqual([
      { key: 'k1', status: 'done', sent: 1 },
      { key: 'k2', status: 'received', sent: 0 },
    ]);
    expect(await done).toEqual({ ok: true });
    // The flush scheduled for that write finds nothing left to do.
    await new Promise((r) => setImmediate(r));
    expect(commits).toBe(1);
  });

  it('a group SQLite refuses is written one by one: each write learns its own fate, the record its own error', async () => {
    const a = intake.record('k1', 'telegram:1', msg('1'))!;
    const writes = new GroupedWrites(intake);
    const bad = writes.write(() => {
      throw new Error('broken write');
    });
    const good = writes.write(() => intake.markSent(a.id, 1));
    const recorded = writes.together(() => intake.record('k2', 'telegram:2', msg('2')));
    expect(recorded?.key).toBe('k2');
    expect(await bad).toMatchObject({ ok: false, error: expect.objectContaining({ message: 'broken write' }) });
    expect(await good).toEqual({ ok: true });
    expect(committed()).toEqual([
      { key: 'k1', status: 'received', sent: 1 },
      { key: 'k2', status: 'received', sent: 0 },
    ]);
    expect(() => writes.together(() => {
      throw new Error('record failed');
    })).toThrow('record failed');
  });

  it('with the disk full nothing is committed and every write says so; they go through once there is room', async () => {
    const a = intake.record('k1', 'telegram:1', msg('1'))!;
    const writes = new GroupedWrites(intake);
    limitFileSize(statSync(join(dir, 'app.db-wal')).size);
    const results = await Promise.all([writes.write(() => intake.markSent(a.id, 1)), writes.write(() => intake.markDone(a.id, 'replied', 2))]);
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    expect(() => writes.together(() => intake.record('k2', 'telegram:2', msg('2')))).toThrow();
    expect(committed()).toEqual([{ key: 'k1', status: 'received', sent: 0 }]);
    limitFileSize('unlimited');
    expect(await writes.write(() => intake.markDone(a.id, 'replied', 2))).toEqual({ ok: true });
    expect(committed()).toEqual([{ key: 'k1', status: 'done', sent: 2 }]);
  });
});
