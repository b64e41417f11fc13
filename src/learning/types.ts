import type { ChannelId } from '../messages.js';

/** How the bot addresses the person (chosen at onboarding; the words are in core/texts.ts). */
export const ADDRESS_FORMS = ['ban', 'anh', 'chi', 'co', 'chu', 'bac', 'ong', 'ba'] as const;
export type AddressForm = (typeof ADDRESS_FORMS)[number];

/**
 * Domain types of learning, as the store returns them (rows mapped to these; no SQL outside src/store).
 */

/** A person on one platform. Only what the service needs; see migration 0002_learning.sql. */
export interface Learner {
  id: number;
  channel: ChannelId;
  platformUserId: string;
  chatId: string;
  displayName?: string;
  communeCode?: string;
  communeName?: string;
  /** True once the commune question was asked (answered or skipped): it is asked only once. */
  communeAsked: boolean;
  /** undefined: not asked yet. */
  subscribed?: boolean;
  /** How the bot addresses the person; undefined: the neutral “bạn”. */
  addressForm?: AddressForm;
  /** True once the address question was answered or skipped: it is asked only once. */
  addressAsked: boolean;
  /** The platform refused delivery (HTTP 403); cleared when the person writes again. */
  unreachable: boolean;
  createdAt: string;
  updatedAt: string;
  lastActiveAt: string;
  /** The last local day (YYYY-MM-DD) recorded in the active days; undefined before the first. */
  lastActiveDay?: string;
}

/** How far a lesson was read. */
export interface LessonRead {
  lessonId: string;
  pagesRead: number;
  startedAt: string;
  completedAt?: string;
}

export type QuizScope = 'lesson' | 'topic' | 'review';

/** One quiz run. */
export interface QuizAttempt {
  id: number;
  learnerId: number;
  scope: QuizScope;
  /** Lesson id, topic id, or `review`. */
  scopeId: string;
  total: number;
  answered: number;
  correct: number;
  startedAt: string;
  finishedAt?: string;
}

/** One question of an attempt, with the order its choices were shown in. */
export interface QuizAttemptItem {
  attemptId: number;
  /** 0-based position in the attempt. */
  position: number;
  questionId: string;
  /** `choiceOrder[shown] = original choice index`. */
  choiceOrder: number[];
  askedAt?: string;
  /** The original index of the chosen choice. */
  chosen?: number;
  correct?: boolean;
  answeredAt?: string;
}

/** Best result per quiz scope id (lesson or topic). */
export interface BestScore {
  scope: QuizScope;
  scopeId: string;
  correct: number;
  total: number;
}

/** An FSRS card as stored (dates as ISO strings). */
export interface ReviewCardRecord {
  learnerId: number;
  questionId: string;
  due: string;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview?: string;
}

/** A topic that counts as passed, as a completion code records it. */
export interface PassedTopic {
  topicId: string;
  /** The topic's title when it was passed. */
  title: string;
  lessonsOpened: number;
  lessonsTotal: number;
  /** Best topic-quiz score. */
  correct: number;
  total: number;
  /** ISO time the topic became passed (quiz passed and every lesson opened). */
  passedAt: string;
}

/** A completion code, whom it was issued to, and what it certifies. */
export interface CompletionRecord {
  code: string;
  learnerId: number;
  issuedAt: string;
  displayName?: string;
  communeName?: string;
  /** The topics passed, in curriculum order (empty for codes issued before migration 0009). */
  topics: PassedTopic[];
}
