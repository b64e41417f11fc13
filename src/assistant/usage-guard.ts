/**
 * Daily model usage and the spending guard (`LLM_DAILY_TOKEN_LIMIT`).
 *
 * Every model call adds its prompt and completion tokens to today's row (a Vietnam-local day, UTC+7);
 * once today's chat tokens reach the limit, the assistant answers extractively until the next day.
 * Several concurrent questions may each start before the limit is reached, so a day can overshoot by
 * at most what those calls use. Embedding tokens are recorded apart and not counted against the limit
 * (they cost a small fraction of chat tokens).
 */
export interface DailyUsage {
  day: string;
  answers: number;
  modelCalls: number;
  promptTokens: number;
  completionTokens: number;
  embeddingTokens: number;
  cacheHits: number;
  fallbacks: number;
  overLimit: number;
}

export type UsageDelta = Partial<Omit<DailyUsage, 'day'>>;

/** Where usage is kept (SQLite: src/store/llm-usage-repository.ts). */
export interface UsageStore {
  add(day: string, delta: UsageDelta): void;
  day(day: string): DailyUsage;
}

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The Vietnam-local date (YYYY-MM-DD) of an instant. */
export function vietnamDay(now: Date): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export class UsageGuard {
  constructor(
    private readonly store: UsageStore,
    /** Chat tokens per day; 0 = no limit. */
    private readonly dailyLimit: number,
    private readonly now: () => Date,
  ) {}

  /** True while today's chat tokens are under the limit. */
  allows(): boolean {
    if (this.dailyLimit <= 0) return true;
    const u = this.store.day(vietnamDay(this.now()));
    return u.promptTokens + u.completionTokens < this.dailyLimit;
  }

  record(delta: UsageDelta): void {
    this.store.add(vietnamDay(this.now()), delta);
  }

  today(): DailyUsage {
    return this.store.day(vietnamDay(this.now()));
  }
}
