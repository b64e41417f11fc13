import type { CompletionRecord } from '../learning/types.js';
import type { Db } from './database.js';

interface CompletionRow {
  code: string;
  learner_id: number;
  issued_at: string;
  display_name: string | null;
  commune_name: string | null;
}

function toRecord(r: CompletionRow): CompletionRecord {
  return {
    code: r.code,
    learnerId: r.learner_id,
    issuedAt: r.issued_at,
    displayName: r.display_name ?? undefined,
    communeName: r.commune_name ?? undefined,
  };
}

/** Completion codes issued when a learner has passed every topic. */
export class CompletionRepository {
  private readonly insertStmt;
  private readonly byCodeStmt;
  private readonly byLearnerStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO completions (code, learner_id, issued_at) VALUES (?, ?, ?)');
    const select = `SELECT c.code, c.learner_id, c.issued_at, l.display_name, l.commune_name
      FROM completions c JOIN learners l ON l.id = c.learner_id`;
    this.byCodeStmt = db.prepare<[string], CompletionRow>(`${select} WHERE c.code = ?`);
    this.byLearnerStmt = db.prepare<[number], CompletionRow>(`${select} WHERE c.learner_id = ?`);
  }

  /** Stores a code for the learner; false when the learner already has one or the code is taken. */
  insert(code: string, learnerId: number, now: Date): boolean {
    return this.insertStmt.run(code, learnerId, now.toISOString()).changes > 0;
  }

  find(code: string): CompletionRecord | undefined {
    const row = this.byCodeStmt.get(code);
    return row ? toRecord(row) : undefined;
  }

  findByLearner(learnerId: number): CompletionRecord | undefined {
    const row = this.byLearnerStmt.get(learnerId);
    return row ? toRecord(row) : undefined;
  }
}
