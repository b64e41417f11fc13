import { foldDiacritics, hasDiacritics, tokenize, type Token } from './normalize.js';
import { Space, Syllables, TermTable } from './term-table.js';

/**
 * A Vietnamese-aware BM25 index over any `{id, text}` corpus (lessons, or a benchmark's documents).
 *
 * Why hand-written rather than MiniSearch or FTS5: measured on the ViCoV19QA dev set (bench/retrieval.ts),
 * off-the-shelf engines either lose unaccented queries (accented tokens) or accented precision (folded
 * tokens), and the accurate configurations cost 40–50 ms per query. This index keeps four term spaces
 * in compact typed-array postings with the BM25 term weight precomputed at build time:
 * - folded syllables and folded syllable bigrams (most Vietnamese words are two syllables): these carry
 *   the ranking for every query, so "vneid la gi" and "VNeID là gì" meet;
 * - exact accented syllables and bigrams: when the query itself is typed with diacritics they add a
 *   bonus, so an exact "bà" outranks "ba"/"bá" (and a plain "ba" typed among accented words outranks
 *   "bà") without penalising unaccented queries, which use the folded spaces only.
 * A query is then a sum over its terms' postings into a reused accumulator: no per-query allocation of
 * maps, a few hundred thousand additions at most.
 */
export interface IndexDocument {
  id: string;
  text: string;
}

export interface SearchHit {
  id: string;
  score: number;
  /**
   * Share (0–1) of the query's information present in the document: the IDF mass of its folded syllables
   * and syllable bigrams that the document contains. Bigrams count because scattered single syllables
   * ("trồng lúa" vs "lừa", "tỷ số" vs "tỷ đồng") are what an off-topic question shares with the lessons.
   */
  coverage: number;
}

export interface SearchParams {
  /** BM25 term-frequency saturation. */
  k1: number;
  /** BM25 length normalisation. */
  b: number;
  /** Weight of syllable bigrams relative to syllables. */
  bigramWeight: number;
  /** Weight of exact accented matches, used only when the query carries diacritics. */
  accentWeight: number;
  /** Exponent on IDF in query term weights (>1 favours rare terms). */
  idfPower: number;
  /** Cap on a query term's repetition count. */
  qtfCap: number;
  /**
   * Folded syllables that carry little meaning in a question ("làm sao", "là gì", "tôi"…). A query term
   * made only of them weighs `stopWeight` of a normal one, in ranking and in coverage.
   */
  stopSyllables: readonly string[];
  stopWeight: number;
}

/**
 * Defaults chosen on the ViCoV19QA dev set (bench/retrieval.ts) among round values; neighbouring values
 * move recall@10 by less than ±0.005, so they are not fitted to that set. Measured and dropped:
 * pseudo-relevance feedback (−0.01 recall@10, −0.02 MRR) and skip-bigrams (no gain, +25% memory).
 */
export const DEFAULT_SEARCH_PARAMS: SearchParams = {
  k1: 1.2,
  b: 0.8,
  bigramWeight: 1,
  accentWeight: 0.35,
  idfPower: 1.2,
  qtfCap: 2,
  stopSyllables: [],
  stopWeight: 1,
};

interface QueryTerm {
  term: number;
  weight: number;
  /** IDF of a folded syllable or bigram, for coverage; 0 for accented terms. */
  coverageIdf: number;
}

/**
 * Emits the term ids of one text (with repetition) in each space through `emit`. Syllables unknown to
 * the index (query side: `syllable` returns -1) emit nothing; their folded forms are counted in the
 * returned set so coverage can account for them.
 */
function analyse(
  tokens: Token[],
  withAccents: boolean,
  syllable: (s: string) => number,
  term: (space: Space, a: number, b?: number) => number,
  emit: (term: number) => void,
): Set<string> {
  const folded = tokens.map((t) => syllable(t.folded));
  const accented = withAccents ? tokens.map((t) => syllable(t.accented)) : undefined;
  // Folded syllables and bigrams the index has never seen, for the coverage of a query.
  const unknown = new Set<string>();
  const put = (t: number) => {
    if (t >= 0) emit(t);
  };
  for (let i = 0; i < tokens.length; i++) {
    const f = folded[i]!;
    const a = accented?.[i] ?? -1;
    if (f < 0) unknown.add(tokens[i]!.folded);
    else put(term(Space.Folded, f));
    if (a >= 0) put(term(Space.Accented, a));
    const next = tokens[i + 1];
    if (!next || next.phrase !== tokens[i]!.phrase) continue;
    const f2 = folded[i + 1]!;
    const bigram = f >= 0 && f2 >= 0 ? term(Space.FoldedBigram, f, f2) : -1;
    if (bigram >= 0) emit(bigram);
    else unknown.add(tokens[i]!.folded + ' ' + next.folded);
    const a2 = accented?.[i + 1] ?? -1;
    if (a >= 0 && a2 >= 0) put(term(Space.AccentedBigram, a, a2));
  }
  return unknown;
}

/** Sorts a document's term ids and run-length counts them into (term, tf) pairs. */
function countTerms(ids: number[]): Int32Array {
  const sorted = Int32Array.from(ids).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    out.push(sorted[i]!, j - i);
    i = j;
  }
  return Int32Array.from(out);
}

export class SearchIndex {
  private readonly idf: Float64Array;
  private readonly offsets: Uint32Array;
  private readonly postingDocs: Uint32Array;
  private readonly postingWeights: Float32Array;
  private readonly scores: Float64Array;
  private readonly covered: Float64Array;
  private readonly touched: Uint32Array;
  /** IDF counted for a query term the index has never seen: that of a term seen once. */
  private readonly unknownIdf: number;
  private readonly stop: Set<string>;
  /** 1 for terms made only of stop syllables. */
  private readonly stopTerms: Uint8Array;

  private constructor(
    readonly ids: string[],
    readonly params: SearchParams,
    private readonly syllables: Syllables,
    private readonly terms: TermTable,
    /** Per document: (term, tf) pairs. */
    docs: Int32Array[],
  ) {
    const n = docs.length;
    const nTerms = terms.size;
    const space = terms.space;
    // Document lengths per family (syllables vs bigrams), for BM25 length normalisation.
    const uniLen = new Float64Array(n);
    const biLen = new Float64Array(n);
    const df = new Uint32Array(nTerms);
    docs.forEach((pairs, d) => {
      for (let i = 0; i < pairs.length; i += 2) {
        const t = pairs[i]!;
        df[t]!++;
        const s = space[t] as Space;
        if (s === Space.Folded) uniLen[d]! += pairs[i + 1]!;
        else if (s === Space.FoldedBigram) biLen[d]! += pairs[i + 1]!;
      }
    });
    const avgUni = uniLen.reduce((a, b) => a + b, 0) / Math.max(1, n) || 1;
    const avgBi = biLen.reduce((a, b) => a + b, 0) / Math.max(1, n) || 1;

    this.idf = new Float64Array(nTerms);
    this.offsets = new Uint32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) {
      this.idf[t] = Math.log(1 + (n - df[t]! + 0.5) / (df[t]! + 0.5));
      this.offsets[t + 1] = this.offsets[t]! + df[t]!;
    }
    const total = this.offsets[nTerms]!;
    this.postingDocs = new Uint32Array(total);
    this.postingWeights = new Float32Array(total);
    const fill = this.offsets.slice(0, nTerms);
    const { k1, b } = params;
    docs.forEach((pairs, d) => {
      const uniNorm = 1 - b + (b * uniLen[d]!) / avgUni;
      const biNorm = 1 - b + (b * biLen[d]!) / avgBi;
      for (let i = 0; i < pairs.length; i += 2) {
        const t = pairs[i]!;
        const tf = pairs[i + 1]!;
        const s = space[t] as Space;
        const norm = s === Space.Folded || s === Space.Accented ? uniNorm : biNorm;
        const at = fill[t]!++;
        this.postingDocs[at] = d;
        this.postingWeights[at] = (tf * (k1 + 1)) / (tf + k1 * norm);
      }
    });
    this.unknownIdf = Math.log(1 + (n - 0.5) / 1.5);
    this.stop = new Set(params.stopSyllables.map(foldDiacritics));
    this.stopTerms = terms.markTerms(syllables.idsOf(params.stopSyllables));
    this.scores = new Float64Array(n);
    this.covered = new Float64Array(n);
    this.touched = new Uint32Array(n);
  }

  /** Builds the index; `text` may be NFC or NFD, accented or not. */
  static build(documents: IndexDocument[], params: Partial<SearchParams> = {}): SearchIndex {
    const fullParams = { ...DEFAULT_SEARCH_PARAMS, ...params };
    const syllables = new Syllables();
    const terms = new TermTable();
    const syllable = (s: string) => syllables.intern(s);
    const term = (space: Space, a: number, b?: number) => terms.intern(space, a, b);
    const docs = documents.map((d) => {
      const ids: number[] = [];
      analyse(tokenize(d.text), true, syllable, term, (t) => ids.push(t));
      return countTerms(ids);
    });
    return new SearchIndex(
      documents.map((d) => d.id),
      fullParams,
      syllables,
      terms,
      docs,
    );
  }

  get size(): number {
    return this.ids.length;
  }

  /** Approximate memory held by the postings and per-query buffers, in bytes. */
  get postingBytes(): number {
    return (
      this.postingDocs.byteLength +
      this.postingWeights.byteLength +
      this.offsets.byteLength +
      this.idf.byteLength +
      this.scores.byteLength * 3 +
      this.terms.memoryBytes
    );
  }

  private queryTerms(query: string): { terms: QueryTerm[]; idfMass: number } {
    const counts = new Map<number, number>();
    const unknown = analyse(
      tokenize(query),
      hasDiacritics(query),
      (s) => this.syllables.lookup(s),
      (space, a, b) => this.terms.get(space, a, b),
      (t) => counts.set(t, (counts.get(t) ?? 0) + 1),
    );
    const { bigramWeight, accentWeight, stopWeight } = this.params;
    const terms: QueryTerm[] = [];
    let idfMass = 0;
    for (const u of unknown) idfMass += this.unknownIdf * (u.split(' ').every((x) => this.stop.has(x)) ? stopWeight : 1);
    for (const [t, qtf] of counts) {
      const s = this.terms.space[t] as Space;
      const idf = this.idf[t]! * (this.stopTerms[t] ? stopWeight : 1);
      const counted = s === Space.Folded || s === Space.FoldedBigram;
      if (counted) idfMass += idf;
      const spaceWeight =
        s === Space.Folded
          ? 1
          : s === Space.FoldedBigram
            ? bigramWeight
            : s === Space.Accented
              ? accentWeight
              : accentWeight * bigramWeight;
      terms.push({ term: t, weight: idf ** this.params.idfPower * spaceWeight * Math.min(qtf, this.params.qtfCap), coverageIdf: counted ? idf : 0 });
    }
    return { terms, idfMass };
  }

  /** The best `limit` documents for `query`, best first; empty when nothing matches. */
  search(query: string, limit = 10): SearchHit[] {
    const { terms, idfMass } = this.queryTerms(query);
    const nTouched = this.accumulate(terms, 0);
    const hits = this.top(nTouched, limit).map((d) => ({
      id: this.ids[d]!,
      score: this.scores[d]!,
      coverage: idfMass > 0 ? Math.min(1, this.covered[d]! / idfMass) : 0,
    }));
    for (let i = 0; i < nTouched; i++) {
      const d = this.touched[i]!;
      this.scores[d] = 0;
      this.covered[d] = 0;
    }
    return hits;
  }

  /** Adds the terms' postings into the score accumulator; returns the new count of touched documents. */
  private accumulate(terms: QueryTerm[], nTouched: number): number {
    const { scores, covered, touched, postingDocs, postingWeights, offsets } = this;
    for (const q of terms) {
      const end = offsets[q.term + 1]!;
      for (let p = offsets[q.term]!; p < end; p++) {
        const d = postingDocs[p]!;
        if (scores[d] === 0 && covered[d] === 0) touched[nTouched++] = d;
        scores[d]! += q.weight * postingWeights[p]!;
        covered[d]! += q.coverageIdf;
      }
    }
    return nTouched;
  }

  /** The `k` best touched documents, best first (k is small; touched can be thousands). */
  private top(nTouched: number, k: number): number[] {
    const { scores, touched } = this;
    const best: number[] = [];
    for (let i = 0; i < nTouched; i++) {
      const d = touched[i]!;
      const s = scores[d]!;
      if (best.length === k && s <= scores[best[best.length - 1]!]!) continue;
      let at = best.length;
      while (at > 0 && scores[best[at - 1]!]! < s) at--;
      best.splice(at, 0, d);
      if (best.length > k) best.pop();
    }
    return best;
  }

}
