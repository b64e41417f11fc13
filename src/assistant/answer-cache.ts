import { createHash } from 'node:crypto';
import { foldDiacritics } from '../knowledge/normalize.js';
import type { AnswerSource } from './types.js';

/**
 * Repeated questions are served without a model call. The key is the SHA-256 of the normalised question
 * (diacritics folded, case and punctuation dropped: "VNeID là gì?" and "vneid la gi" meet), the content
 * version (a lesson edit invalidates every answer), the model and the prompts' version. Only the hash
 * is stored, never the question. Entries expire after `maxAgeMs` and the table is kept under `maxRows`.
 */
export interface CachedAnswer {
  answer: string;
  grounded: boolean;
  sources: AnswerSource[];
}

/** Where answers are kept (SQLite: src/store/answer-cache-repository.ts). */
export interface AnswerCacheStore {
  get(key: string, notBeforeMs: number): CachedAnswer | undefined;
  put(key: string, value: CachedAnswer, nowMs: number): void;
  prune(beforeMs: number, maxRows: number): number;
}

/** The question as the cache sees it: folded, lower case, words only. */
export function normaliseQuestion(question: string): string {
  return foldDiacritics(question.normalize('NFC'))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface AnswerCacheOptions {
  contentVersion: string;
  model: string;
  promptsVersion: string;
  /** Default 7 days. */
  maxAgeMs?: number;
  /** Default 5000. */
  maxRows?: number;
}

export class AnswerCache {
  private readonly prefix: string;
  private readonly maxAgeMs: number;
  private readonly maxRows: number;
  private puts = 0;

  constructor(
    private readonly store: AnswerCacheStore,
    options: AnswerCacheOptions,
    private readonly now: () => Date,
  ) {
    this.prefix = [options.contentVersion, options.model, options.promptsVersion].join('\0');
    this.maxAgeMs = options.maxAgeMs ?? 7 * 24 * 3600_000;
    this.maxRows = options.maxRows ?? 5000;
  }

  /** The cache key of a question (exposed for tests). */
  key(question: string): string {
    return createHash('sha256').update(this.prefix).update('\0').update(normaliseQuestion(question)).digest('hex');
  }

  get(question: string): CachedAnswer | undefined {
    return this.store.get(this.key(question), this.now().getTime() - this.maxAgeMs);
  }

  put(question: string, value: CachedAnswer): void {
    const now = this.now().getTime();
    this.store.put(this.key(question), value, now);
    // Pruning is a table scan: do it now and then, not on every answer.
    if (this.puts++ % 100 === 0) this.store.prune(now - this.maxAgeMs, this.maxRows);
  }
}
