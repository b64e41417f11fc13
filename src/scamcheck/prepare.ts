import { rewriteToken } from '../knowledge/chat-writing.js';
import { foldDiacritics } from '../knowledge/normalize.js';
import type { RuleData } from './rule-data.js';

/** The word links are replaced with before the text rules run (so rules can say "…a link…"). */
export const LINK_WORD = 'lienket';
/** The word an official link (gov.vn, a listed bank…) becomes: "thanh toán tại evn.com.vn" is not "pay through a link". */
export const OFFICIAL_LINK_WORD = 'trangchinhthuc';

/** A link's place in the raw text, [start, end), and whether it is an official site. */
export type LinkSpan = readonly [number, number] | readonly [number, number, boolean];

/**
 * Prepares a message for the text rules: links (given as [start, end) spans of the raw text) become
 * the word {@link LINK_WORD}; diacritics are folded with the assistant's normalisation ("Mã OTP" →
 * "ma otp"), every sign other than letters, digits and % becomes a space, and shorthand words are
 * expanded: first the scam check's own list (data/shorthand.yaml: "ko" → "khong", "tk" → "tai khoan",
 * "ck" left alone), then the assistant's chat-writing rewrite (amounts "5tr" → "5 trieu", "500k" →
 * "500 nghin", Telex/VNI residue "chuyeenr" → "chuyen", "j" for "i"). The result has single spaces and no edges.
 */
export function prepareText(raw: string, linkSpans: readonly LinkSpan[], data: RuleData): string {
  let text = raw;
  for (const [start, end, official] of [...linkSpans].sort((a, b) => b[0] - a[0])) {
    text = `${text.slice(0, start)} ${official ? OFFICIAL_LINK_WORD : LINK_WORD} ${text.slice(end)}`;
  }
  const words = foldDiacritics(text)
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim()
    .split(' ');
  return words.map((w) => data.shorthand.get(w) ?? rewritten(w)).join(' ');
}

function rewritten(word: string): string {
  const parts = rewriteToken(word);
  return parts.length === 1 && parts[0] === word ? word : foldDiacritics(parts.join(' '));
}
