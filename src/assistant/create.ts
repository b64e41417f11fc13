import { hasLlm, type Config } from '../config.js';
import type { Curriculum } from '../content/loader.js';
import { LessonRetriever } from '../knowledge/lesson-retriever.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { AnswerCacheRepository } from '../store/answer-cache-repository.js';
import { ChatTurnRepository } from '../store/chat-turn-repository.js';
import type { Db } from '../store/database.js';
import { EmbeddingCacheRepository } from '../store/embedding-cache-repository.js';
import { LlmUsageRepository } from '../store/llm-usage-repository.js';
import { AnswerCache } from './answer-cache.js';
import { ChatModel, type ChatRunner } from './chat-model.js';
import { DenseRanker, OpenAiEmbedder, type Embedder } from './embeddings.js';
import { ExtractiveAssistant } from './extractive.js';
import { LlmAssistant } from './llm-assistant.js';
import { loadPrompts } from './prompts.js';
import type { Assistant } from './types.js';
import { UsageGuard } from './usage-guard.js';

export interface AssistantDeps {
  /**
   * The database, handed over by the composition root (never opened here). A function is called only
   * when a model is configured (the `ask` command opens the file only then); its owner closes it.
   */
  db: Db | (() => Db);
  logger?: Logger;
  now?: () => Date;
  /** Replaces the OpenAI-compatible chat model (benchmarks measuring the pipeline alone). */
  model?: ChatRunner;
  /** Replaces the OpenAI-compatible embedder. */
  embedder?: Embedder;
}

/** An assistant plus what it holds open. */
export type ClosableAssistant = Assistant & { close?: () => Promise<void> };

/**
 * The assistant for this configuration.
 * - No OPENAI_API_KEY and no OPENAI_BASE_URL: extractive answers from the lessons (the embedded default,
 *   no model, no network), said once in the log.
 * - Otherwise the LLM pipeline ({@link LlmAssistant}) over OPENAI_MODEL, with the extractive answer as its
 *   fallback, SQLite for memory, cache and usage, and hybrid retrieval when OPENAI_EMBEDDING_MODEL is set
 *   (passages are embedded here, at start, unless cached; a failure leaves retrieval lexical).
 * Throws PromptError when a prompt file is missing or its variables are wrong.
 */
export async function createAssistant(config: Config, curriculum: Curriculum, deps: AssistantDeps): Promise<ClosableAssistant> {
  const logger = deps.logger ?? createLogger(config.LOG_LEVEL);
  if (!hasLlm(config)) {
    logger.info('extractive mode: no OPENAI_API_KEY or OPENAI_BASE_URL, answers are built from the lessons');
    return new ExtractiveAssistant(curriculum);
  }
  const prompts = loadPrompts(config.PROMPTS_DIR);
  const now = deps.now ?? (() => new Date());
  const db = typeof deps.db === 'function' ? deps.db() : deps.db;
  {
    const lexical = new LessonRetriever(curriculum);
    const extractive = new ExtractiveAssistant(curriculum, { retriever: lexical });
    const model =
      deps.model ??
      new ChatModel({
        model: config.OPENAI_MODEL,
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        requestTimeoutMs: config.LLM_TIMEOUT_MS,
        onRetry: (info) => logger.warn('model call retried', info),
      });
    const usage = new UsageGuard(new LlmUsageRepository(db), config.LLM_DAILY_TOKEN_LIMIT, now);
    const cache = new AnswerCache(
      new AnswerCacheRepository(db),
      { contentVersion: curriculum.version, model: model.name, promptsVersion: prompts.version },
      now,
    );
    let dense: DenseRanker | undefined;
    const embedder =
      deps.embedder ??
      (config.OPENAI_EMBEDDING_MODEL
        ? new OpenAiEmbedder({
            model: config.OPENAI_EMBEDDING_MODEL,
            apiKey: config.OPENAI_API_KEY,
            baseURL: config.OPENAI_BASE_URL,
            requestTimeoutMs: Math.max(config.LLM_TIMEOUT_MS, 60_000),
          })
        : undefined);
    if (embedder) {
      dense = new DenseRanker({
        passages: lexical.passages,
        lexical,
        embedder,
        store: new EmbeddingCacheRepository(db),
        logger,
        now,
        onTokens: (tokens) => usage.record({ embeddingTokens: tokens }),
        prepareTimeoutMs: Math.max(config.LLM_TIMEOUT_MS, 60_000),
        questionTimeoutMs: Math.min(3_000, Math.ceil(config.LLM_TIMEOUT_MS / 4)),
      });
      await dense.prepare();
    }
    const assistant = new LlmAssistant({
      curriculum,
      extractive,
      prompts,
      model,
      turns: new ChatTurnRepository(db),
      cache,
      usage,
      dense,
      logger,
      now,
      timeoutMs: config.LLM_TIMEOUT_MS,
    });
    logger.info('llm mode', { model: model.name, hybrid: Boolean(dense?.ready), dailyTokenLimit: config.LLM_DAILY_TOKEN_LIMIT });
    return {
      answer: (question, context) => assistant.answer(question, context),
      close: () => assistant.close(),
    };
  }
}
