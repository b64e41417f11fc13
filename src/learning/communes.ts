import { foldDiacritics } from '../knowledge/normalize.js';

/** A commune (xã/phường) the deploying province lists in content/communes.yaml. */
export interface Commune {
  /** Short code, used in invitation links (`/start <code>`) and reports. */
  code: string;
  name: string;
}

/** The result of matching what a person typed. */
export type CommuneMatch =
  /** One commune fits. */
  | { kind: 'found'; commune: Commune }
  /** Several fit about equally: ask which. */
  | { kind: 'ambiguous'; candidates: Commune[] }
  /** The list is empty (not configured): take the name as typed. */
  | { kind: 'free'; name: string }
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

  /** The commune with this code (case-insensitive), if any. */
  byCode(code: string): Commune | undefined {
    const c = code.trim().toLowerCase();
    return this.entries.find((e) => e.code === c)?.commune;
  }

  match(typed: string): CommuneMatch {
    const text = typed.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (!text) return { kind: 'none' };
    if (this.isEmpty) return { kind: 'free', name: text.slice(0, 80) };
    const byCode = this.byCode(text);
    if (byCode) return { kind: 'found', commune: byCode };
    const key = communeKey(text);
    const full = foldDiacritics(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    if (!key) return { kind: 'none' };

    const exact = this.entries.filter((e) => e.key === key);
    if (exact.length === 1 && exact[0]) return { kind: 'found', commune: exact[0].commune };
    if (exact.length > 1) {
      const withPrefix = exact.filter((e) => e.full === full);
      if (withPrefix.length === 1 && withPrefix[0]) return { kind: 'found', commune: withPrefix[0].commune };
      return { kind: 'ambiguous', candidates: exact.slice(0, MAX_CANDIDATES).map((e) => e.commune) };
    }

    const max = tolerance(key);
    const scored = this.entries
      .map((e) => ({ e, d: Math.min(editDistance(key, e.key, max), editDistance(full, e.full, max)) }))
      .filter((s) => s.d <= max)
      .sort((a, b) => a.d - b.d);
    const best = scored[0];
    if (!best) return { kind: 'none' };
    const tied = scored.filter((s) => s.d === best.d);
    if (tied.length === 1) return { kind: 'found', commune: best.e.commune };
    return { kind: 'ambiguous', candidates: scored.slice(0, MAX_CANDIDATES).map((s) => s.e.commune) };
  }
}
