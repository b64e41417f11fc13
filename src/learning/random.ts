/**
 * Randomness is a side effect passed in (DESIGN.md convention 8): a `Random` returns a float in [0, 1)
 * like Math.random, so tests can pass a seeded generator.
 */
export type Random = () => number;

/** A small deterministic generator (mulberry32) for tests and benchmarks. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy of `items` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** A random permutation of 0..n-1. */
export function randomOrder(n: number, random: Random): number[] {
  return shuffled(
    Array.from({ length: n }, (_, i) => i),
    random,
  );
}
