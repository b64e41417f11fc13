import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A retrieval dataset folder: `corpus.jsonl` ({id, text}) and `queries-<name>.jsonl` ({id, text, relevant}). */
export interface IrDataset {
  dir: string;
  corpus: { id: string; text: string }[];
  queries: { name: string; items: { id: string; text: string; relevant: string[] }[] }[];
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function loadIrDataset(dir: string): IrDataset {
  const corpus = readJsonl<{ id: string; text: string }>(join(dir, 'corpus.jsonl'));
  const queries = readdirSync(dir)
    .filter((f) => /^queries-.+\.jsonl$/.test(f))
    .sort()
    .map((f) => ({
      name: f.replace(/^queries-|\.jsonl$/g, ''),
      items: readJsonl<{ id: string; text: string; relevant: string[] }>(join(dir, f)),
    }));
  return { dir, corpus, queries };
}

export interface IrMetrics {
  queries: number;
  'recall@1': number;
  'recall@5': number;
  'recall@10': number;
  'mrr@10': number;
  p50_ms: number;
  p95_ms: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Runs every query through `search` (ids best first) and scores the rankings. */
export function evaluate(
  items: { text: string; relevant: string[] }[],
  search: (q: string) => string[],
): IrMetrics {
  const times: number[] = [];
  let r1 = 0;
  let r5 = 0;
  let r10 = 0;
  let mrr = 0;
  for (const q of items) {
    const t0 = performance.now();
    const ranked = search(q.text).slice(0, 10);
    times.push(performance.now() - t0);
    const rel = new Set(q.relevant);
    const hitsAt = (k: number) => ranked.slice(0, k).filter((id) => rel.has(id)).length / rel.size;
    r1 += hitsAt(1);
    r5 += hitsAt(5);
    r10 += hitsAt(10);
    const first = ranked.findIndex((id) => rel.has(id));
    if (first >= 0) mrr += 1 / (first + 1);
  }
  times.sort((a, b) => a - b);
  const n = items.length || 1;
  return {
    queries: items.length,
    'recall@1': r1 / n,
    'recall@5': r5 / n,
    'recall@10': r10 / n,
    'mrr@10': mrr / n,
    p50_ms: percentile(times, 50),
    p95_ms: percentile(times, 95),
  };
}

/** One question of ../shared/bench/domain/questions.jsonl. */
export interface DomainQuestion {
  id: string;
  kind: 'in-scope' | 'out-of-scope' | 'attack';
  topic: string | null;
  text: string;
  expect_any?: string[];
}
