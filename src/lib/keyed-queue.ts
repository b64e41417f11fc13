/**
 * Runs async tasks in order per key (one chat's messages are handled one after another, DESIGN.md
 * convention 7) while different keys run in parallel, optionally at most `concurrency` tasks at once
 * across all keys. A failing task rejects only its own promise; the next task of that key still runs.
 */
export interface KeyedQueueOptions {
  /** Upper bound on tasks running at the same time across all keys (default: unbounded). */
  concurrency?: number;
}

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly limit: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private queued = 0;

  constructor(options: KeyedQueueOptions = {}) {
    const c = options.concurrency ?? Infinity;
    if (!(c >= 1)) throw new RangeError('KeyedQueue concurrency must be at least 1');
    this.limit = c;
  }

  /** Tasks accepted and not yet settled (running or waiting). */
  get size(): number {
    return this.queued;
  }

  /** Number of keys with work in progress. */
  get activeKeys(): number {
    return this.tails.size;
  }

  /**
   * Schedules `task` after every earlier task of the same `key` has settled, and returns its result.
   */
  run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
    this.queued++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => this.withSlot(task));
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      this.queued--;
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task accepted so far has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private async withSlot<T>(task: () => Promise<T> | T): Promise<T> {
    if (this.running < this.limit) this.running++;
    // The slot is handed over directly by release(), so a newcomer can never overtake a waiter.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
