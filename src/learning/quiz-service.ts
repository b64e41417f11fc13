import type { Lesson } from '../content/schema.js';
import type { QuizRepository } from '../store/quiz-repository.js';
import type { CurriculumIndex } from './curriculum-index.js';
import { randomOrder, type Random } from './random.js';
import type { ReviewScheduler } from './review-scheduler.js';
import { sampleTopicQuestions, TOPIC_QUIZ_SIZE } from './topic-sampler.js';
import type { QuizAttempt, QuizScope } from './types.js';

/** A quiz (lesson or topic) is passed at this share of correct answers or more. */
export const PASS_RATIO = 0.8;
/** At most this many questions per review session. */
export const REVIEW_SESSION_SIZE = 5;

/** True when `correct` out of `total` is a pass (≥ 80%). */
export function isPass(correct: number, total: number): boolean {
  return total > 0 && correct / total >= PASS_RATIO - 1e-9;
}

/** A question as shown: its choices in this attempt's shuffled order. */
export interface ShownQuestion {
  attempt: QuizAttempt;
  /** 0-based. */
  position: number;
  questionId: string;
  text: string;
  choices: string[];
  lesson: Lesson;
}

/** The end of an attempt. */
export interface QuizResult {
  scope: QuizScope;
  scopeId: string;
  correct: number;
  total: number;
  percent: number;
  passed: boolean;
  /** Lessons of the questions answered wrongly, to read again. */
  reread: Lesson[];
}

export type AnswerOutcome =
  /** Not the question awaiting an answer (already answered, unknown attempt, content changed). */
  | { kind: 'stale' }
  | {
      kind: 'answered';
      correct: boolean;
      correctChoice: string;
      explain: string;
      lesson: Lesson;
      attempt: QuizAttempt;
      /** Position of the next question, when there is one. */
      next?: number;
      /** Present when this was the last question. */
      result?: QuizResult;
    };

/**
 * Quiz attempts: one question at a time, choices shuffled per attempt with the mapping recorded, every
 * answer recorded and fed to spaced review.
 */
export class QuizService {
  constructor(
    private readonly index: CurriculumIndex,
    private readonly quizzes: QuizRepository,
    private readonly reviews: ReviewScheduler,
    private readonly random: Random,
  ) {}

  /**
   * Starts an attempt: a lesson's quiz (all its questions), a topic quiz (sampled across its lessons) or
   * a review session (the due questions). Undefined when there is nothing to ask.
   */
  start(learnerId: number, scope: QuizScope, scopeId: string, now: Date): QuizAttempt | undefined {
    let ids: string[];
    if (scope === 'lesson') {
      ids = this.index.lesson(scopeId)?.quiz.map((q) => q.id) ?? [];
    } else if (scope === 'topic') {
      const topic = this.index.topic(scopeId);
      ids = topic ? sampleTopicQuestions(this.index.lessonsOf(topic.id), TOPIC_QUIZ_SIZE, this.random) : [];
    } else {
      ids = this.reviews
        .dueQuestions(learnerId, now, REVIEW_SESSION_SIZE * 4)
        .filter((id) => this.index.question(id))
        .slice(0, REVIEW_SESSION_SIZE);
    }
    if (ids.length === 0) return undefined;
    const items = ids.map((questionId) => {
      const n = this.index.question(questionId)?.question.choices.length ?? 0;
      return { questionId, choiceOrder: randomOrder(n, this.random) };
    });
    return this.quizzes.create(learnerId, scope, scopeId, items, now);
  }

  /** True once the learner has answered any question (so has review cards). */
  hasAnswered(learnerId: number): boolean {
    return this.reviews.countCards(learnerId) > 0;
  }

  /** The attempt, if it exists and belongs to this learner. */
  attempt(learnerId: number, attemptId: number): QuizAttempt | undefined {
    const a = this.quizzes.attempt(attemptId);
    return a && a.learnerId === learnerId ? a : undefined;
  }

  /**
   * The question at `position` with its shuffled choices, marking it as shown at `now`.
   * Undefined when it does not exist or the content changed so the recorded order no longer fits.
   */
  show(learnerId: number, attemptId: number, position: number, now: Date): ShownQuestion | undefined {
    const attempt = this.attempt(learnerId, attemptId);
    const item = attempt && this.quizzes.item(attemptId, position);
    const q = item && this.index.question(item.questionId);
    if (!attempt || !item || !q || item.choiceOrder.length !== q.question.choices.length) return undefined;
    const choices = item.choiceOrder.map((i) => q.question.choices[i] ?? '');
    this.quizzes.markAsked(attemptId, position, now);
    return { attempt, position, questionId: q.id, text: q.question.question, choices, lesson: q.lesson };
  }

  /** Records the answer `shown` (0-based index in the shown order) to the question at `position`. */
  answer(learnerId: number, attemptId: number, position: number, shown: number, now: Date): AnswerOutcome {
    const attempt = this.attempt(learnerId, attemptId);
    const item = attempt && !attempt.finishedAt ? this.quizzes.item(attemptId, position) : undefined;
    const q = item && this.index.question(item.questionId);
    const original = item?.choiceOrder[shown];
    if (!item || !q || item.chosen !== undefined || original === undefined || item.choiceOrder.length !== q.question.choices.length) {
      return { kind: 'stale' };
    }
    const correct = original === q.question.answer;
    const updated = this.quizzes.recordAnswer(attemptId, position, original, correct, now);
    if (!updated) return { kind: 'stale' };
    const elapsed = item.askedAt ? now.getTime() - Date.parse(item.askedAt) : undefined;
    this.reviews.record(learnerId, q.id, correct, elapsed, now);
    const outcome: AnswerOutcome = {
      kind: 'answered',
      correct,
      correctChoice: q.question.choices[q.question.answer] ?? '',
      explain: q.question.explain,
      lesson: q.lesson,
      attempt: updated,
    };
    if (updated.finishedAt) outcome.result = this.result(updated);
    else if (position + 1 < updated.total) outcome.next = position + 1;
    return outcome;
  }

  /** The score of a finished attempt and the lessons to read again. */
  result(attempt: QuizAttempt): QuizResult {
    const reread: Lesson[] = [];
    for (const item of this.quizzes.items(attempt.id)) {
      if (item.correct !== false) continue;
      const lesson = this.index.question(item.questionId)?.lesson;
      if (lesson && !reread.includes(lesson)) reread.push(lesson);
    }
    const total = attempt.total;
    return {
      scope: attempt.scope,
      scopeId: attempt.scopeId,
      correct: attempt.correct,
      total,
      percent: total ? Math.round((100 * attempt.correct) / total) : 0,
      passed: isPass(attempt.correct, total),
      reread,
    };
  }
}
