import type { CompletionRecord, PassedTopic } from '../learning/types.js';
import type { Db } from './database.js';

interface CompletionRow {
  code: string;
  learner_id: number;
  issued_at: string;
  display_name: string | null;
  commune_name: string | null;
}

interface TopicRow {
  topic_id: string;
  topic_title: string;
  lessons_opened: number;
  lessons_total: number;
  quiz_correct: number;
  quiz_total: number;
  passed_at: string;
}

function toTopic(r: TopicRow): PassedTopic {
  return {
    topicId: r.topic_id,
    title: r.topic_title,
    lessonsOpened: r.lessons_opened,
    lessonsTotal: r.lessons_total,
    correct: r.quiz_correct,
    total: r.quiz_total,
    passedAt: r.passed_at,
  };
}

/** Completion codes issued when a learner has passed every topic, with what each code certifies. */
export class CompletionRepository {
  private readonly insertTx;
  private readonly byCodeStmt;
  private readonly byLearnerStmt;
  private readonly topicsStmt;

  constructor(db: Db) {
    const insertCode = db.prepare('INSERT OR IGNORE INTO completions (code, learner_id, issued_at) VALUES (?, ?, ?)');
    const insertTopic = db.prepare(
      `INSERT INTO completion_topics (code, position, topic_id, topic_title, lessons_opened, lessons_total, quiz_correct, quiz_total, passed_at)
       VALUES (@code, @position, @topicId, @title, @lessonsOpened, @lessonsTotal, @correct, @total, @passedAt)`,
    );
    this.insertTx = db.transaction((code: string, learnerId: number, now: string, topics: readonly PassedTopic[]) => {
      if (insertCode.run(code, learnerId, now).changes === 0) return false;
      topics.forEach((t, position) => insertTopic.run({ code, position, ...t }));
      return true;
    });
    const select = `SELECT c.code, c.learner_id, c.issued_at, l.display_name, l.commune_name
      FROM completions c JOIN learners l ON l.id = c.learner_id`;
    this.byCodeStmt = db.prepare<[string], CompletionRow>(`${select} WHERE c.code = ?`);
    this.byLearnerStmt = db.prepare<[number], CompletionRow>(`${select} WHERE c.learner_id = ?`);
    this.topicsStmt = db.prepare<[string], TopicRow>('SELECT * FROM completion_topics WHERE code = ? ORDER BY position');
  }

  /**
   * Stores a code for the learner with the topics it certifies, in one transaction; false when the
   * learner already has one or the code is taken.
   */
  insert(code: string, learnerId: number, now: Date, topics: readonly PassedTopic[] = []): boolean {
    return this.insertTx(code, learnerId, now.toISOString(), topics);
  }

  find(code: string): CompletionRecord | undefined {
    const row = this.byCodeStmt.get(code);
    return row ? this.toRecord(row) : undefined;
  }

  findByLearner(learnerId: number): CompletionRecord | undefined {
    const row = this.byLearnerStmt.get(learnerId);
    return row ? this.toRecord(row) : undefined;
  }

  private toRecord(r: CompletionRow): CompletionRecord {
    return {
      code: r.code,
      learnerId: r.learner_id,
      issuedAt: r.issued_at,
      displayName: r.display_name ?? undefined,
      communeName: r.commune_name ?? undefined,
      topics: this.topicsStmt.all(r.code).map(toTopic),
    };
  }
}
