import type { Lesson, Topic, TopicId } from '../content/schema.js';
import type { LearnerRepository } from '../store/learner-repository.js';
import type { ProgressRepository } from '../store/progress-repository.js';
import type { QuizRepository } from '../store/quiz-repository.js';
import type { CurriculumIndex } from './curriculum-index.js';
import type { Learner } from './types.js';
import { isPass } from './quiz-service.js';
import type { ReviewScheduler } from './review-scheduler.js';
import { localDay, streakLength } from './streak.js';

/** One topic's progress. */
export interface TopicProgress {
  topic: Topic;
  /** 0–100: lessons read and lesson quizzes passed; 100 once the topic quiz is passed. */
  percent: number;
  lessonsRead: number;
  lessonsTotal: number;
  /** Best topic-quiz result. */
  best?: { correct: number; total: number };
  passed: boolean;
}

/** What to do next: one suggestion. */
export type Suggestion =
  | { kind: 'review'; count: number }
  | { kind: 'read'; lesson: Lesson }
  | { kind: 'lesson-quiz'; lesson: Lesson }
  | { kind: 'topic-quiz'; topic: Topic }
  | { kind: 'done' };

export interface ProgressSummary {
  topics: TopicProgress[];
  /** Review questions due now. */
  dueReviews: number;
  /** Consecutive active days (today or up to yesterday). */
  streak: number;
  suggestion: Suggestion;
  allPassed: boolean;
}

/** Computes a learner's progress from what the store recorded. */
export class ProgressService {
  constructor(
    private readonly index: CurriculumIndex,
    private readonly progress: ProgressRepository,
    private readonly quizzes: QuizRepository,
    private readonly reviews: ReviewScheduler,
    private readonly learners: LearnerRepository,
  ) {}

  /**
   * Records activity today (for the streak). Writes only when today is not already the learner's
   * last active day (pass the learner as just read, so most messages write nothing here).
   */
  recordActivity(learner: Pick<Learner, 'id' | 'lastActiveDay'>, now: Date): void {
    const day = localDay(now);
    if (learner.lastActiveDay !== day) this.learners.recordActiveDay(learner.id, day);
  }

  /** Records that a page of a lesson was shown (1-based), completed on its last page. */
  recordPage(learnerId: number, lesson: Lesson, page: number, pageCount: number, now: Date): void {
    this.progress.recordPage(learnerId, lesson.id, page, page >= pageCount, now);
  }

  /** Lesson ids the learner has read to the end. */
  lessonsRead(learnerId: number): Set<string> {
    return new Set(this.progress.lessonReads(learnerId).filter((r) => r.completedAt).map((r) => r.lessonId));
  }

  /** Topic ids whose topic quiz the learner has passed. */
  topicsPassed(learnerId: number): Set<TopicId> {
    const out = new Set<TopicId>();
    for (const b of this.quizzes.bestScores(learnerId)) {
      const topic = b.scope === 'topic' ? this.index.topic(b.scopeId) : undefined;
      if (topic && isPass(b.correct, b.total)) out.add(topic.id);
    }
    return out;
  }

  /** True when every topic's quiz has been passed. */
  allTopicsPassed(learnerId: number): boolean {
    const passed = this.topicsPassed(learnerId);
    return this.index.topics.length > 0 && this.index.topics.every((t) => passed.has(t.id));
  }

  summary(learnerId: number, now: Date): ProgressSummary {
    const read = this.lessonsRead(learnerId);
    const best = new Map(this.quizzes.bestScores(learnerId).map((b) => [`${b.scope}:${b.scopeId}`, b]));
    const dueReviews = this.reviews.countDue(learnerId, now);
    let suggestion: Suggestion | undefined = dueReviews > 0 ? { kind: 'review', count: dueReviews } : undefined;

    const topics = this.index.topics.map((topic): TopicProgress => {
      const lessons = this.index.lessonsOf(topic.id);
      const lessonsRead = lessons.filter((l) => read.has(l.id)).length;
      const quizPassed = (l: Lesson) => {
        const b = best.get(`lesson:${l.id}`);
        return b !== undefined && isPass(b.correct, b.total);
      };
      const quizzesPassed = lessons.filter(quizPassed).length;
      const topicBest = best.get(`topic:${topic.id}`);
      const passed = topicBest !== undefined && isPass(topicBest.correct, topicBest.total);
      const steps = 2 * lessons.length + 1;
      const percent = passed ? 100 : Math.min(99, Math.round((100 * (lessonsRead + quizzesPassed)) / steps));
      if (!suggestion && !passed) {
        const unread = lessons.find((l) => !read.has(l.id));
        const unquizzed = lessons.find((l) => !quizPassed(l));
        suggestion = unread
          ? { kind: 'read', lesson: unread }
          : unquizzed
            ? { kind: 'lesson-quiz', lesson: unquizzed }
            : { kind: 'topic-quiz', topic };
      }
      return {
        topic,
        percent,
        lessonsRead,
        lessonsTotal: lessons.length,
        best: topicBest && { correct: topicBest.correct, total: topicBest.total },
        passed,
      };
    });
    const allPassed = topics.length > 0 && topics.every((t) => t.passed);
    const streak = streakLength(this.learners.activeDays(learnerId), localDay(now));
    return { topics, dueReviews, streak, suggestion: suggestion ?? { kind: 'done' }, allPassed };
  }
}
