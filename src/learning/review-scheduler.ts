import { createEmptyCard, fsrs, Rating, type Card, type FSRS, type Grade } from 'ts-fsrs';
import type { ReviewCardRepository } from '../store/review-card-repository.js';
import type { ReviewCardRecord } from './types.js';

/** Answers faster than this (correct) are rated Easy. */
const EASY_MS = 10_000;
/** Correct answers slower than this (but within {@link IGNORE_MS}) are rated Hard. */
const HARD_MS = 120_000;
/** Beyond this the person probably left and came back: the time says nothing. */
const IGNORE_MS = 30 * 60_000;

/**
 * The FSRS rating of an answer: wrong → Again; right → Good, Easy when quick, Hard when slow.
 * Response time is used only when it is plausible (known and under half an hour).
 */
export function ratingFor(correct: boolean, elapsedMs?: number): Grade {
  if (!correct) return Rating.Again;
  if (elapsedMs === undefined || elapsedMs < 0 || elapsedMs > IGNORE_MS) return Rating.Good;
  if (elapsedMs <= EASY_MS) return Rating.Easy;
  if (elapsedMs >= HARD_MS) return Rating.Hard;
  return Rating.Good;
}

function toRecord(learnerId: number, questionId: string, c: Card): ReviewCardRecord {
  return {
    learnerId,
    questionId,
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review?.toISOString(),
  };
}

function toCard(r: ReviewCardRecord): Card {
  return {
    due: new Date(r.due),
    stability: r.stability,
    difficulty: r.difficulty,
    elapsed_days: r.elapsedDays,
    scheduled_days: r.scheduledDays,
    learning_steps: r.learningSteps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    last_review: r.lastReview ? new Date(r.lastReview) : undefined,
  };
}

/**
 * Spaced review with FSRS (ts-fsrs): every answered question becomes a card per learner and is
 * rescheduled on each answer. Short-term (minutes) learning steps are off: in a chat, "review again in
 * 10 minutes" is noise; the next review is at least a day later. No fuzz, so schedules are reproducible.
 */
export class ReviewScheduler {
  private readonly f: FSRS;

  constructor(private readonly cards: ReviewCardRepository) {
    this.f = fsrs({ enable_short_term: false, enable_fuzz: false });
  }

  /** Updates (or creates) the learner's card for this question after an answer. Returns the new due date. */
  record(learnerId: number, questionId: string, correct: boolean, elapsedMs: number | undefined, now: Date): Date {
    const existing = this.cards.get(learnerId, questionId);
    const card = existing ? toCard(existing) : createEmptyCard(now);
    const next = this.f.next(card, now, ratingFor(correct, elapsedMs)).card;
    this.cards.upsert(toRecord(learnerId, questionId, next));
    return next.due;
  }

  /** Question ids due for review now, most overdue first. */
  dueQuestions(learnerId: number, now: Date, limit: number): string[] {
    return this.cards.due(learnerId, now, limit).map((c) => c.questionId);
  }

  countDue(learnerId: number, now: Date): number {
    return this.cards.countDue(learnerId, now);
  }

  /** How many questions the learner has cards for (answered at least once). */
  countCards(learnerId: number): number {
    return this.cards.count(learnerId);
  }
}
