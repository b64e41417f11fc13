import type { Lesson, Topic, TopicId } from '../content/schema.js';
import type { LearnerRepository } from '../store/learner-repository.js';
import type { ProgressRepository } from '../store/progress-repository.js';
import type { QuizRepository } from '../store/quiz-repository.js';
import type { CurriculumIndex } from './curriculum-index.js';
import type { Learner, PassedTopic, QuizAttempt } from './types.js';
import { isPass } from './quiz-service.js';
import type { ReviewScheduler } from './review-scheduler.js';
import { localDay, streakLength } from './streak.js';

/**
 * When a topic counts as passed (README "Completion"): every one of its citizen lessons was opened AND
 * its topic quiz was passed (≥ 80 %), in either order. It counts from the later of the two moments.
 * Lesson quizzes are practice: they show in progress and suggestions but are not required.
 */

/** One topic's progress. */
export interface TopicProgress {
  topic: Topic;
  /** 0–100: lessons opened, lesson quizzes passed, the topic quiz passed; 100 once the topic counts as passed. */
  percent: number;
  /** Citizen lessons opened (any page shown) / in the topic. */
  lessonsOpened: number;
  lessonsTotal: number;
  /** Lesson quizzes finished at least once, and passed at least once. */
  lessonQuizzes: { taken: number; passed: number };
  /** Best topic-quiz result. */
  best?: { correct: number; total: number };
  /** The topic quiz was passed (lessons may still be unopened). */
  quizPassed: boolean;
  /** The topic counts as passed: quiz passed and every lesson opened. */
  passed: boolean;
}

/** What to do next: one suggestion. */
export type Suggestion =
  | { kind: 'retry-lesson-quiz'; lesson: Lesson }
  | { kind: 'retry-topic-quiz'; topic: Topic }
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

/** The lessons that count for citizens (officer-only lessons never do). */
function citizenLessons(lessons: readonly Lesson[]): Lesson[] {
  return lessons.filter((l) => l.audience !== 'officer');
}

/** Everything the store recorded that progress is computed from, read once. */
interface Facts {
  /** Lesson id → when it was first opened. */
  opened: Map<string, string>;
  /** Finished lesson/topic attempts, oldest first. */
  attempts: QuizAttempt[];
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

  /** Topic ids that count as passed (every lesson opened and the topic quiz passed). */
  topicsPassed(learnerId: number): Set<TopicId> {
    return new Set(this.passedTopics(learnerId).map((p) => p.topicId as TopicId));
  }

  /** True when every topic counts as passed. */
  allTopicsPassed(learnerId: number): boolean {
    const passed = this.topicsPassed(learnerId);
    return this.index.topics.length > 0 && this.index.topics.every((t) => passed.has(t.id));
  }

  /**
   * The topics that count as passed, each with its best topic-quiz score and the moment it became
   * passed: the later of its first passing topic quiz and the first opening of its last lesson opened.
   * This is what a completion code records.
   */
  passedTopics(learnerId: number): PassedTopic[] {
    const facts = this.facts(learnerId);
    const out: PassedTopic[] = [];
    for (const topic of this.index.topics) {
      const lessons = citizenLessons(this.index.lessonsOf(topic.id));
      if (lessons.some((l) => !facts.opened.has(l.id))) continue;
      const attempts = facts.attempts.filter((a) => a.scope === 'topic' && a.scopeId === topic.id);
      const firstPass = attempts.find((a) => isPass(a.correct, a.total));
      if (!firstPass?.finishedAt) continue;
      const best = attempts.reduce((b, a) => (a.correct / a.total > b.correct / b.total ? a : b), firstPass);
      const moments = [firstPass.finishedAt, ...lessons.map((l) => facts.opened.get(l.id) ?? '')];
      out.push({
        topicId: topic.id,
        title: topic.title,
        lessonsOpened: lessons.length,
        lessonsTotal: lessons.length,
        correct: best.correct,
        total: best.total,
        passedAt: moments.reduce((a, b) => (b > a ? b : a)),
      });
    }
    return out;
  }

  /** The citizen lessons of a topic the learner has not opened yet, in teaching order. */
  unopenedLessons(learnerId: number, topicId: TopicId): Lesson[] {
    const opened = new Set(this.progress.lessonReads(learnerId).map((r) => r.lessonId));
    return citizenLessons(this.index.lessonsOf(topicId)).filter((l) => !opened.has(l.id));
  }

  /** The topics a completion code would certify, when every topic counts as passed; otherwise undefined. */
  completionTopics(learnerId: number): PassedTopic[] | undefined {
    const passed = this.passedTopics(learnerId);
    return this.index.topics.length > 0 && passed.length === this.index.topics.length ? passed : undefined;
  }

  summary(learnerId: number, now: Date): ProgressSummary {
    const facts = this.facts(learnerId);
    const bestOf = (scope: 'lesson' | 'topic', id: string) => {
      let best: QuizAttempt | undefined;
      for (const a of facts.attempts) {
        if (a.scope === scope && a.scopeId === id && (!best || a.correct / a.total > best.correct / best.total)) best = a;
      }
      return best;
    };
    const passedQuiz = (scope: 'lesson' | 'topic', id: string) => {
      const b = bestOf(scope, id);
      return b !== undefined && isPass(b.correct, b.total);
    };
    const dueReviews = this.reviews.countDue(learnerId, now);
    let suggestion: Suggestion | undefined = this.lastFailed(facts, passedQuiz);
    if (!suggestion && dueReviews > 0) suggestion = { kind: 'review', count: dueReviews };

    const topics = this.index.topics.map((topic): TopicProgress => {
      const lessons = citizenLessons(this.index.lessonsOf(topic.id));
      const lessonsOpened = lessons.filter((l) => facts.opened.has(l.id)).length;
      const taken = lessons.filter((l) => bestOf('lesson', l.id)).length;
      const quizzesPassed = lessons.filter((l) => passedQuiz('lesson', l.id)).length;
      const topicBest = bestOf('topic', topic.id);
      const quizPassed = passedQuiz('topic', topic.id);
      const passed = quizPassed && lessonsOpened === lessons.length;
      const steps = 2 * lessons.length + 1;
      const percent = passed ? 100 : Math.min(99, Math.round((100 * (lessonsOpened + quizzesPassed + (quizPassed ? 1 : 0))) / steps));
      if (!suggestion && !passed) {
        const unopened = lessons.find((l) => !facts.opened.has(l.id));
        const unquizzed = lessons.find((l) => !passedQuiz('lesson', l.id));
        suggestion = unopened
          ? { kind: 'read', lesson: unopened }
          : unquizzed && !quizPassed
            ? { kind: 'lesson-quiz', lesson: unquizzed }
            : { kind: 'topic-quiz', topic };
      }
      return {
        topic,
        percent,
        lessonsOpened,
        lessonsTotal: lessons.length,
        lessonQuizzes: { taken, passed: quizzesPassed },
        best: topicBest && { correct: topicBest.correct, total: topicBest.total },
        quizPassed,
        passed,
      };
    });
    const allPassed = topics.length > 0 && topics.every((t) => t.passed);
    const streak = streakLength(this.learners.activeDays(learnerId), localDay(now));
    return { topics, dueReviews, streak, suggestion: suggestion ?? { kind: 'done' }, allPassed };
  }

  /** The most recent failed lesson or topic quiz not passed since: what to retry first. */
  private lastFailed(facts: Facts, passedQuiz: (scope: 'lesson' | 'topic', id: string) => boolean): Suggestion | undefined {
    for (let i = facts.attempts.length - 1; i >= 0; i--) {
      const a = facts.attempts[i];
      if (!a || isPass(a.correct, a.total) || passedQuiz(a.scope as 'lesson' | 'topic', a.scopeId)) continue;
      if (a.scope === 'lesson') {
        const lesson = this.index.lesson(a.scopeId);
        if (lesson) return { kind: 'retry-lesson-quiz', lesson };
      } else {
        const topic = this.index.topic(a.scopeId);
        if (topic) return { kind: 'retry-topic-quiz', topic };
      }
    }
    return undefined;
  }

  private facts(learnerId: number): Facts {
    const opened = new Map<string, string>();
    for (const r of this.progress.lessonReads(learnerId)) opened.set(r.lessonId, r.startedAt);
    const attempts = this.quizzes.finished(learnerId).filter((a) => a.scope !== 'review' && a.total > 0);
    return { opened, attempts };
  }
}
