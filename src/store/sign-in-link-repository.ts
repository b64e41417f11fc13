import type { Db } from './database.js';

export interface SignInLinkRecord {
  channel: string;
  platformUserId: string;
  expiresAt: string;
  usedAt?: string;
}

/** One-time dashboard sign-in links, kept by the hash of their token. */
export class SignInLinkRepository {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly useStmt;
  private readonly pruneStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare('INSERT INTO admin_login_links (token_hash, channel, platform_user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    this.getStmt = db.prepare<[string], { channel: string; platform_user_id: string; expires_at: string; used_at: string | null }>(
      'SELECT channel, platform_user_id, expires_at, used_at FROM admin_login_links WHERE token_hash = ?',
    );
    this.useStmt = db.prepare('UPDATE admin_login_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL');
    this.pruneStmt = db.prepare('DELETE FROM admin_login_links WHERE expires_at < ?');
  }

  add(tokenHash: string, channel: string, platformUserId: string, now: Date, expiresAt: Date): void {
    this.insertStmt.run(tokenHash, channel, platformUserId, now.toISOString(), expiresAt.toISOString());
  }

  get(tokenHash: string): SignInLinkRecord | undefined {
    const r = this.getStmt.get(tokenHash);
    return r ? { channel: r.channel, platformUserId: r.platform_user_id, expiresAt: r.expires_at, usedAt: r.used_at ?? undefined } : undefined;
  }

  /** Marks a link used; false when it was used already (two tabs racing for one link). */
  use(tokenHash: string, now: Date): boolean {
    return this.useStmt.run(now.toISOString(), tokenHash).changes > 0;
  }

  /** Forgets links that expired before `before` (used or not). */
  prune(before: Date): number {
    return this.pruneStmt.run(before.toISOString()).changes;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
