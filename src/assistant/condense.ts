import { tokenize } from '../knowledge/normalize.js';

/**
 * Follow-up questions ("còn cách nào khác không?", "bước 2 là sao?"): the last few turns of the same
 * conversation are condensed by the model into one standalone question before retrieval.
 *
 * Only the asking person's own turns are ever used (the store is keyed by conversation), a question
 * carrying sensitive data is never stored, and turns older than {@link MEMORY} `.maxAgeMs` are ignored
 * and purged.
 */
export interface ChatTurn {
  /** The person's question (as written; never one that carried an OTP, password, card or id number). */
  question: string;
  /** The start of the reply (no sources list), enough to resolve "bước 2". */
  answer: string;
  /** Unix milliseconds. */
  at: number;
}

/** Where turns are kept (SQLite: src/store/chat-turn-repository.ts). */
export interface ChatTurnStore {
  recent(conversationKey: string, sinceMs: number, limit: number): ChatTurn[];
  add(conversationKey: string, turn: ChatTurn, keep: number): void;
  purgeBefore(beforeMs: number): number;
}

export const MEMORY = {
  /** Turns kept per conversation. */
  keep: 3,
  /** A turn older than this is not "the conversation" any more (30 minutes). */
  maxAgeMs: 30 * 60_000,
  /** Characters of an answer kept for context. */
  answerChars: 400,
  /** Longest question kept. */
  questionChars: 300,
  /**
   * Questions of at most this many syllables are condensed when there is recent history, even when they
   * retrieve something: short follow-ups ("bước 2 là sao?", "còn cách nào khác không?") share words with
   * many lessons but say nothing about which one.
   */
  shortQuestionSyllables: 8,
};

/**
 * Whether a question needs the conversation to be understood: there is recent history, and the question
 * is short or retrieves nothing relevant on its own. A long, self-contained question is answered as is
 * (no extra model call, and the answer cache applies).
 */
export function needsCondensing(question: string, turns: ChatTurn[], relevantAlone: boolean): boolean {
  if (!turns.length) return false;
  return !relevantAlone || tokenize(question).length <= MEMORY.shortQuestionSyllables;
}

/** The history block of the condensation prompt. */
export function formatHistory(turns: ChatTurn[]): string {
  return turns.map((t) => `Người dân: ${t.question}\nTrợ lý: ${t.answer}`).join('\n\n');
}

/**
 * The standalone question from the model's reply: its first non-empty line without quotes or a leading
 * label. Falls back to the original question when the reply is empty, a refusal, or implausibly long.
 */
export function parseCondensed(reply: string, original: string): string {
  const line = reply
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  if (!line) return original;
  const q = line
    .replace(/^(câu hỏi( đầy đủ)?|cau hoi( day du)?|question)\s*:\s*/i, '')
    .replace(/^[«"'“<]+|[»"'”>]+$/g, '')
    .trim();
  if (!q || q.length > MEMORY.questionChars || /KHONG_CO_THONG_TIN/i.test(q)) return original;
  return q;
}

/** What is kept of a reply for context: the body before the sources list, shortened. */
export function shortAnswer(answer: string): string {
  const body = answer.split(/\n\n(?:📚 Nguồn|📖 Đọc thêm)/u)[0] ?? answer;
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= MEMORY.answerChars ? flat : flat.slice(0, MEMORY.answerChars).trimEnd() + ' …';
}
