import type { Answer } from '../assistant/types.js';
import { redactSensitive } from '../assistant/safety.js';
import { foldDiacritics } from '../knowledge/normalize.js';
import type { QuestionStatsRepository } from '../store/question-stats-repository.js';

/**
 * What the dashboard's "Câu hỏi" page counts: each question a citizen asked, redacted and normalised,
 * per week and outcome — never who asked. Recorded where the answer is known (src/core/flows/ask.ts).
 *
 * Outcome: the answer's `intent` when the contract carries one ('answer' → answered, 'decline',
 * 'clarify'; other intents such as small talk are not questions and are not counted); without an intent,
 * `grounded` decides: answered, or "unanswered".
 */
export type QuestionOutcome = 'answered' | 'unanswered' | 'decline' | 'clarify';
export const UNANSWERED_OUTCOMES: readonly QuestionOutcome[] = ['unanswered', 'decline', 'clarify'];

export interface QuestionRecorder {
  record(question: string, answer: Answer, now: Date): void;
}

export function outcomeOf(answer: Answer): QuestionOutcome | undefined {
  const intent = (answer as Answer & { intent?: unknown }).intent;
  if (typeof intent === 'string') {
    if (intent === 'answer') return 'answered';
    if (intent === 'decline' || intent === 'clarify') return intent;
    return undefined;
  }
  return answer.grounded ? 'answered' : 'unanswered';
}

const MAX_SHOWN = 160;

/**
 * The wording kept (redacted: digit runs of 4+, stated passwords, e-mail addresses and links become
 * `***`; spaces collapsed; cut at 160 characters) and the grouping key (folded, punctuation dropped), so
 * "VNeID là gì?" and "vneid la gi" count together. Undefined for texts not worth counting (commands, empty).
 */
export function normaliseQuestion(text: string): { key: string; shown: string } | undefined {
  const trimmed = text.normalize('NFC').trim();
  if (!trimmed || trimmed.startsWith('/')) return undefined;
  let shown = redactSensitive(trimmed)
    .replace(/\S+@\S+\.\S+/g, '***')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, '***')
    .replace(/\s+/g, ' ')
    .trim();
  if (shown.length > MAX_SHOWN) shown = shown.slice(0, MAX_SHOWN - 1) + '…';
  const key = foldDiacritics(shown)
    .replace(/\*\*\*/g, ' x ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  return key ? { key, shown } : undefined;
}

/** Monday (YYYY-MM-DD) of the Vietnam-time week containing `d`. */
export function weekOf(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3_600_000);
  const dow = (local.getUTCDay() + 6) % 7;
  return new Date(local.getTime() - dow * 86_400_000).toISOString().slice(0, 10);
}

export class QuestionLog implements QuestionRecorder {
  constructor(private readonly repo: QuestionStatsRepository) {}

  record(question: string, answer: Answer, now: Date): void {
    const outcome = outcomeOf(answer);
    const q = outcome ? normaliseQuestion(question) : undefined;
    if (!outcome || !q) return;
    this.repo.bump(weekOf(now), outcome, q.key, q.shown, now);
  }
}
