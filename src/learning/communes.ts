import { foldDiacritics } from '../knowledge/normalize.js';
import { communeChatter, type CommuneChatter } from './commune-chatter.js';

/** A commune (xã/phường) the deploying province lists in content/communes.yaml. */
export interface Commune {
  /** Short code, used in invitation links (`/start <code>`) and reports. */
  code: string;
  name: string;
  /** The national administrative code (mã đơn vị hành chính, 5 digits), when the list gives it. */
  adminCode?: string;
}

/** The result of matching what a person typed. */
export type CommuneMatch =
  /** One commune fits. */
  | { kind: 'found'; commune: Commune }
  /** Several fit about equally: ask which. */
  | { kind: 'ambiguous'; candidates: Commune[] }
  /** The list is empty (not configured): take the name as typed. */
  | { kind: 'free'; name: string }
  /** A greeting, an "ok" or "I don't know": not a place (never matched by typo tolerance). */
  | { kind: 'chatter'; chatter: CommuneChatter }
  /** Nothing close. */
  | { kind: 'none' };

// Administrative prefixes people may or may not type; all folded. Longest first.
const PREFIXES = ['thi tran', 'phuong', 'xa', 'tt', 'p', 'x'];
const MAX_CANDIDATES = 4;

/** Folded, punctuation-free, without an administrative prefix: "Phường Tân-Định" → "tan dinh". */
export function communeKey(text: string): string {
  let s = foldDiacritics(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  for (const p of PREFIXES) {
    if (s.startsWith(p + ' ') && s.length > p.length + 1) {
      s = s.slice(p.length + 1);
      break;
    }
  }
  return s;
}

// How people put it: "tôi ở xã Yên Sơn", "dạ cháu sống ở Yên Sơn ạ" — folded.
const LEADING = /^(?:(?:da|vang|thua)\s+)?(?:(?:nha\s+)?(?:toi|em|chau|minh|con|tui)\s+)?(?:(?:dang|hien|hien dang)\s+)?(?:(?:song|o|thuoc|que)\s+)+(?:tai\s+)?/;
const TRAILING = /(?:\s+(?:a|nhe|nha|day|do))+$/;

/** The place part of "tôi ở xã Yên Sơn ạ" (folded, punctuation as spaces): "xa yen son". */
function withoutFillers(full: string): string {
  const s = full.replace(LEADING, '').replace(TRAILING, '');
  return s || full;
}

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** Typos tolerated: none for very short names, one for short, two for longer. */
function tolerance(key: string): number {
  const letters = key.replace(/ /g, '').length;
  return letters <= 3 ? 0 : letters <= 7 ? 1 : 2;
}

/**
 * Matches a typed commune name leniently: accents, case, spacing and punctuation do not matter, the
 * "xã"/"phường"/"thị trấn" prefix is optional (but breaks a tie when typed), small typos are forgiven.
 * Codes match too (as in an invitation link).
 */
export class CommuneMatcher {
  private readonly entries: { commune: Commune; key: string; full: string; code: string }[];

  constructor(readonly communes: readonly Commune[]) {
    this.entries = communes.map((commune) => ({
      commune,
      key: communeKey(commune.name),
      full: foldDiacritics(commune.name).replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
      code: commune.code.toLowerCase(),
    }));
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** The commune with this invitation code or administrative code (case-insensitive), if any. */
  byCode(code: string): Commune | undefined {
    const c = code.trim().toLowerCase();
    if (!c) return undefined;
    return this.entries.find((e) => e.code === c || e.commune.adminCode === c)?.commune;
  }

  match(typed: string): CommuneMatch {
    const text = typed.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (!text) return { kind: 'none' };
    if (this.isEmpty) return { kind: 'free', name: text.slice(0, 80) };
    const byCode = this.byCode(text);
    if (byCode) return { kind: 'found', commune: byCode };
    const typedFull = foldDiacritics(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const chatter = communeChatter(typedFull);
    if (chatter && !this.entries.some((e) => e.key === typedFull)) return { kind: 'chatter', chatter };
    // As typed, and without "tôi ở …" around the place: the first that matches exactly wins.
    const forms = [...new Set([typedFull, withoutFillers(typedFull)])].map((full) => ({ full, key: communeKey(full) })).filter((f) => f.key);
    if (!forms.length) return { kind: 'none' };

    for (const { full, key } of forms) {
      const exact = this.entries.filter((e) => e.key === key);
      if (exact.length === 1 && exact[0]) return { kind: 'found', commune: exact[0].commune };
      if (exact.length > 1) {
        const withPrefix = exact.filter((e) => e.full === full);
        if (withPrefix.length === 1 && withPrefix[0]) return { kind: 'found', commune: withPrefix[0].commune };
        return { kind: 'ambiguous', candidates: exact.slice(0, MAX_CANDIDATES).map((e) => e.commune) };
      }
    }

    // The first syllables of a name ("hà giang" for "Phường Hà Giang 1" and "… 2").
    for (const { key } of forms) {
      if (key.replace(/ /g, '').length < 3) continue;
      const starts = this.entries.filter((e) => e.key.startsWith(key + ' '));
      if (starts.length === 1 && starts[0]) return { kind: 'found', commune: starts[0].commune };
      if (starts.length > 1) return { kind: 'ambiguous', candidates: starts.slice(0, MAX_CANDIDATES).map((e) => e.commune) };
    }

    const scored = this.entries
      .map((e) => {
        let d = Infinity;
        for (const { full, key } of forms) {
          const max = tolerance(key);
          const dist = Math.min(editDistance(key, e.key, max), editDistance(full, e.full, max));
          if (dist <= max) d = Math.min(d, dist);
        }
        return { e, d };
      })
      .filter((s) => s.d !== Infinity)
      .sort((a, b) => a.d - b.d);
    const best = scored[0];
    if (!best) return { kind: 'none' };
    const tied = scored.filter((s) => s.d === best.d);
    if (tied.length === 1) return { kind: 'found', commune: best.e.commune };
    return { kind: 'ambiguous', candidates: scored.slice(0, MAX_CANDIDATES).map((s) => s.e.commune) };
  }
}
