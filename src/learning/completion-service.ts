import type { CompletionRepository } from '../store/completion-repository.js';
import { canonicalCompletionCode, makeCompletionCode } from './completion-code.js';
import type { CompletionRecord, PassedTopic } from './types.js';

/** Random bytes source (node:crypto's randomBytes in production), passed in like every side effect. */
export type RandomBytes = (size: number) => Uint8Array;

/** Issues and verifies completion codes (all topics passed). */
export class CompletionService {
  constructor(
    private readonly completions: CompletionRepository,
    private readonly randomBytes: RandomBytes,
  ) {}

  /** The learner's code, issuing one the first time, recording the topics it certifies. */
  issue(learnerId: number, now: Date, topics: readonly PassedTopic[] = []): string {
    const existing = this.completions.findByLearner(learnerId);
    if (existing) return existing.code;
    for (let i = 0; i < 5; i++) {
      const code = makeCompletionCode(this.randomBytes(8));
      if (this.completions.insert(code, learnerId, now, topics)) return code;
      const mine = this.completions.findByLearner(learnerId);
      if (mine) return mine.code;
    }
    throw new Error('could not issue a unique completion code');
  }

  find(learnerId: number): CompletionRecord | undefined {
    return this.completions.findByLearner(learnerId);
  }

  /** The record behind a typed code (lenient about case, spaces, dashes, O/0, I/L/1), if it is real. */
  verify(input: string): CompletionRecord | undefined {
    const code = canonicalCompletionCode(input);
    return code ? this.completions.find(code) : undefined;
  }
}
