import type { TopicId } from '../content/schema.js';
import type { SmallTalkKind } from './smalltalk.js';

/** A lesson an answer came from, best first. */
export interface AnswerSource {
  lessonId: string;
  topic: TopicId;
  title: string;
  /** The lesson's main official link (its first source). */
  url: string;
  score: number;
  /** The section of the lesson this source points to (its `## ` heading and 0-based index), when known. */
  heading?: string;
  section?: number;
}

/**
 * What the assistant made of a message: `answer` (grounded; sources = the lessons used), `clarify`
 * ("Có phải bạn muốn hỏi…?"; sources = the 2–3 closest sections, in order), `decline` (nothing close,
 * or a harmful request; no sources), `smalltalk` (a greeting, thanks, "ok", a quit word…; no sources).
 */
export type Intent = 'answer' | 'clarify' | 'decline' | 'smalltalk';

/** The contract of `answer(question)` (also printed by `npm run ask -- --json`). */
export interface Answer {
  question: string;
  answer: string;
  /** False when nothing relevant was found, or the question was declined. */
  grounded: boolean;
  mode: 'extractive' | 'llm';
  intent: Intent;
  sources: AnswerSource[];
}

/** Optional context for follow-up questions (a later issue fills it from the chat history). */
export interface AskContext {
  /** Identifies the conversation, for follow-up memory. */
  conversationKey?: string;
}

export interface Assistant {
  answer(question: string, context?: AskContext): Promise<Answer>;
  /**
   * What kind of small talk a message is (word lists and intent model), or undefined for anything else;
   * synchronous, so the conversation can leave a quiz or a lesson on "thôi không học nữa đâu" before asking.
   */
  smallTalk?(text: string): SmallTalkKind | undefined;
}
