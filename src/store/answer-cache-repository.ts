import type { CachedAnswer } from '../assistant/answer-cache.js';
import type { Db } from './database.js';

/**
 * Model answers keyed by a hash of (normalised question, content version, model, prompts version).
 * Rows that cannot be read back (corrupt JSON) count as a miss, never a crash.
 */
export class AnswerCacheRepository {
  private readonly getStmt;
  private readonly hitStmt;
  private readonly putStmt;
  private readonly pruneAgeStmt;
  private readonly pruneSizeStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string, number], { answer: string }>('SELECT answer FROM answer_cache WHERE key = ? AND created_at >= ?');
    this.hitStmt = db.prepare('UPDATE answer_cache SET hits = hits + 1 WHERE key = ?');
    this.putStmt = db.prepare(
      `INSERT INTO answer_cache (key, answer, created_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET answer = excluded.answer, created_at = excluded.created_at`,
    );
    this.pruneAgeStmt = db.prepare('DELETE FROM answer_cache WHERE created_at < ?');
    this.pruneSizeStmt = db.prepare(
      'DELETE FROM answer_cache WHERE key IN (SELECT key FROM answer_cache ORDER BY created_at DESC LIMIT -1 OFFSET ?)',
    );
  }

  /** The cached answer for `key` stored at or after `notBeforeMs`, counting the hit. */
  get(key: string, notBeforeMs: number): CachedAnswer | undefined {
    const row = this.getStmt.get(key, notBeforeMs);
    if (!row) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(row.answer);
    } catch {
      return undefined;
    }
    const v = value as Partial<CachedAnswer>;
    if (typeof v?.answer !== 'string' || typeof v.grounded !== 'boolean' || !Array.isArray(v.sources)) return undefined;
    this.hitStmt.run(key);
    return { answer: v.answer, grounded: v.grounded, sources: v.sources };
  }

  put(key: string, value: CachedAnswer, nowMs: number): void {
    this.putStmt.run(key, JSON.stringify(value), nowMs);
  }

  /** Drops entries older than `beforeMs`, then all but the newest `maxRows`; returns how many went. */
  prune(beforeMs: number, maxRows: number): number {
    return this.pruneAgeStmt.run(beforeMs).changes + this.pruneSizeStmt.run(maxRows).changes;
  }
}
