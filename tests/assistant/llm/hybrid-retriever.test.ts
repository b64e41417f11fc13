import { describe, expect, it } from 'vitest';
import { HybridRetriever } from '../../../src/knowledge/hybrid-retriever.js';
import type { Passage, PassageHit, PassageRetriever } from '../../../src/knowledge/types.js';

const passage = (id: string): Passage => ({ id, lessonId: id.split('#')[0]!, topic: 'vneid', lessonTitle: id, heading: '', section: 0, text: id });
const P = ['a#0', 'b#0', 'c#0', 'd#0'].map(passage);
/** A lexical ranking fixed in advance: a, b, c (d not found lexically). */
const lexical: PassageRetriever = {
  search: (_q, limit = 5) => [3, 2, 1].map((score, i): PassageHit => ({ passage: P[i]!, score, coverage: 0.5 - i * 0.1 })).slice(0, limit),
};
const vectors = new Map<string, number[]>([
  ['a#0', [1, 0, 0]],
  ['b#0', [0, 1, 0]],
  ['c#0', [0.7, 0.7, 0]],
  ['d#0', [0, 0, 1]],
]);

describe('HybridRetriever', () => {
  it('without a question vector is the lexical ranking', () => {
    const h = new HybridRetriever(lexical, P, vectors);
    expect(h.search('q', 3).map((x) => x.passage.id)).toEqual(['a#0', 'b#0', 'c#0']);
  });

  it('ranks by cosine similarity (vectors of any scale)', () => {
    const h = new HybridRetriever(lexical, P, new Map([...vectors].map(([k, v]) => [k, v.map((x) => x * 10)])));
    expect(h.dense([0, 0.2, 0], 2).map((d) => d.passage.id)).toEqual(['b#0', 'c#0']);
  });

  it('RRF: Σ 1/(60 + rank) over both lists; a passage only the dense side found enters with coverage 0', () => {
    const h = new HybridRetriever(lexical, P, vectors);
    // Dense order for this vector: d (0.9), b (0.3), c (≈0.28), a (0.1); lexical: a, b, c.
    const hits = h.searchWithVector('q', [0.1, 0.3, 0.9], 4);
    expect(hits.map((x) => x.passage.id)).toEqual(['b#0', 'a#0', 'c#0', 'd#0']);
    const score = (id: string) => hits.find((x) => x.passage.id === id)!.score;
    expect(score('b#0')).toBeCloseTo(2 / 62, 10);
    expect(score('a#0')).toBeCloseTo(1 / 61 + 1 / 64, 10);
    expect(score('d#0')).toBeCloseTo(1 / 61, 10);
    // Coverage stays lexical: 0 for the passage only the dense side found.
    expect(hits.map((x) => Math.round(x.coverage * 10) / 10)).toEqual([0.4, 0.5, 0.3, 0]);
  });

  it('convex: weights normalised scores; denseWeight 1 is the dense ranking, 0 the lexical one', () => {
    const dense = new HybridRetriever(lexical, P, vectors, { fusion: 'convex', denseWeight: 1 });
    expect(dense.searchWithVector('q', [0, 0, 1], 1)[0]!.passage.id).toBe('d#0');
    const lex = new HybridRetriever(lexical, P, vectors, { fusion: 'convex', denseWeight: 0 });
    expect(lex.searchWithVector('q', [0, 0, 1], 1)[0]!.passage.id).toBe('a#0');
  });

  it('ignores vectors of another length (a model change) and passages without one', () => {
    const h = new HybridRetriever(lexical, P, new Map([['a#0', [1, 0]], ['b#0', [0, 1, 0]]]));
    expect(h.size).toBe(2);
    expect(h.dense([0, 1, 0], 5).map((d) => d.passage.id)).toEqual(['b#0']);
  });
});
