import type { BestScore, QuizAttempt, QuizAttemptItem, QuizScope } from '../learning/types.js';
import type { Db } from './database.js';

interface AttemptRow {
  id: number;
  learner_id: number;
  scope: QuizScope;
  scope_id: string;
  total: number;
  answered: number;
  correct: number;
  started_at: string;
  finished_at: string | null;
}

interface ItemRow {
  attempt_id: number;
  position: number;
  question_id: string;
  choice_order: string;
  asked_at: string | null;
  chosen: number | null;
  correct: number | null;
  answered_at: string | null;
}

function toAttempt(r: AttemptRow): QuizAttempt {
  return {
    id: r.id,
    learnerId: r.learner_id,
    scope: r.scope,
    scopeId: r.scope_id,
    total: r.total,
    answered: r.answered,
    correct: r.correct,
    startedAt: r.started_at,
    finishedAt: r.finished_at ?? undefined,
  };
}

function toItem(r: ItemRow): QuizAttemptItem {
  return {
    attemptId: r.attempt_id,
    position: r.position,
    questionId: r.question_id,
    choiceOrder: r.choice_order.split(',').map(Number),
    askedAt: r.asked_at ?? undefined,
    chosen: r.chosen ?? undefined,
    correct: r.correct === null ? undefined : r.correct === 1,
    answeredAt: r.answered_at ?? undefined,
  };
}

/** Quiz attempts, their questions with the shuffled choice order shown, and the answers given. */
export class QuizRepository {
  private readonly createTx;
  private readonly attemptStmt;
  private readonly itemStmt;
  private readonly itemsStmt;
  private readonly askedStmt;
  private readonly answerTx;
  private readonly finishedStmt;

  constructor(db: Db) {
    const insertAttempt = db.prepare<[number, string, string, number, string], AttemptRow>(
      'INSERT INTO quiz_attempts (learner_id, scope, scope_id, total, started_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
    );
    const insertItem = db.prepare(
      'INSERT INTO quiz_attempt_items (attempt_id, position, question_id, choice_order) VALUES (?, ?, ?, ?)',
    );
    this.createTx = db.transaction(
      (learnerId: number, scope: QuizScope, scopeId: string, items: { questionId: string; choiceOrder: number[] }[], now: string) => {
        const row = insertAttempt.get(learnerId, scope, scopeId, items.length, now);
        if (!row) throw new Error('quiz attempt insert returned nothing');
        items.forEach((it, i) => insertItem.run(row.id, i, it.questionId, it.choiceOrder.join(',')));
        return toAttempt(row);
      },
    );
    this.attemptStmt = db.prepare<[number], AttemptRow>('SELECT * FROM quiz_attempts WHERE id = ?');
    this.itemStmt = db.prepare<[number, number], ItemRow>('SELECT * FROM quiz_attempt_items WHERE attempt_id = ? AND position = ?');
    this.itemsStmt = db.prepare<[number], ItemRow>('SELECT * FROM quiz_attempt_items WHERE attempt_id = ? ORDER BY position');
    this.askedStmt = db.prepare(
      'UPDATE quiz_attempt_items SET asked_at = COALESCE(asked_at, ?) WHERE attempt_id = ? AND position = ?',
    );
    const answerItem = db.prepare(
      `UPDATE quiz_attempt_items SET chosen = ?, correct = ?, answered_at = ?
       WHERE attempt_id = ? AND position = ? AND chosen IS NULL`,
    );
    const bump = db.prepare<[number, string, number], AttemptRow>(
      `UPDATE quiz_attempts SET answered = answered + 1, correct = correct + ?,
         finished_at = CASE WHEN answered + 1 >= total THEN ? ELSE finished_at END
       WHERE id = ? RETURNING *`,
    );
    this.answerTx = db.transaction(
      (attemptId: number, position: number, chosen: number, correct: boolean, now: string): QuizAttempt | undefined => {
        if (answerItem.run(chosen, correct ? 1 : 0, now, attemptId, position).changes === 0) return undefined;
        const row = bump.get(correct ? 1 : 0, now, attemptId);
        return row ? toAttempt(row) : undefined;
      },
    );
    this.finishedStmt = db.prepare<[number], AttemptRow>(
      'SELECT * FROM quiz_attempts WHERE learner_id = ? AND finished_at IS NOT NULL ORDER BY id',
    );
  }

  /** Creates an attempt with its questions (in order, each with its shown choice order). */
  create(
    learnerId: number,
    scope: QuizScope,
    scopeId: string,
    items: { questionId: string; choiceOrder: number[] }[],
    now: Date,
  ): QuizAttempt {
    return this.createTx(learnerId, scope, scopeId, items, now.toISOString());
  }

  attempt(id: number): QuizAttempt | undefined {
    const row = this.attemptStmt.get(id);
    return row ? toAttempt(row) : undefined;
  }

  item(attemptId: number, position: number): QuizAttemptItem | undefined {
    const row = this.itemStmt.get(attemptId, position);
    return row ? toItem(row) : undefined;
  }

  items(attemptId: number): QuizAttemptItem[] {
    return this.itemsStmt.all(attemptId).map(toItem);
  }

  /** Notes when a question was first shown (for response-time rating). */
  markAsked(attemptId: number, position: number, now: Date): void {
    this.askedStmt.run(now.toISOString(), attemptId, position);
  }

  /**
   * Records the answer to one question and updates the attempt's counts atomically.
   * Returns the updated attempt, or undefined when that question was already answered (a duplicate).
   */
  recordAnswer(attemptId: number, position: number, chosen: number, correct: boolean, now: Date): QuizAttempt | undefined {
    return this.answerTx(attemptId, position, chosen, correct, now.toISOString());
  }

  /** Finished attempts of a learner, oldest first. */
  finished(learnerId: number): QuizAttempt[] {
    return this.finishedStmt.all(learnerId).map(toAttempt);
  }

  /** The best finished result per (scope, scope id), by share of correct answers. */
  bestScores(learnerId: number): BestScore[] {
    const best = new Map<string, BestScore>();
    for (const a of this.finished(learnerId)) {
      const key = `${a.scope}\u0000${a.scopeId}`;
      const prev = best.get(key);
      if (!prev || a.correct / a.total > prev.correct / prev.total) {
        best.set(key, { scope: a.scope, scopeId: a.scopeId, correct: a.correct, total: a.total });
      }
    }
    return [...best.values()];
  }
}
