import type { Db } from './database.js';

export interface QuestionStat {
  week: string;
  outcome: string;
  question: string;
  shown: string;
  count: number;
  lastAt: string;
  handledAt?: string;
}

interface Row {
  week: string;
  outcome: string;
  question: string;
  shown: string;
  count: number;
  last_at: string;
  handled_at: string | null;
}

const toStat = (r: Row): QuestionStat => ({
  week: r.week,
  outcome: r.outcome,
  question: r.question,
  shown: r.shown,
  count: r.count,
  lastAt: r.last_at,
  handledAt: r.handled_at ?? undefined,
});

/** Weekly counts of redacted, normalised questions per outcome; never who asked. */
export class QuestionStatsRepository {
  private readonly bumpStmt;
  private readonly topStmt;
  private readonly handleStmt;

  constructor(db: Db) {
    this.bumpStmt = db.prepare(
      `INSERT INTO question_stats (week, outcome, question, shown, count, last_at) VALUES (?, ?, ?, ?, 1, ?)
       ON CONFLICT (week, outcome, question) DO UPDATE SET count = count + 1, last_at = excluded.last_at`,
    );
    this.topStmt = db.prepare<[string, number], Row>(
      'SELECT * FROM question_stats WHERE week = ? ORDER BY count DESC, last_at DESC LIMIT ?',
    );
    this.handleStmt = db.prepare(
      'UPDATE question_stats SET handled_at = ?, handled_by = ? WHERE week = ? AND outcome = ? AND question = ? AND handled_at IS NULL',
    );
  }

  bump(week: string, outcome: string, question: string, shown: string, now: Date): void {
    this.bumpStmt.run(week, outcome, question, shown, now.toISOString());
  }

  /** The week's questions, most asked first. */
  week(week: string, limit = 200): QuestionStat[] {
    return this.topStmt.all(week, limit).map(toStat);
  }

  /** Marks a question as handled (an officer asked for a lesson, or answered it elsewhere). */
  markHandled(week: string, outcome: string, question: string, by: string, now: Date): boolean {
    return this.handleStmt.run(now.toISOString(), by, week, outcome, question).changes > 0;
  }
}
