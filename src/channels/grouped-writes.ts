/**
 * The dispatcher's intake writes (updates recorded, how far a delivery got, failed rounds, "done")
 * written in groups: each write is queued and committed in one SQLite transaction with the others queued
 * in the same turn of the event loop. A commit appends every page it changed to the WAL, and the same few
 * intake pages (the table's last leaf, its indexes) were appended once per write; under load one commit
 * now carries the writes of many chats.
 *
 * Nothing is weaker for a person: the promise of a write settles only after its commit — a webhook is
 * answered 200 only once its update is committed, and the dispatcher sends a chat's next message only
 * once the previous one is recorded, so after a crash at most the one message per chat in flight is sent
 * again (as before). A group SQLite refuses (a full disk) is written again one write at a time, so each
 * write learns whether it was recorded.
 */
export interface Transactional {
  /** Runs `fn` in one SQLite transaction (all or nothing, one commit). */
  transaction<T>(fn: () => T): T;
}

/** How a queued write ended: committed, or refused by SQLite with `error`. */
export type WriteResult = { ok: true } | { ok: false; error: unknown };

interface Queued {
  write: () => void;
  settle: (result: WriteResult) => void;
}

const OK: WriteResult = { ok: true };

export class GroupedWrites {
  private queued: Queued[] = [];
  private scheduled = false;

  constructor(private readonly store: Transactional) {}

  /**
   * Queues `write`; resolves once it is committed, or with the error SQLite refused it with. Never rejects.
   */
  write(write: () => void): Promise<WriteResult> {
    return new Promise<WriteResult>((settle) => {
      this.queued.push({ write, settle });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Queues `fn` like {@link write}; resolves with its result once committed, rejects with SQLite's refusal. */
  async run<T>(fn: () => T): Promise<T> {
    let value!: T;
    const result = await this.write(() => {
      value = fn();
    });
    if (!result.ok) throw result.error;
    return value;
  }

  /** Writes still waiting for their commit. */
  get pending(): number {
    return this.queued.length;
  }

  /**
   * Runs `fn` now, synchronously, in one transaction with the queued writes, and returns its result (for
   * a caller that must know at once, e.g. the retry sweep closing a row). If that transaction fails, the
   * queued writes are written one by one and `fn` alone is run again, so its error (if any) is its own.
   */
  together<T>(fn: () => T): T {
    const group = this.take();
    if (group.length === 0) return fn();
    let result!: T;
    try {
      this.store.transaction(() => {
        for (const q of group) q.write();
        result = fn();
      });
    } catch {
      this.oneByOne(group);
      return this.store.transaction(fn);
    }
    for (const q of group) q.settle(OK);
    return result;
  }

  /** Commits every queued write now. */
  flush(): void {
    const group = this.take();
    if (group.length === 0) return;
    try {
      this.store.transaction(() => {
        for (const q of group) q.write();
      });
    } catch {
      this.oneByOne(group);
      return;
    }
    for (const q of group) q.settle(OK);
  }

  private take(): Queued[] {
    const group = this.queued;
    this.queued = [];
    this.scheduled = false;
    return group;
  }

  private oneByOne(group: Queued[]): void {
    for (const q of group) {
      try {
        this.store.transaction(q.write);
        q.settle(OK);
      } catch (err) {
        q.settle({ ok: false, error: err });
      }
    }
  }
}
