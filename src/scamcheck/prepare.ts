import { foldDiacritics } from '../knowledge/normalize.js';
import type { RuleData } from './rule-data.js';

/** The word links are replaced with before the text rules run (so rules can say "…a link…"). */
export const LINK_WORD = 'lienket';

/**
 * Prepares a message for the text rules: links (given as [start, end) spans of the raw text) become
 * the word {@link LINK_WORD}; diacritics are folded with the assistant's normalisation ("Mã OTP" →
 * "ma otp"), every sign other than letters, digits and % becomes a space, and shorthand words are
 * expanded ("ko" → "khong", "tk" → "tai khoan"). The result has single spaces and no edges.
 */
export function prepareText(raw: string, linkSpans: readonly [number, number][], data: RuleData): string {
  let text = raw;
  for (const [start, end] of [...linkSpans].sort((a, b) => b[0] - a[0])) {
    text = `${text.slice(0, start)} ${LINK_WORD} ${text.slice(end)}`;
  }
  const words = foldDiacritics(text)
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim()
    .split(' ');
  return words.map((w) => data.shorthand.get(w) ?? w).join(' ');
}
