/**
 * Term dictionaries of the search index: syllables interned to small integers, and terms
 * (space, syllable, syllable) interned to dense ids in an open-addressing hash table on typed arrays.
 */

import { foldDiacritics } from './normalize.js';

/** The term spaces of the index. */
export const Space = {
  Folded: 0,
  FoldedBigram: 1,
  Accented: 2,
  AccentedBigram: 3,
} as const;
export type Space = (typeof Space)[keyof typeof Space];

/** Interns syllables to small integers; `lookup` never grows the table (used for queries). */
export class Syllables {
  private readonly ids = new Map<string, number>();
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
    }
    return id;
  }
  lookup(s: string): number {
    return this.ids.get(s) ?? -1;
  }
  /** Ids of the given (accented) syllables and of their folded forms, where the index knows them. */
  idsOf(words: readonly string[]): Set<number> {
    const out = new Set<number>();
    for (const w of words) {
      for (const form of [w, foldDiacritics(w)]) {
        const id = this.ids.get(form);
        if (id !== undefined) out.add(id);
      }
    }
    return out;
  }
}

/**
 * The term dictionary: (space, syllable, syllable) → dense term id, in an open-addressing hash table on
 * typed arrays. Measured: string keys or packed-number keys in a JS Map made index build 3–4× slower
 * (the packed keys exceed small-integer range and are hashed as doubles).
 */
export class TermTable {
  private keys: Int32Array;
  private slots: Int32Array;
  private mask: number;
  size = 0;
  space = new Uint8Array(1024);

  constructor(capacity = 1 << 16) {
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity).fill(-1);
    this.keys = new Int32Array(capacity * 3);
  }

  private slot(space: number, a: number, b: number): number {
    let h = (Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 2, 0x85ebca77) ^ Math.imul(space + 3, 0xc2b2ae3d)) >>> 0;
    for (;;) {
      h &= this.mask;
      const t = this.slots[h]!;
      if (t < 0) return h;
      const k = t * 3;
      if (this.keys[k] === space && this.keys[k + 1] === a && this.keys[k + 2] === b) return h;
      h++;
    }
  }

  /** 1 for each term whose syllables are all in `syllables`. */
  markTerms(syllables: Set<number>): Uint8Array {
    const marks = new Uint8Array(this.size);
    if (!syllables.size) return marks;
    for (let t = 0; t < this.size; t++) {
      const k = t * 3;
      const b = this.keys[k + 2]!;
      marks[t] = syllables.has(this.keys[k + 1]!) && (b < 0 || syllables.has(b)) ? 1 : 0;
    }
    return marks;
  }

  get memoryBytes(): number {
    return this.keys.byteLength + this.slots.byteLength + this.space.byteLength;
  }

  get(space: Space, a: number, b = -1): number {
    return this.slots[this.slot(space, a, b)]!;
  }

  intern(space: Space, a: number, b = -1): number {
    const h = this.slot(space, a, b);
    const found = this.slots[h]!;
    if (found >= 0) return found;
    const t = this.size++;
    if (t * 3 + 3 > this.keys.length) {
      const keys = new Int32Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    if (t >= this.space.length) {
      const sp = new Uint8Array(this.space.length * 2);
      sp.set(this.space);
      this.space = sp;
    }
    this.keys.set([space, a, b], t * 3);
    this.space[t] = space;
    this.slots[h] = t;
    if (this.size * 2 > this.mask) this.grow();
    return t;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity).fill(-1);
    for (let t = 0; t < this.size; t++) {
      const k = t * 3;
      this.slots[this.slot(this.keys[k]!, this.keys[k + 1]!, this.keys[k + 2]!)] = t;
    }
  }
}

