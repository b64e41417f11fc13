import type { Passage, PassageHit, PassageRetriever } from './types.js';

/**
 * Hybrid retrieval: the lexical ranking fused with a dense (embedding) ranking.
 *
 * The passage vectors are computed elsewhere (src/assistant, the only place that talks to a model) and
 * handed in; this module only ranks. The question's vector arrives with the question
 * ({@link HybridRetriever.searchWithVector}); without one, {@link HybridRetriever.search} is the lexical
 * ranking unchanged, so the `PassageRetriever` contract always holds.
 *
 * Fusion methods:
 * - `rrf` (default): reciprocal rank fusion, Σ 1 / (k + rank) over both lists (Cormack et al. 2009,
 *   k = 60). Needs no score calibration, which matters because BM25 scores and cosine similarities live
 *   on unrelated scales and the embedding model is whatever the operator configured.
 * - `convex`: α·dense + (1−α)·lexical after min-max normalising each list's scores over its candidates.
 *   Can beat RRF when tuned for one model, but α does not transfer between models.
 * `bench/answers.ts` compares both against lexical-only when a real embedding model is configured.
 *
 * A fused hit keeps the lexical coverage of its passage (0 when only the dense side found it): the
 * relevance gate stays lexical, calibrated on the dev set.
 */
export type Fusion = 'rrf' | 'convex';

export interface HybridOptions {
  fusion: Fusion;
  /** RRF rank constant. */
  rrfK: number;
  /** Weight of the dense side for `convex`. */
  denseWeight: number;
  /** Candidates taken from each ranking before fusing. */
  depth: number;
}

export const DEFAULT_HYBRID: HybridOptions = { fusion: 'rrf', rrfK: 60, denseWeight: 0.5, depth: 30 };

/** Unit-length copy of a vector (zero vectors stay zero). */
export function normalise(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

export class HybridRetriever implements PassageRetriever {
  private readonly options: HybridOptions;
  private readonly ids: string[] = [];
  private readonly vectors: Float32Array[] = [];
  private readonly byId: Map<string, Passage>;

  /**
   * @param vectors passage id → embedding (any length, normalised here); passages without one are
   *   simply absent from the dense ranking.
   */
  constructor(
    private readonly lexical: PassageRetriever,
    passages: Passage[],
    vectors: ReadonlyMap<string, ArrayLike<number>>,
    options: Partial<HybridOptions> = {},
  ) {
    this.options = { ...DEFAULT_HYBRID, ...options };
    this.byId = new Map(passages.map((p) => [p.id, p]));
    for (const p of passages) {
      const v = vectors.get(p.id);
      if (!v) continue;
      this.ids.push(p.id);
      this.vectors.push(normalise(v));
    }
  }

  /** Number of passages with a vector. */
  get size(): number {
    return this.ids.length;
  }

  /** Lexical only (no question vector). */
  search(question: string, limit = 5): PassageHit[] {
    return this.lexical.search(question, limit);
  }

  /** Lexical and dense rankings of the question, fused. */
  searchWithVector(question: string, vector: ArrayLike<number>, limit = 5): PassageHit[] {
    return this.fuse(this.lexical.search(question, this.options.depth), vector, limit);
  }

  /** Passages by cosine similarity to `vector`, best first. */
  dense(vector: ArrayLike<number>, limit: number): { passage: Passage; similarity: number }[] {
    const q = normalise(vector);
    const scored: { i: number; s: number }[] = [];
    for (let i = 0; i < this.vectors.length; i++) {
      const v = this.vectors[i]!;
      if (v.length !== q.length) continue;
      let s = 0;
      for (let j = 0; j < q.length; j++) s += q[j]! * v[j]!;
      scored.push({ i, s });
    }
    scored.sort((a, b) => b.s - a.s);
    return scored.slice(0, limit).map(({ i, s }) => ({ passage: this.byId.get(this.ids[i]!)!, similarity: s }));
  }

  /** Fuses given lexical hits (best first) with the dense ranking of `vector`. */
  fuse(lexicalHits: PassageHit[], vector: ArrayLike<number>, limit = 5): PassageHit[] {
    const { depth, fusion, rrfK, denseWeight } = this.options;
    const lex = lexicalHits.slice(0, depth);
    const dense = this.dense(vector, depth);
    if (!dense.length) return lex.slice(0, limit);
    const coverage = new Map(lex.map((h) => [h.passage.id, h.coverage]));
    const passage = new Map(lex.map((h) => [h.passage.id, h.passage]));
    const scores = new Map<string, number>();
    const add = (id: string, s: number) => scores.set(id, (scores.get(id) ?? 0) + s);
    if (fusion === 'rrf') {
      lex.forEach((h, rank) => add(h.passage.id, 1 / (rrfK + rank + 1)));
      dense.forEach((d, rank) => add(d.passage.id, 1 / (rrfK + rank + 1)));
    } else {
      const minMax = (xs: number[]) => {
        const lo = Math.min(...xs);
        const span = Math.max(...xs) - lo;
        return (x: number) => (span > 0 ? (x - lo) / span : 1);
      };
      const nl = minMax(lex.map((h) => h.score));
      const nd = minMax(dense.map((d) => d.similarity));
      lex.forEach((h) => add(h.passage.id, (1 - denseWeight) * nl(h.score)));
      dense.forEach((d) => add(d.passage.id, denseWeight * nd(d.similarity)));
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([id, score]) => ({ passage: passage.get(id) ?? this.byId.get(id)!, score, coverage: coverage.get(id) ?? 0 }));
  }
}
