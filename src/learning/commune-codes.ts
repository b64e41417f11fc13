import { foldDiacritics } from '../knowledge/normalize.js';

/**
 * Invitation codes for communes (`/start <code>`, `t.me/<bot>?start=<code>`, printed as QR codes on
 * posters), derived from the official names so an officer can read them: lower case, no accents, no
 * spaces — "Xã Yên Sơn" → "yenson", "Phường Hà Giang 1" → "hagiang1".
 *
 * Unique and deterministic: when two units share a name without their "xã"/"phường" prefix, every one of
 * them gets the prefix ("xa-yenson", "phuong-yenson"); if that still collides (two xã of the same name),
 * the unit's 5-digit administrative code is appended ("xa-yenson-01234"). The same list always gives the
 * same codes, whatever its order.
 */

// The administrative kinds a name may start with, folded, longest first, with the prefix used in codes.
const KINDS: readonly [string, string][] = [
  ['thi tran', 'tt'],
  ['phuong', 'phuong'],
  ['dac khu', 'dk'],
  ['xa', 'xa'],
];

function folded(name: string): string {
  return foldDiacritics(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** The kind prefix of a name ("xa", "phuong", "tt", "dk") and the rest, folded. */
function split(name: string): { kind: string; rest: string } {
  const f = folded(name);
  for (const [word, kind] of KINDS) {
    if (f.startsWith(word + ' ') && f.length > word.length + 1) return { kind, rest: f.slice(word.length + 1) };
  }
  return { kind: '', rest: f };
}

const compact = (s: string) => s.replace(/[^a-z0-9]/g, '');

/** The code a name gets when nothing collides: "Xã Yên Sơn" → "yenson". */
export function baseInviteCode(name: string): string {
  return compact(split(name).rest) || compact(folded(name));
}

export interface CodedUnit {
  name: string;
  /** The national administrative code (mã đơn vị hành chính), when known. */
  adminCode?: string;
}

/**
 * Codes for a whole list, in the list's order. `keep` maps an administrative code (or, without one, the
 * exact name) to a code already printed: it is kept as long as no other unit needs it, so re-importing an
 * updated list does not invalidate posters.
 */
export function assignInviteCodes(units: readonly CodedUnit[], keep: ReadonlyMap<string, string> = new Map()): string[] {
  const keyOf = (u: CodedUnit) => u.adminCode ?? u.name;
  const base = units.map((u) => baseInviteCode(u.name));
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);

  const withKind = units.map((u, i) => {
    const b = base[i] ?? '';
    if ((count.get(b) ?? 0) === 1) return b;
    const { kind } = split(u.name);
    return kind ? `${kind}-${b}` : b;
  });
  const kindCount = new Map<string, number>();
  for (const c of withKind) kindCount.set(c, (kindCount.get(c) ?? 0) + 1);
  const derived = units.map((u, i) => {
    const c = withKind[i] ?? '';
    if ((kindCount.get(c) ?? 0) === 1) return c;
    return u.adminCode ? `${c}-${u.adminCode}` : c;
  });

  // Codes already printed win when they are still unique; the derived ones fill in the rest.
  const kept = units.map((u) => keep.get(keyOf(u)));
  const taken = new Set<string>();
  const out: string[] = [];
  kept.forEach((k) => {
    if (k) taken.add(k);
  });
  units.forEach((u, i) => {
    const k = kept[i];
    if (k) {
      out.push(k);
      return;
    }
    let code = derived[i] ?? '';
    for (let n = 2; taken.has(code); n++) code = `${derived[i] ?? ''}-${n}`;
    taken.add(code);
    out.push(code);
  });
  return out;
}
