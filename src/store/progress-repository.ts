import type { LessonRead } from '../learning/types.js';
import type { Db } from './database.js';

interface ReadRow {
  lesson_id: string;
  pages_read: number;
  started_at: string;
  completed_at: string | null;
}

/** Which lessons a learner has opened and how far they read. */
export class ProgressRepository {
  private readonly upsertStmt;
  private readonly listStmt;

  constructor(db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO lesson_reads (learner_id, lesson_id, pages_read, started_at, completed_at)
       VALUES (@learnerId, @lessonId, @pages, @now, CASE WHEN @completed THEN @now END)
       ON CONFLICT (learner_id, lesson_id) DO UPDATE SET
         pages_read = MAX(pages_read, excluded.pages_read),
         completed_at = COALESCE(completed_at, excluded.completed_at)`,
    );
    this.listStmt = db.prepare<[number], ReadRow>(
      'SELECT lesson_id, pages_read, started_at, completed_at FROM lesson_reads WHERE learner_id = ?',
    );
  }

  /** Records that page `pagesRead` (1-based) of a lesson was shown; `completed` on its last page. */
  recordPage(learnerId: number, lessonId: string, pagesRead: number, completed: boolean, now: Date): void {
    this.upsertStmt.run({ learnerId, lessonId, pages: pagesRead, now: now.toISOString(), completed: completed ? 1 : 0 });
  }

  lessonReads(learnerId: number): LessonRead[] {
    return this.listStmt.all(learnerId).map((r) => ({
      lessonId: r.lesson_id,
      pagesRead: r.pages_read,
      startedAt: r.started_at,
      completedAt: r.completed_at ?? undefined,
    }));
  }
}
