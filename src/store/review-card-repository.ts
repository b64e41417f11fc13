import type { ReviewCardRecord } from '../learning/types.js';
import type { Db } from './database.js';

interface CardRow {
  learner_id: number;
  question_id: string;
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: string | null;
}

function toCard(r: CardRow): ReviewCardRecord {
  return {
    learnerId: r.learner_id,
    questionId: r.question_id,
    due: r.due,
    stability: r.stability,
    difficulty: r.difficulty,
    elapsedDays: r.elapsed_days,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    lastReview: r.last_review ?? undefined,
  };
}

/** FSRS review cards, one per learner and question. Dates are ISO-8601 UTC strings (they sort as text). */
export class ReviewCardRepository {
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly dueStmt;
  private readonly countDueStmt;
  private readonly countStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[number, string], CardRow>('SELECT * FROM review_cards WHERE learner_id = ? AND question_id = ?');
    this.upsertStmt = db.prepare(
      `INSERT INTO review_cards (learner_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days,
         learning_steps, reps, lapses, state, last_review)
       VALUES (@learnerId, @questionId, @due, @stability, @difficulty, @elapsedDays, @scheduledDays,
         @learningSteps, @reps, @lapses, @state, @lastReview)
       ON CONFLICT (learner_id, question_id) DO UPDATE SET due = excluded.due, stability = excluded.stability,
         difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
         learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
         state = excluded.state, last_review = excluded.last_review`,
    );
    this.dueStmt = db.prepare<[number, string, number], CardRow>(
      'SELECT * FROM review_cards WHERE learner_id = ? AND due <= ? ORDER BY due LIMIT ?',
    );
    this.countDueStmt = db.prepare<[number, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM review_cards WHERE learner_id = ? AND due <= ?',
    );
    this.countStmt = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM review_cards WHERE learner_id = ?');
  }

  get(learnerId: number, questionId: string): ReviewCardRecord | undefined {
    const row = this.getStmt.get(learnerId, questionId);
    return row ? toCard(row) : undefined;
  }

  upsert(card: ReviewCardRecord): void {
    this.upsertStmt.run({ ...card, lastReview: card.lastReview ?? null });
  }

  /** Cards due at or before `now`, most overdue first. */
  due(learnerId: number, now: Date, limit: number): ReviewCardRecord[] {
    return this.dueStmt.all(learnerId, now.toISOString(), limit).map(toCard);
  }

  countDue(learnerId: number, now: Date): number {
    return this.countDueStmt.get(learnerId, now.toISOString())?.n ?? 0;
  }

  count(learnerId: number): number {
    return this.countStmt.get(learnerId)?.n ?? 0;
  }
}
