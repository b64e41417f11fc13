import type { Db } from './database.js';

/**
 * Runs several repository calls as one SQLite transaction: all of them or none, and one commit
 * instead of one per statement (each commit appends to the WAL, which is most of a write's cost).
 * Repositories' own transactions nest inside as savepoints.
 */
export class UnitOfWork {
  private readonly tx;

  constructor(db: Db) {
    this.tx = db.transaction((fn: () => unknown) => fn());
  }

  /**
   * Calls `fn` inside a transaction and returns its result; a throw rolls everything back and is
   * rethrown. `fn` must be synchronous: a transaction cannot span an `await`.
   */
  run<T>(fn: () => T): T {
    return this.tx(fn) as T;
  }
}
