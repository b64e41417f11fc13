/**
 * Vietnamese text normalisation, in one place.
 *
 * User text arrives both composed (NFC) and decomposed (NFD, common from some phone keyboards and
 * copy-paste), with or without diacritics. Everything that compares Vietnamese text goes through here:
 * - {@link normalizeText}: NFC + lower case (the "accented" form);
 * - {@link foldDiacritics}: accented form with every tone and vowel mark removed and đ→d, so
 *   "vneid la gi" and "VNeID là gì" meet;
 * - {@link tokenize}: syllables (chat shorthand, Telex/VNI residue and tone placement rewritten by
 *   ./chat-writing.ts, the same for lessons and questions) each with its
 *   accented and folded form, and the phrase it belongs to (punctuation breaks phrases, so bigrams never
 *   span a comma or a full stop).
 */

import { rewriteToken } from './chat-writing.js';

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** NFC and lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** Lower case with all diacritics removed and đ→d ("Đăng ký" → "dang ky"). */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

/** True when the text carries any Vietnamese diacritic (so the writer typed accents). */
export function hasDiacritics(text: string): boolean {
  const t = text.normalize('NFD');
  return /[\u0300-\u036f]/.test(t) || /[đĐ]/.test(t);
}

export interface Token {
  /** NFC lower-case syllable, e.g. "là". */
  accented: string;
  /** Folded syllable, e.g. "la". */
  folded: string;
  /** Index of the phrase (run of words between punctuation) the syllable belongs to. */
  phrase: number;
}

// Letters (any script, with their combining marks) and digits make up a syllable; dots, slashes and
// hyphens inside a run (dichvucong.gov.vn, 10/10, 01-KH) stay part of it.
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[./@_-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;
const PHRASE_BREAK = /[.,;:!?()[\]{}"“”…\n]/;

/**
 * Splits text into syllable tokens. Dotted or slashed runs (web addresses, dates, document numbers) are
 * kept whole and also split into their parts, so "dichvucong.gov.vn" matches both itself and "dichvucong".
 */
export function tokenize(text: string): Token[] {
  const t = normalizeText(text);
  // Folding maps letters to letters, so the folded text has the same words in the same order:
  // fold once per text rather than once per syllable (index build time is dominated by this).
  const folded = foldDiacritics(t).matchAll(WORD);
  const tokens: Token[] = [];
  let phrase = 0;
  let last = 0;
  for (const m of t.matchAll(WORD)) {
    const f = folded.next().value?.[0] ?? m[0];
    const start = m.index ?? 0;
    if (PHRASE_BREAK.test(t.slice(last, start))) phrase++;
    last = start + m[0].length;
    const word = m[0];
    const rewritten = rewriteToken(word, f);
    if (rewritten.length === 1 && rewritten[0] === word) tokens.push({ accented: word, folded: f, phrase });
    else for (const w of rewritten) tokens.push({ accented: w, folded: foldDiacritics(w), phrase });
    if (/[./@_-]/.test(word)) {
      const parts = word.split(/[./@_-]+/);
      const fparts = f.split(/[./@_-]+/);
      parts.forEach((part, i) => {
        if (part) tokens.push({ accented: part, folded: fparts[i] ?? part, phrase });
      });
    }
  }
  return tokens;
}
