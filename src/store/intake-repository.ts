import type { Inbound, Outbound } from '../messages.js';
import type { Db } from './database.js';

/**
 * Durable intake (migration 0003): the write-ahead log of inbound updates.
 *
 * Life of a row: `received` (recorded before any work; the webhook may now answer 200) →
 * `answered` (the conversation's replies are saved, so a crash never runs the conversation twice) →
 * `done` (every reply delivered, or the update was rate-limited / unreachable / failed).
 * `sent` counts replies already delivered, so recovery resumes after them instead of repeating them.
 */
export type IntakeStatus = 'received' | 'answered' | 'done';

/** Why a row is done. */
export type IntakeOutcome = 'replied' | 'limited' | 'unreachable' | 'failed';

export interface IntakeRecord {
  id: number;
  /** Platform-specific dedupe key, e.g. `telegram:<bot>:<update_id>`. */
  key: string;
  /** Updates with the same chat key are handled in order. */
  chatKey: string;
  inbound: Inbound;
  status: Exclude<IntakeStatus, 'done'>;
  /** Saved once the conversation answered. */
  replies?: Outbound[];
  /** How many of `replies` were delivered. */
  sent: number;
  /** How many platform messages of `replies[sent]` were delivered (migration 0006). */
  partsSent: number;
  /** Failed delivery rounds so far. */
  attempts: number;
  receivedAt: number;
}

interface Row {
  id: number;
  update_key: string;
  chat_key: string;
  inbound: string | null;
  replies: string | null;
  sent: number;
  parts_sent: number;
  attempts: number;
  status: IntakeStatus;
  received_at: number;
}

export class IntakeRepository {
  private readonly insertStmt;
  private readonly repliesStmt;
  private readonly sentStmt;
  private readonly attemptsStmt;
  private readonly doneStmt;
  private readonly pendingStmt;
  private readonly pruneStmt;
  private readonly countStmt;
  private readonly tx;

  /** `now` (ms) is injected so tests control time. */
  constructor(db: Db, private readonly now: () => number = Date.now) {
    this.insertStmt = db.prepare(
      `INSERT INTO intake (update_key, channel, chat_key, inbound, status, received_at)
       VALUES (?, ?, ?, ?, 'received', ?) ON CONFLICT(update_key) DO NOTHING`,
    );
    this.repliesStmt = db.prepare(`UPDATE intake SET replies = ?, status = 'answered' WHERE id = ? AND status <> 'done'`);
    this.sentStmt = db.prepare(`UPDATE intake SET sent = ?, parts_sent = ? WHERE id = ? AND status <> 'done'`);
    this.attemptsStmt = db.prepare(`UPDATE intake SET attempts = ? WHERE id = ? AND status <> 'done'`);
    this.doneStmt = db.prepare(
      `UPDATE intake SET status = 'done', outcome = ?, handled_at = ?, sent = COALESCE(?, sent), inbound = NULL, replies = NULL, chat_key = '' WHERE id = ?`,
    );
    this.pendingStmt = db.prepare<[], Row>(`SELECT * FROM intake WHERE status <> 'done' ORDER BY id`);
    this.pruneStmt = db.prepare(`DELETE FROM intake WHERE status = 'done' AND handled_at < ?`);
    this.countStmt = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM intake WHERE status <> 'done'`);
    this.tx = db.transaction((fn: () => unknown) => fn());
  }

  /**
   * Runs several intake writes in one transaction: all or none, and one commit (each commit appends the
   * pages it changed to the WAL, and consecutive intake writes change the same few pages).
   */
  transaction<T>(fn: () => T): T {
    return this.tx(fn) as T;
  }

  /**
   * Records an update before any work is done. Returns the new record, or `undefined` when an update
   * with the same key was already recorded (a duplicate: do nothing).
   */
  record(key: string, chatKey: string, inbound: Inbound): IntakeRecord | undefined {
    const receivedAt = this.now();
    const info = this.insertStmt.run(key, inbound.channel, chatKey, JSON.stringify(inbound), receivedAt);
    if (info.changes === 0) return undefined;
    return { id: Number(info.lastInsertRowid), key, chatKey, inbound, status: 'received', sent: 0, partsSent: 0, attempts: 0, receivedAt };
  }

  /** Saves the conversation's answer; from now on recovery only delivers, never re-asks. */
  saveReplies(id: number, replies: Outbound[]): void {
    this.repliesStmt.run(JSON.stringify(replies), id);
  }

  /** Notes that the first `sent` replies, and `parts` platform messages of the next one, were delivered. */
  markSent(id: number, sent: number, parts = 0): void {
    this.sentStmt.run(sent, parts, id);
  }

  /** Notes how many delivery rounds failed. */
  markAttempts(id: number, attempts: number): void {
    this.attemptsStmt.run(attempts, id);
  }

  /**
   * Closes the row and forgets its content and whose it was (only the platform's update key and the
   * times stay, for deduplication; the chat key is blanked, so no handled row points to a person). `sent`, when
   * given, records the delivered count in the same write (saves a separate {@link markSent}).
   */
  markDone(id: number, outcome: IntakeOutcome, sent?: number): void {
    this.doneStmt.run(outcome, this.now(), sent ?? null, id);
  }

  /** Rows not yet done, oldest first: what a restart must finish. */
  pending(): IntakeRecord[] {
    return this.pendingStmt.all().map(toRecord);
  }

  /** Number of rows not yet done. */
  pendingCount(): number {
    return this.countStmt.get()?.n ?? 0;
  }

  /** Forgets done rows handled more than `olderThanMs` ago (ends their dedupe window). Returns how many. */
  prune(olderThanMs: number): number {
    return this.pruneStmt.run(this.now() - olderThanMs).changes;
  }
}

function toRecord(row: Row): IntakeRecord {
  return {
    id: row.id,
    key: row.update_key,
    chatKey: row.chat_key,
    // A pending row always has its inbound; `{}` only guards against a hand-edited database.
    inbound: JSON.parse(row.inbound ?? '{}') as Inbound,
    status: row.status === 'answered' ? 'answered' : 'received',
    replies: row.replies ? (JSON.parse(row.replies) as Outbound[]) : undefined,
    sent: row.sent,
    partsSent: row.parts_sent,
    attempts: row.attempts,
    receivedAt: row.received_at,
  };
}
