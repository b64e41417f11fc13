import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { HybridRetriever, type HybridOptions } from '../knowledge/hybrid-retriever.js';
import type { Passage, PassageHit, PassageRetriever } from '../knowledge/types.js';
import type { Logger } from '../lib/logger.js';
import { Deadline, raceSignal } from '../lib/deadline.js';
import { withRetries } from '../lib/retry.js';
import { classifyLlmError, toLlmError } from './chat-model.js';

/**
 * Dense embeddings for hybrid retrieval (with `OPENAI_EMBEDDING_MODEL` set).
 *
 * Passages are embedded once: each vector is cached in SQLite under (SHA-256 of the embedded text,
 * model), so a restart, or a lesson whose text did not change, costs no call. The question is embedded
 * per question (under the question's deadline); any failure there simply means lexical ranking for that
 * question. If the passages cannot be embedded at start, retrieval stays lexical and the embedding is
 * tried again later, in the background.
 *
 * Uses the `openai` client directly rather than LangChain's OpenAIEmbeddings, which accepts no abort
 * signal and hides token usage. `encoding_format: 'float'` because not every compatible server speaks
 * base64.
 */
export interface Embedder {
  readonly model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<{ vectors: Float32Array[]; tokens: number }>;
}

/** Where vectors are kept (SQLite: src/store/embedding-cache-repository.ts). */
export interface EmbeddingStore {
  get(hashes: string[], model: string): Map<string, Float32Array>;
  put(entries: { hash: string; vector: Float32Array }[], model: string, nowMs: number): void;
}

export interface OpenAiEmbedderOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  /** Texts per request (default 64). */
  batchSize?: number;
  maxAttempts?: number;
  /** The HTTP client's own per-request timeout (a second, timer-based bound; default 60 s). */
  requestTimeoutMs?: number;
}

export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly batchSize: number;
  private readonly maxAttempts: number;

  constructor(options: OpenAiEmbedderOptions) {
    this.model = options.model;
    this.client = new OpenAI({ apiKey: options.apiKey ?? 'no-key', baseURL: options.baseURL, maxRetries: 0, timeout: options.requestTimeoutMs ?? 60_000 });
    this.batchSize = options.batchSize ?? 64;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  async embed(texts: string[], signal: AbortSignal = new AbortController().signal): Promise<{ vectors: Float32Array[]; tokens: number }> {
    const vectors: Float32Array[] = [];
    let tokens = 0;
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      try {
        const res = await withRetries(
          // Raced with the signal: the wait ends at the deadline even if a layer below loses the signal.
          () => raceSignal(this.client.embeddings.create({ model: this.model, input: batch, encoding_format: 'float' }, { signal }), signal),
          { classify: classifyLlmError, signal, maxAttempts: this.maxAttempts, maxDelayMs: 4000 },
        );
        const data = [...res.data].sort((a, b) => a.index - b.index);
        if (data.length !== batch.length || data.some((d) => !Array.isArray(d.embedding) || !d.embedding.length)) {
          throw new Error('embedding response does not match the request');
        }
        for (const d of data) vectors.push(Float32Array.from(d.embedding));
        tokens += res.usage?.prompt_tokens ?? 0;
      } catch (err) {
        throw toLlmError(err, signal);
      }
    }
    return { vectors, tokens };
  }
}

/** The text a passage is embedded as (title and heading carry its context). */
export function passageEmbeddingText(p: Passage): string {
  return `${p.lessonTitle}. ${p.heading}\n${p.text}`.slice(0, 4000);
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Embeds the passages missing from the cache and returns every passage's vector.
 * `computed` is how many passages needed the model.
 */
export async function embedPassages(
  passages: Passage[],
  embedder: Embedder,
  store: EmbeddingStore,
  nowMs: number,
  signal?: AbortSignal,
): Promise<{ vectors: Map<string, Float32Array>; computed: number; tokens: number }> {
  const hashes = passages.map((p) => contentHash(passageEmbeddingText(p)));
  const cached = store.get([...new Set(hashes)], embedder.model);
  const missing = [...new Set(hashes.filter((h) => !cached.has(h)))];
  let tokens = 0;
  if (missing.length) {
    const textOf = new Map(passages.map((p, i) => [hashes[i]!, passageEmbeddingText(p)]));
    const res = await embedder.embed(missing.map((h) => textOf.get(h)!), signal);
    tokens = res.tokens;
    const entries = missing.map((hash, i) => ({ hash, vector: res.vectors[i]! }));
    store.put(entries, embedder.model, nowMs);
    for (const e of entries) cached.set(e.hash, e.vector);
  }
  const vectors = new Map(passages.map((p, i) => [p.id, cached.get(hashes[i]!)!]));
  return { vectors, computed: missing.length, tokens };
}

export interface DenseRankerDeps {
  passages: Passage[];
  /** The lexical retriever (used by HybridRetriever.search). */
  lexical: PassageRetriever;
  embedder: Embedder;
  store: EmbeddingStore;
  logger: Logger;
  now: () => Date;
  /** Records embedding tokens. */
  onTokens?: (tokens: number) => void;
  fusion?: Partial<HybridOptions>;
  /** Wait before trying again after the passages could not be embedded (default 10 minutes). */
  retryAfterMs?: number;
  /** Deadline for embedding the passages (default 60 s). */
  prepareTimeoutMs?: number;
  /** Deadline for embedding one question, within the question's own (default 3 s): a hung embedding server leaves time for the model. */
  questionTimeoutMs?: number;
}

/** Re-ranks lexical hits with the dense ranking once the passages have vectors. */
export class DenseRanker {
  private hybrid?: HybridRetriever;
  private preparing?: Promise<boolean>;
  private nextTryAt = 0;

  constructor(private readonly deps: DenseRankerDeps) {}

  get ready(): boolean {
    return this.hybrid !== undefined;
  }

  /**
   * Embeds what the cache lacks and builds the hybrid retriever; false (and lexical for now) on failure.
   * Bounded by `prepareTimeoutMs` (GC-proof, lib/deadline), and by `signal` (shutdown) when given.
   */
  prepare(signal?: AbortSignal): Promise<boolean> {
    this.preparing ??= (async () => {
      try {
        const { vectors, computed, tokens } = await Deadline.run(this.deps.prepareTimeoutMs ?? 60_000, signal, (s) =>
          embedPassages(this.deps.passages, this.deps.embedder, this.deps.store, this.deps.now().getTime(), s),
        );
        if (tokens) this.deps.onTokens?.(tokens);
        this.hybrid = new HybridRetriever(this.deps.lexical, this.deps.passages, vectors, this.deps.fusion);
        this.deps.logger.info('hybrid retrieval ready', { passages: vectors.size, embedded: computed, model: this.deps.embedder.model });
        return true;
      } catch (err) {
        this.nextTryAt = this.deps.now().getTime() + (this.deps.retryAfterMs ?? 10 * 60_000);
        this.deps.logger.warn('passage embeddings unavailable, lexical retrieval for now', { err });
        return false;
      } finally {
        this.preparing = undefined;
      }
    })();
    return this.preparing;
  }

  /** Fused hits for the question, or the lexical hits unchanged when dense ranking is unavailable. */
  async rank(question: string, lexicalHits: PassageHit[], limit: number, signal: AbortSignal): Promise<PassageHit[]> {
    if (!this.hybrid) {
      if (!this.preparing && this.deps.now().getTime() >= this.nextTryAt) void this.prepare();
      return lexicalHits.slice(0, limit);
    }
    try {
      const { vectors, tokens } = await Deadline.run(this.deps.questionTimeoutMs ?? 3_000, signal, (s) => this.deps.embedder.embed([question], s));
      if (tokens) this.deps.onTokens?.(tokens);
      return this.hybrid.fuse(lexicalHits, vectors[0]!, limit);
    } catch (err) {
      this.deps.logger.warn('question embedding failed, lexical ranking', { kind: (err as { kind?: string }).kind });
      return lexicalHits.slice(0, limit);
    }
  }
}
