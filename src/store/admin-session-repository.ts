import type { Db } from './database.js';

/** Dashboard sessions, keyed by a hash of the session id (the cookie holds the id itself). */
export class AdminSessionRepository {
  private readonly getStmt;
  private readonly setStmt;
  private readonly deleteStmt;
  private readonly pruneStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { data: string; expires_at: string }>('SELECT data, expires_at FROM admin_sessions WHERE id_hash = ?');
    this.setStmt = db.prepare(
      `INSERT INTO admin_sessions (id_hash, data, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM admin_sessions WHERE id_hash = ?');
    this.pruneStmt = db.prepare('DELETE FROM admin_sessions WHERE expires_at < ?');
  }

  /** The stored session, unless it expired before `now`. */
  get(idHash: string, now: Date): string | undefined {
    const r = this.getStmt.get(idHash);
    if (!r) return undefined;
    if (Date.parse(r.expires_at) <= now.getTime()) {
      this.deleteStmt.run(idHash);
      return undefined;
    }
    return r.data;
  }

  set(idHash: string, data: string, expiresAt: Date): void {
    this.setStmt.run(idHash, data, expiresAt.toISOString());
  }

  delete(idHash: string): void {
    this.deleteStmt.run(idHash);
  }

  prune(now: Date): number {
    return this.pruneStmt.run(now.toISOString()).changes;
  }
}
