import type { Db } from './database.js';

/**
 * What a chat is waiting for (a quiz answer, a commune name, a confirmation), stored as JSON so a
 * restart or a second instance loses nothing. The store does not interpret it: the conversation core
 * validates what it reads back, and unreadable JSON comes back as undefined (a fresh start), never a crash.
 */
export class ConversationStateRepository {
  private readonly getStmt;
  private readonly setStmt;
  private readonly clearStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[number], { state: string }>('SELECT state FROM conversation_states WHERE learner_id = ?');
    this.setStmt = db.prepare(
      `INSERT INTO conversation_states (learner_id, state, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (learner_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    );
    this.clearStmt = db.prepare('DELETE FROM conversation_states WHERE learner_id = ?');
  }

  get(learnerId: number): unknown {
    const row = this.getStmt.get(learnerId);
    if (!row) return undefined;
    try {
      return JSON.parse(row.state) as unknown;
    } catch {
      return undefined;
    }
  }

  set(learnerId: number, state: unknown, now: Date): void {
    this.setStmt.run(learnerId, JSON.stringify(state), now.toISOString());
  }

  clear(learnerId: number): void {
    this.clearStmt.run(learnerId);
  }
}
