import type { ChatTurn } from '../assistant/condense.js';
import type { Db } from './database.js';

/**
 * The last few turns of each conversation (for follow-up questions), keyed by
 * `${channel}:${platformUserId}`. Callers store only redacted text; this repository keeps at most
 * `keep` turns per conversation and purges old ones. Deleting a learner deletes their turns (trigger in
 * migration 0004).
 */
export class ChatTurnRepository {
  private readonly recentStmt;
  private readonly insertStmt;
  private readonly trimStmt;
  private readonly purgeStmt;
  private readonly deleteStmt;
  private readonly addTx;

  constructor(db: Db) {
    this.recentStmt = db.prepare<[string, number, number], { question: string; answer: string; created_at: number }>(
      `SELECT question, answer, created_at FROM chat_turns WHERE conversation_key = ? AND created_at >= ?
       ORDER BY id DESC LIMIT ?`,
    );
    this.insertStmt = db.prepare('INSERT INTO chat_turns (conversation_key, question, answer, created_at) VALUES (?, ?, ?, ?)');
    this.trimStmt = db.prepare(
      `DELETE FROM chat_turns WHERE conversation_key = @key AND id NOT IN
         (SELECT id FROM chat_turns WHERE conversation_key = @key ORDER BY id DESC LIMIT @keep)`,
    );
    this.purgeStmt = db.prepare('DELETE FROM chat_turns WHERE created_at < ?');
    this.deleteStmt = db.prepare('DELETE FROM chat_turns WHERE conversation_key = ?');
    this.addTx = db.transaction((key: string, turn: ChatTurn, keep: number) => {
      this.insertStmt.run(key, turn.question, turn.answer, turn.at);
      this.trimStmt.run({ key, keep });
    });
  }

  /** Up to `limit` turns of the conversation newer than `sinceMs`, oldest first. */
  recent(conversationKey: string, sinceMs: number, limit: number): ChatTurn[] {
    return this.recentStmt
      .all(conversationKey, sinceMs, limit)
      .reverse()
      .map((r) => ({ question: r.question, answer: r.answer, at: r.created_at }));
  }

  /** Appends a turn and drops all but the newest `keep` turns of that conversation, atomically. */
  add(conversationKey: string, turn: ChatTurn, keep: number): void {
    this.addTx(conversationKey, turn, keep);
  }

  /** Deletes every turn older than `beforeMs` (all conversations); returns how many. */
  purgeBefore(beforeMs: number): number {
    return this.purgeStmt.run(beforeMs).changes;
  }

  /** Forgets one conversation entirely. */
  deleteConversation(conversationKey: string): number {
    return this.deleteStmt.run(conversationKey).changes;
  }
}
