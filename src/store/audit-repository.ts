import type { AuditAction, AuditEntry } from '../officers/types.js';
import type { Db } from './database.js';

/** The append-only audit log: grants, revocations, sign-ins, broadcasts, exports. */
export class AuditRepository {
  private readonly insertStmt;
  private readonly recentStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)');
    this.recentStmt = db.prepare<[number], { id: number; at: string; actor: string; action: string; detail: string }>(
      'SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?',
    );
  }

  record(actor: string, action: AuditAction, detail: Record<string, unknown> = {}, at = new Date()): void {
    this.insertStmt.run(at.toISOString(), actor, action, JSON.stringify(detail));
  }

  /** The newest entries first. */
  recent(limit = 100): AuditEntry[] {
    return this.recentStmt.all(limit).map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action as AuditAction,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}
