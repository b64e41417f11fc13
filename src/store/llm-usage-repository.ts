import type { DailyUsage, UsageDelta } from '../assistant/usage-guard.js';
import type { Db } from './database.js';

interface UsageRow {
  day: string;
  answers: number;
  model_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  embedding_tokens: number;
  cache_hits: number;
  fallbacks: number;
  over_limit: number;
}

function toUsage(r: UsageRow): DailyUsage {
  return {
    day: r.day,
    answers: r.answers,
    modelCalls: r.model_calls,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    embeddingTokens: r.embedding_tokens,
    cacheHits: r.cache_hits,
    fallbacks: r.fallbacks,
    overLimit: r.over_limit,
  };
}

/** Model usage counters per Vietnam-local day; additions are atomic (several instances may share the file). */
export class LlmUsageRepository {
  private readonly addStmt;
  private readonly dayStmt;
  private readonly recentStmt;

  constructor(db: Db) {
    this.addStmt = db.prepare(
      `INSERT INTO llm_usage (day, answers, model_calls, prompt_tokens, completion_tokens, embedding_tokens, cache_hits, fallbacks, over_limit)
       VALUES (@day, @answers, @modelCalls, @promptTokens, @completionTokens, @embeddingTokens, @cacheHits, @fallbacks, @overLimit)
       ON CONFLICT (day) DO UPDATE SET
         answers = answers + excluded.answers,
         model_calls = model_calls + excluded.model_calls,
         prompt_tokens = prompt_tokens + excluded.prompt_tokens,
         completion_tokens = completion_tokens + excluded.completion_tokens,
         embedding_tokens = embedding_tokens + excluded.embedding_tokens,
         cache_hits = cache_hits + excluded.cache_hits,
         fallbacks = fallbacks + excluded.fallbacks,
         over_limit = over_limit + excluded.over_limit`,
    );
    this.dayStmt = db.prepare<[string], UsageRow>('SELECT * FROM llm_usage WHERE day = ?');
    this.recentStmt = db.prepare<[number], UsageRow>('SELECT * FROM llm_usage ORDER BY day DESC LIMIT ?');
  }

  add(day: string, delta: UsageDelta): void {
    this.addStmt.run({
      day,
      answers: delta.answers ?? 0,
      modelCalls: delta.modelCalls ?? 0,
      promptTokens: delta.promptTokens ?? 0,
      completionTokens: delta.completionTokens ?? 0,
      embeddingTokens: delta.embeddingTokens ?? 0,
      cacheHits: delta.cacheHits ?? 0,
      fallbacks: delta.fallbacks ?? 0,
      overLimit: delta.overLimit ?? 0,
    });
  }

  /** The counters of one day (zeros when nothing happened). */
  day(day: string): DailyUsage {
    const row = this.dayStmt.get(day);
    return row
      ? toUsage(row)
      : { day, answers: 0, modelCalls: 0, promptTokens: 0, completionTokens: 0, embeddingTokens: 0, cacheHits: 0, fallbacks: 0, overLimit: 0 };
  }

  /** The most recent days with any activity, newest first. */
  recent(limit = 30): DailyUsage[] {
    return this.recentStmt.all(limit).map(toUsage);
  }
}
