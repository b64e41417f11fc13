import type { TopicId } from '../content/schema.js';

/** A lesson an answer came from, best first. */
export interface AnswerSource {
  lessonId: string;
  topic: TopicId;
  title: string;
  /** The lesson's main official link (its first source). */
  url: string;
  score: number;
}

/** The contract of `answer(question)` (also printed by `npm run ask -- --json`). */
export interface Answer {
  question: string;
  answer: string;
  /** False when nothing relevant was found, or the question was declined. */
  grounded: boolean;
  mode: 'extractive' | 'llm';
  sources: AnswerSource[];
}

/** Optional context for follow-up questions (a later issue fills it from the chat history). */
export interface AskContext {
  /** Identifies the conversation, for follow-up memory. */
  conversationKey?: string;
}

export interface Assistant {
  answer(question: string, context?: AskContext): Promise<Answer>;
}
