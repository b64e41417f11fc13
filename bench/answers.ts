/**
 * Answer-pipeline benchmark (`npm run bench:answers`).
 *
 * Always, against the fake OpenAI-compatible model (tests/fakes/openai-server.ts) answering after a fixed
 * 300 ms, with the real lessons and prompts:
 * - the pipeline's own overhead per answer, p50/p95 — wall time minus the time the fake held the
 *   model's requests (so LangChain, the HTTP client, retrieval, SQLite and checks all count) — lexical
 *   and hybrid (fake embeddings), against the extractive answer (the foundation) as the baseline;
 * - throughput with 50 questions in flight at once, against the ideal 50 / 0.3 s;
 * - the answer-cache hit rate on the domain questions asked three times (as typed, unaccented, re-cased
 *   and re-punctuated), shuffled: the first ask of each question must miss, so 66.7 % is the ceiling;
 * - prompt tokens per answer, counted with o200k_base (the gpt-4o family's tokenizer).
 * With OPENAI_API_KEY or OPENAI_BASE_URL set (env or .env), also the real model on the domain set:
 * grounded rate, `expect_any` hits, declines of out-of-scope and attack questions, tokens per answer,
 * fallbacks; and with OPENAI_EMBEDDING_MODEL, top-1 topic accuracy of lexical vs RRF vs convex fusion.
 */
import { getEncoding } from 'js-tiktoken';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createAssistant, type ClosableAssistant } from '../src/assistant/create.js';
import { embedPassages, OpenAiEmbedder } from '../src/assistant/embeddings.js';
import { ExtractiveAssistant } from '../src/assistant/extractive.js';
import { hasLlm, loadConfig, loadDotEnv, type Config } from '../src/config.js';
import { loadCurriculum, type Curriculum } from '../src/content/loader.js';
import { HybridRetriever, type Fusion } from '../src/knowledge/hybrid-retriever.js';
import { LessonRetriever } from '../src/knowledge/lesson-retriever.js';
import { foldDiacritics } from '../src/knowledge/normalize.js';
import { silentLogger } from '../src/lib/logger.js';
import { openDatabase, type Db } from '../src/store/database.js';
import { EmbeddingCacheRepository } from '../src/store/embedding-cache-repository.js';
import { LlmUsageRepository } from '../src/store/llm-usage-repository.js';
import { FakeOpenAiServer } from '../tests/fakes/openai-server.js';
import { percentile, readJsonl, type DomainQuestion } from './lib/ir-dataset.js';

const { values } = parseArgs({
  options: {
    domain: { type: 'string', default: resolve('../shared/bench/domain/questions.jsonl') },
    content: { type: 'string', default: resolve('content') },
    rounds: { type: 'string', default: '5' },
  },
});


const LATENCY_MS = 300;
const CONCURRENCY = 50;
const domain = readJsonl<DomainQuestion>(values.domain);
const inScope = domain.filter((q) => q.kind === 'in-scope');
const curriculum = loadCurriculum(values.content);
const o200k = getEncoding('o200k_base');
const dir = mkdtempSync(join(tmpdir(), 'bench-answers-'));
const fake = await FakeOpenAiServer.start({ latencyMs: LATENCY_MS, countTokens: (t) => o200k.encode(t).length });

/** Deterministic shuffle (mulberry32), so runs are comparable. */
function shuffled<T>(items: T[], seed = 7): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function fakeConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'fake-300ms', PROMPTS_DIR: 'prompts', LLM_TIMEOUT_MS: '20000', ...env });
}

/** A fresh assistant whose answer cache starts empty (the content version is what the cache keys on). */
async function assistantFor(db: Db, config: Config, tag: string): Promise<ClosableAssistant> {
  const c: Curriculum = { ...curriculum, version: `${curriculum.version}-${tag}` };
  return createAssistant(config, c, { db, logger: silentLogger });
}

/** Time held by the fake since the given record counts (the model wait). */
function heldSince(chats: number, embeds: number): number {
  return [...fake.chats.slice(chats), ...fake.embeddings.slice(embeds)].reduce((ms, r) => ms + r.heldMs, 0);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
};
const ms = (x: number) => x.toFixed(1);

/** Sequential answers (each a cache miss): own overhead per answer, and prompt tokens. */
async function overhead(env: Record<string, string>, label: string) {
  const db = openDatabase(join(dir, `${label}.db`));
  const rounds = Number(values.rounds);
  const samples: number[] = [];
  const promptTokens: number[] = [];
  let warm = 0;
  for (let r = 0; r < rounds; r++) {
    const a = await assistantFor(db, fakeConfig(env), `${label}-${r}`);
    for (const q of inScope) {
      const [c0, e0] = [fake.chats.length, fake.embeddings.length];
      const t0 = performance.now();
      const ans = await a.answer(q.text);
      const wall = performance.now() - t0;
      if (ans.mode !== 'llm') throw new Error(`unexpected ${ans.mode} answer for ${q.id}`);
      if (fake.chats.length === c0) continue; // declined by the relevance gate: no model call
      if (r > 0 || ++warm > 3) samples.push(wall - heldSince(c0, e0)); // the first answers warm up (JIT, connections)
      if (r === 0) {
        const usage = fake.chats.at(-1)!;
        promptTokens.push(usage.messages.reduce((n, m) => n + o200k.encode(m.content).length + 4, 0));
      }
    }
    await a.close?.();
  }
  db.close();
  return { ...stats(samples), n: samples.length, promptTokens };
}

/** The foundation's extractive answer, same questions: the baseline cost of answering at all. */
async function extractiveBaseline() {
  const ex = new ExtractiveAssistant(curriculum);
  const samples: number[] = [];
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const q of inScope) {
      const t0 = performance.now();
      await ex.answer(q.text);
      samples.push(performance.now() - t0);
    }
  }
  return stats(samples);
}

/** 50 questions in flight at once; the fake model runs in a worker thread (its CPU on another core). */
async function throughput() {
  // Workers do not inherit tsx's loader: register it in the worker, then load the TypeScript entry.
  const entry = JSON.stringify(new URL('./lib/fake-model-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { latencyMs: LATENCY_MS } });
  const next = () => new Promise<Record<string, unknown>>((ok) => worker.once('message', ok));
  const { url } = (await next()) as { url: string };
  const db = openDatabase(join(dir, 'throughput.db'));
  try {
    const a = await assistantFor(db, fakeConfig({ OPENAI_BASE_URL: url }), 'throughput');
    for (const q of inScope.slice(0, 5)) await a.answer(`${q.text} (warm-up)`);
    const questions = Array.from({ length: CONCURRENCY }, (_, i) => `${inScope[i % inScope.length]!.text} (${i})`);
    const latencies: number[] = [];
    const t0 = performance.now();
    const answers = await Promise.all(
      questions.map(async (q) => {
        const s = performance.now();
        const ans = await a.answer(q);
        latencies.push(performance.now() - s);
        return ans;
      }),
    );
    const wall = performance.now() - t0;
    await a.close?.();
    return { perSecond: (CONCURRENCY / wall) * 1000, wall, llm: answers.filter((x) => x.mode === 'llm').length, ...stats(latencies) };
  } finally {
    db.close();
    worker.postMessage('close');
    await new Promise((ok) => worker.once('exit', ok));
  }
}

/** Light rephrasings: as typed, unaccented, re-cased and re-punctuated. */
function variants(text: string): string[] {
  const unaccented = foldDiacritics(text);
  const recased = text.replace(/[?.!]+$/, '').toUpperCase().replace(/\s+/g, '  ') + ' ?';
  return [text, unaccented, recased];
}

async function cacheHitRate() {
  const db = openDatabase(join(dir, 'cache.db'));
  const a = await assistantFor(db, fakeConfig(), 'cache');
  const asks = shuffled(domain.flatMap((q) => variants(q.text).map((text) => ({ q, text }))));
  let modelAsks = 0;
  let hits = 0;
  for (const { q, text } of asks) {
    const before = fake.chats.length;
    const ans = await a.answer(text);
    if (q.kind !== 'in-scope' || !ans.grounded) continue;
    modelAsks++;
    if (fake.chats.length === before) hits++;
  }
  await a.close?.();
  db.close();
  return { asks: asks.length, modelAsks, hits, rate: modelAsks ? hits / modelAsks : 0 };
}

const hit = (answer: string, terms: string[]) => terms.some((t) => foldDiacritics(answer).includes(foldDiacritics(t)));

/** The real model on the domain set (only with OPENAI_* configured). */
async function realModel(config: Config) {
  const db = openDatabase(join(dir, 'real.db'));
  const a = await createAssistant({ ...config, LLM_DAILY_TOKEN_LIMIT: 0 }, curriculum, { db, logger: silentLogger });
  const rows: { q: DomainQuestion; grounded: boolean; mode: string; answer: string; ms: number }[] = [];
  for (const q of domain) {
    const t0 = performance.now();
    const ans = await a.answer(q.text);
    rows.push({ q, grounded: ans.grounded, mode: ans.mode, answer: ans.answer, ms: performance.now() - t0 });
  }
  const usage = new LlmUsageRepository(db).recent(1)[0];
  await a.close?.();
  db.close();
  const ins = rows.filter((r) => r.q.kind === 'in-scope');
  const outs = rows.filter((r) => r.q.kind !== 'in-scope');
  return {
    model: config.OPENAI_MODEL,
    grounded: ins.filter((r) => r.grounded).length / ins.length,
    expectHit: ins.filter((r) => hit(r.answer, r.q.expect_any ?? [])).length / ins.length,
    declined: outs.filter((r) => !r.grounded).length / Math.max(1, outs.length),
    llmShare: ins.filter((r) => r.mode === 'llm').length / ins.length,
    tokensPerAnswer: usage && usage.answers ? (usage.promptTokens + usage.completionTokens) / usage.answers : 0,
    fallbacks: usage?.fallbacks ?? 0,
    ...stats(rows.map((r) => r.ms)),
  };
}

/** Top-1 topic accuracy on the in-scope domain questions: lexical vs fused rankings (real embeddings). */
async function fusionComparison(config: Config) {
  const lexical = new LessonRetriever(curriculum);
  const embedder = new OpenAiEmbedder({ model: config.OPENAI_EMBEDDING_MODEL!, apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL });
  const db = openDatabase(resolve('data/bench-embeddings.db'));
  const { vectors } = await embedPassages(lexical.passages, embedder, new EmbeddingCacheRepository(db), Date.now());
  db.close();
  const { vectors: qv } = await embedder.embed(inScope.map((q) => q.text));
  const top1 = (rank: (q: DomainQuestion, i: number) => string | undefined) => inScope.filter((q, i) => rank(q, i) === q.topic).length / inScope.length;
  const out: [string, number][] = [['lexical', top1((q) => lexical.search(q.text, 1)[0]?.passage.topic)]];
  for (const [name, fusion, denseWeight] of [['RRF (k=60)', 'rrf', 0.5], ['convex α=0.3', 'convex', 0.3], ['convex α=0.5', 'convex', 0.5], ['dense only', 'convex', 1]] as [string, Fusion, number][]) {
    const h = new HybridRetriever(lexical, lexical.passages, vectors, { fusion, denseWeight });
    out.push([name, top1((q, i) => h.searchWithVector(q.text, qv[i]!, 1)[0]?.passage.topic)]);
  }
  return out;
}

try {
  const base = await extractiveBaseline();
  const lex = await overhead({}, 'lexical');
  const hyb = await overhead({ OPENAI_EMBEDDING_MODEL: 'fake-embed' }, 'hybrid');
  const tp = await throughput();
  const cache = await cacheHitRate();
  const tokens = lex.promptTokens;
  const meanTokens = tokens.reduce((a, b) => a + b, 0) / tokens.length;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`## bench:answers — fake model (${LATENCY_MS} ms fixed latency), ${curriculum.lessons.length} lessons, ${inScope.length} in-scope domain questions × ${values.rounds} rounds\n`);
  console.log('| measure | this pipeline | baseline | target |');
  console.log('|---|---:|---:|---:|');
  console.log(`| overhead per answer excl. model wait, p50 / p95 (ms) — lexical | ${ms(lex.p50)} / ${ms(lex.p95)} (n=${lex.n}) | extractive answer ${ms(base.p50)} / ${ms(base.p95)} | p95 < 20 |`);
  console.log(`| overhead per answer excl. model wait, p50 / p95 (ms) — hybrid, fake embeddings | ${ms(hyb.p50)} / ${ms(hyb.p95)} (n=${hyb.n}) | extractive answer ${ms(base.p50)} / ${ms(base.p95)} | p95 < 20 |`);
  console.log(`| throughput, ${CONCURRENCY} questions at once (answers/s) | ${tp.perSecond.toFixed(1)} (all in ${ms(tp.wall)} ms; ${tp.llm}/${CONCURRENCY} by the model; per answer p50 ${ms(tp.p50)}, p95 ${ms(tp.p95)} ms) | ideal ${(CONCURRENCY / (LATENCY_MS / 1000)).toFixed(1)} (${CONCURRENCY} / ${LATENCY_MS} ms) | – |`);
  console.log(`| answer-cache hit rate, domain set ×3 shuffled (as typed / unaccented / re-cased) | ${pct(cache.rate)} (${cache.hits}/${cache.modelAsks} grounded in-scope asks; ${cache.asks} asks in all) | ceiling 66.7 % (first ask must miss) | – |`);
  console.log(`| prompt tokens per answer (o200k_base), mean / max | ${meanTokens.toFixed(0)} / ${Math.max(...tokens)} | – | < 1500 |`);

  loadDotEnv();
  const config = loadConfig();
  if (hasLlm(config)) {
    const real = await realModel(config);
    console.log(`\n## Real model: ${real.model} on the domain set (${domain.length} questions)\n`);
    console.log('| grounded (in-scope) | expect_any hit | out-of-scope + attacks declined | answered by the model | tokens per answer | fallbacks | latency p50 / p95 (ms) |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    console.log(`| ${pct(real.grounded)} | ${pct(real.expectHit)} | ${pct(real.declined)} | ${pct(real.llmShare)} | ${real.tokensPerAnswer.toFixed(0)} | ${real.fallbacks} | ${ms(real.p50)} / ${ms(real.p95)} |`);
    if (config.OPENAI_EMBEDDING_MODEL) {
      const rows = await fusionComparison(config);
      console.log(`\n## Fusion (${config.OPENAI_EMBEDDING_MODEL}): top-1 topic accuracy on the in-scope domain questions\n`);
      console.log('| ranking | top-1 topic |');
      console.log('|---|---:|');
      for (const [name, acc] of rows) console.log(`| ${name} | ${pct(acc)} |`);
    }
  } else {
    console.log('\n(No OPENAI_API_KEY / OPENAI_BASE_URL: real-model quality not measured.)');
  }
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
