import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * How citizens really type, turned into the words the lessons use — one token at a time, so it is safe
 * on any text and the same on both sides (lessons and questions):
 * - chat shorthand from `lexicon/shorthand.yaml` ("ko" → "không", "ck" → "chuyển khoản"), whole tokens only;
 * - amounts glued to a unit ("30tr" → "30 triệu", "50k" → "50 nghìn");
 * - "j" typed for "i" ("bj" → "bi", "gj" → "gi");
 * - Telex and VNI residue left when the keyboard did not convert ("chuyeenr", "chuye63n" → "chuyển");
 * - one place for the tone mark (on the last vowel), so "hoà" and "hòa", "thuỷ" and "thủy" are one word.
 * The last three apply only to a token that is not a Vietnamese syllable as typed and becomes one.
 */

/** A rewritten token: NFC lower-case syllables. */
export type Rewrite = string[];

function loadShorthand(): Map<string, Rewrite> {
  const raw = parse(readFileSync(new URL('./lexicon/shorthand.yaml', import.meta.url), 'utf8')) as Record<string, string>;
  const map = new Map<string, Rewrite>();
  for (const [k, v] of Object.entries(raw)) map.set(String(k).normalize('NFC').toLowerCase(), String(v).normalize('NFC').toLowerCase().split(/\s+/));
  return map;
}

export const SHORTHAND: ReadonlyMap<string, Rewrite> = loadShorthand();

const UNITS: Record<string, string> = { tr: 'triệu', trieu: 'triệu', k: 'nghìn', ng: 'nghìn', ty: 'tỷ', ti: 'tỷ', đ: 'đồng', d: 'đồng', dong: 'đồng' };
// "5k" is also the health ministry's "5K" message: "k" counts as thousands from two digits on.
const AMOUNT = /^(\d+(?:[.,]\d+)?)(tr|trieu|ty|ti|đ|dong)$|^(\d{2,})(k)$/;

// A Vietnamese syllable without diacritics: optional initial, 1–3 vowels, optional final.
const SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/;

/** True when `s` (lower case, no diacritics, đ allowed) could be a Vietnamese syllable. */
export function isSyllable(s: string): boolean {
  return SYLLABLE.test(s.replace(/^đ/, 'd'));
}

// Tone marks (combining) and the Telex / VNI keys for them.
const TONES = { acute: '\u0301', grave: '\u0300', hook: '\u0309', tilde: '\u0303', dot: '\u0323' } as const;
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;
const TELEX_TONE: Record<string, string> = { s: TONES.acute, f: TONES.grave, r: TONES.hook, x: TONES.tilde, j: TONES.dot };
const VNI_TONE: Record<string, string> = { '1': TONES.acute, '2': TONES.grave, '3': TONES.hook, '4': TONES.tilde, '5': TONES.dot };
const VOWEL = /[aeiouy]/;

/**
 * Puts the syllable's tone mark on its last vowel letter (NFC result). Any consistent place works for
 * matching; this one needs no table and leaves most syllables (those with a final consonant) as written.
 */
export function canonicalTone(syllable: string): string {
  const d = syllable.normalize('NFD');
  const tone = TONE_MARKS.exec(d)?.[0];
  if (!tone) return syllable;
  const chars = [...d.replace(TONE_MARKS, '')];
  let at = -1;
  for (let i = 0; i < chars.length; i++) if (VOWEL.test(chars[i]!)) at = i;
  if (at < 0) return syllable;
  // Keep the vowel's own marks (circumflex, breve, horn) right after it, then the tone.
  let end = at + 1;
  while (end < chars.length && /[\u0302\u0306\u031b]/.test(chars[end]!)) end++;
  chars.splice(end, 0, tone);
  return chars.join('').normalize('NFC');
}

/**
 * Applies Telex keys ("chuyeenr", "ddieenj") to an unconverted token; undefined when it is not Telex.
 * Both a vowel or đ key (aa, ee, oo, dd, w) and a final tone key are required: a tone key alone turns
 * English words into syllables ("bus", "gas", "mis" were seen in the health corpus).
 */
export function fromTelex(token: string): string | undefined {
  let s = token;
  const last = s[s.length - 1]!;
  if (!(last in TELEX_TONE) || !VOWEL.test(s.slice(0, -1))) return undefined;
  const tone = TELEX_TONE[last]!;
  s = s.slice(0, -1);
  const before = s;
  s = s
    .replace(/^dd/, 'đ')
    .replace(/aa/, 'â')
    .replace(/ee/, 'ê')
    .replace(/oo/, 'ô')
    .replace(/aw/, 'ă')
    .replace(/uow/, 'ươ')
    .replace(/ow/, 'ơ')
    .replace(/uw/, 'ư');
  if (s === before) return undefined;
  const base = s.normalize('NFD').replace(/[\u0302\u0306\u031b]/g, '').normalize('NFC');
  if (!isSyllable(base)) return undefined;
  return canonicalTone((s + tone).normalize('NFC'));
}

/**
 * Applies VNI digits ("chuye63n", "d9ie65n") to an unconverted token; undefined when it is not VNI.
 * A digit must stand inside the word: trailing digits alone are names and codes ("minh2", "pao2").
 */
export function fromVni(token: string): string | undefined {
  if (!/^[a-z]+(?:[1-9]+[a-z]+)+[1-9]*$/.test(token)) return undefined;
  const chars: string[] = [];
  let tone = '';
  for (const c of token) {
    if (c in VNI_TONE) tone = VNI_TONE[c]!;
    else if (c === '6' || c === '7' || c === '8' || c === '9') {
      const mark = c === '6' ? '\u0302' : c === '7' ? '\u031b' : c === '8' ? '\u0306' : '';
      const targets = c === '6' ? /[aeo]/ : c === '7' ? /[ou]/ : c === '8' ? /a/ : /d/;
      for (let i = chars.length - 1; i >= 0; i--) {
        if (targets.test(chars[i]!)) {
          chars[i] = c === '9' ? 'đ' : chars[i]! + mark;
          // "uo7" is ươ: the horn goes on both.
          if (c === '7' && chars[i]!.startsWith('o') && chars[i - 1] === 'u') chars[i - 1] = 'u\u031b';
          break;
        }
      }
    } else chars.push(c);
  }
  const s = chars.join('').normalize('NFC');
  const base = s.normalize('NFD').replace(/[\u0302\u0306\u031b]/g, '').normalize('NFC');
  if (!isSyllable(base)) return undefined;
  return canonicalTone((s + tone).normalize('NFC'));
}

/**
 * The syllables a typed token stands for (NFC, lower case): itself (tone placed canonically) for an
 * ordinary word, or its rewrite. Never empty.
 */
export function rewriteToken(token: string, folded: string = token): Rewrite {
  const short = SHORTHAND.get(token);
  if (short) return short;
  if (/^[0-9]/.test(token)) {
    const amount = AMOUNT.exec(token);
    return amount ? [amount[1] ?? amount[3]!, UNITS[amount[2] ?? amount[4]!]!] : [token];
  }
  if (/^[a-z0-9]+$/.test(token) && !isSyllable(token)) {
    // "bj", "gj": j typed for i (no vowel before it; with one, j is Telex's dot-below tone).
    if (/^[a-z]+j$/.test(token) && !VOWEL.test(token.slice(0, -1))) {
      const i = token.slice(0, -1) + 'i';
      if (isSyllable(i)) return [i];
    }
    const fixed = /\d/.test(token) ? fromVni(token) : fromTelex(token);
    if (fixed) return [fixed];
    return [token];
  }
  // Only a toned syllable with two vowels side by side can have its tone in two places.
  return [token !== folded && TWO_VOWELS.test(folded) ? canonicalTone(token) : token];
}

const TWO_VOWELS = /[aeiouy]{2}/;
