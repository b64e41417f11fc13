import type { PassageHit } from '../knowledge/types.js';
import { foldDiacritics } from '../knowledge/normalize.js';
import { detectSensitive } from './safety.js';

/**
 * Numbered passages in, cited answer out.
 *
 * The model sees the passages as [1], [2]… and must cite them. What it writes is checked here before
 * anyone sees it — the rules code can check:
 * - the exact line {@link NO_ANSWER} means "the passages do not contain the answer";
 * - every [n] must point to a passage that was given (otherwise: `bad-citation`);
 * - an answer that cites nothing is claiming facts without a source (`uncited`);
 * - an answer carrying something that looks like an OTP, card number or citizen id (`unsafe`), or
 *   quoting the system rules (`leak`), is not sent.
 * A rejected answer is replaced by the extractive one by the caller.
 */
export const NO_ANSWER = 'KHONG_CO_THONG_TIN';

export type RejectReason = 'empty' | 'bad-citation' | 'uncited' | 'unsafe' | 'leak';

export type ParsedAnswer =
  | { kind: 'answer'; text: string; cited: number[] }
  | { kind: 'no-answer' }
  | { kind: 'rejected'; reason: RejectReason };

/** `[1]`, `[1, 2]`, `[1;3]` — a citation group. */
const CITATION = /\[(\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*)\]/g;

export interface PassageBudget {
  /** Most passages shown to the model. */
  maxPassages: number;
  /** Longest passage text, in characters. */
  maxPassageChars: number;
  /** All passage texts together, in characters. */
  maxTotalChars: number;
}

export const DEFAULT_BUDGET: PassageBudget = { maxPassages: 4, maxPassageChars: 900, maxTotalChars: 2400 };

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf('. '));
  return (at > max * 0.5 ? cut.slice(0, at + 1) : cut).trimEnd() + ' …';
}

/** The passages the model will see, best first, within the budget (the best one is always kept). */
export function selectPassages(hits: PassageHit[], budget: PassageBudget = DEFAULT_BUDGET): { hit: PassageHit; text: string }[] {
  const out: { hit: PassageHit; text: string }[] = [];
  let total = 0;
  for (const hit of hits) {
    if (out.length >= budget.maxPassages) break;
    const room = Math.min(budget.maxPassageChars, budget.maxTotalChars - total);
    if (room < 200 && out.length) break;
    const text = clip(hit.passage.text, Math.max(room, 200));
    out.push({ hit, text });
    total += text.length;
  }
  return out;
}

/** The numbered passages block of the answer prompt. */
export function formatPassages(selected: { hit: PassageHit; text: string }[]): string {
  return selected
    .map(({ hit, text }, i) => {
      const p = hit.passage;
      const title = p.heading ? `Bài «${p.lessonTitle}» — ${p.heading}` : `Bài «${p.lessonTitle}»`;
      return `[${i + 1}] ${title}\n${text}`;
    })
    .join('\n\n');
}

function comparable(text: string): string {
  return foldDiacritics(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Lines of the system rules long enough that seeing one in an answer means the rules leaked. */
export function leakMarkers(system: string): string[] {
  return system
    .split(/\n|(?<=[.:])\s/)
    .map(comparable)
    .filter((l) => l.length >= 40);
}

/** The marker (with or without underscores and marks), or a short reply that only says "không có thông tin". */
function isNoAnswer(text: string): boolean {
  const folded = foldDiacritics(text);
  if (/khong_co_thong_tin/.test(folded)) return true;
  const flat = comparable(text);
  return flat.startsWith('khong co thong tin') && flat.length < 80 && !/\[\s*\d/.test(text);
}

/** Checks the model's reply against the rules above. `passageCount` passages were numbered 1..n. */
export function parseModelAnswer(raw: string, passageCount: number, leaks: string[] = []): ParsedAnswer {
  const text = raw.trim();
  if (!text) return { kind: 'rejected', reason: 'empty' };
  const cited: number[] = [];
  if (isNoAnswer(text)) return { kind: 'no-answer' };
  for (const m of text.matchAll(CITATION)) {
    for (const n of m[1]!.split(/[,;]/).map((s) => Number(s.trim()))) {
      if (!Number.isInteger(n) || n < 1 || n > passageCount) return { kind: 'rejected', reason: 'bad-citation' };
      if (!cited.includes(n)) cited.push(n);
    }
  }
  if (!cited.length) return { kind: 'rejected', reason: 'uncited' };
  // Digits that look like a card, a citizen id or a one-time code (not "mật khẩu là…": lessons explain passwords).
  if (detectSensitive(text).some((k) => k !== 'password')) return { kind: 'rejected', reason: 'unsafe' };
  const flat = comparable(text);
  if (leaks.some((l) => flat.includes(l))) return { kind: 'rejected', reason: 'leak' };
  return { kind: 'answer', text, cited };
}

/**
 * Rewrites passage citations into source citations: `sourceOf[n-1]` is the source number (1-based) of
 * passage n. Groups are deduplicated (`[1, 3]` of one lesson → `[1]`), and repeats of the same
 * citation side by side collapse into one.
 */
export function renumberCitations(text: string, sourceOf: number[]): string {
  const rewritten = text.replace(CITATION, (_m, group: string) => {
    const nums = [...new Set(group.split(/[,;]/).map((s) => sourceOf[Number(s.trim()) - 1]!))].sort((a, b) => a - b);
    return nums.map((n) => `[${n}]`).join('');
  });
  return rewritten.replace(/(\[\d+\])(?:\s*\1)+/g, '$1');
}
