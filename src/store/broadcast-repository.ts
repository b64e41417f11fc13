import type { Audience, Broadcast, BroadcastKind, BroadcastState, Delivery, RecipientState } from '../broadcast/types.js';
import { RECIPIENT_STATES } from '../broadcast/types.js';
import type { ChannelId } from '../core/types.js';
import type { Db } from './database.js';

/** Topic passed: a finished topic quiz at or above the pass mark (80 %, as in learning/quiz-service). */
const TOPIC_PASSED = `EXISTS (SELECT 1 FROM quiz_attempts qa WHERE qa.learner_id = l.id AND qa.scope = 'topic'
  AND qa.scope_id = ? AND qa.finished_at IS NOT NULL AND qa.correct * 5 >= qa.total * 4)`;

/** The communes a sender may reach: all, or a list (an officer's). */
export type ReachScope = { all: true } | { all: false; codes: readonly string[] };

/** The WHERE clause of an audience: subscribed, reachable, within scope, and the chosen filters. */
function audienceWhere(a: Audience, scope: ReachScope, now: Date): { sql: string; params: unknown[] } {
  const parts = ['l.subscribed = 1', 'l.unreachable = 0'];
  const params: unknown[] = [];
  let communes = a.communes;
  if (!scope.all) communes = communes ? communes.filter((c) => scope.codes.includes(c)) : [...scope.codes];
  if (communes) {
    parts.push(communes.length ? `l.commune_code IN (${communes.map(() => '?').join(',')})` : '0');
    params.push(...communes);
  }
  if (a.channel) {
    parts.push('l.channel = ?');
    params.push(a.channel);
  }
  if (a.notPassedTopic) {
    parts.push(`NOT ${TOPIC_PASSED}`);
    params.push(a.notPassedTopic);
  }
  if (a.inactiveDays !== undefined) {
    parts.push('l.last_active_at <= ?');
    params.push(new Date(now.getTime() - a.inactiveDays * 86_400_000).toISOString());
  }
  if (a.completedAll) parts.push('EXISTS (SELECT 1 FROM completions c WHERE c.learner_id = l.id)');
  return { sql: parts.join(' AND '), params };
}

interface BroadcastRow {
  id: number;
  created_by: string;
  kind: string;
  text: string;
  audience: string;
  state: string;
  not_before: string;
  created_at: string;
  finished_at: string | null;
}

function emptyCounts(): Record<RecipientState, number> {
  return Object.fromEntries(RECIPIENT_STATES.map((s) => [s, 0])) as Record<RecipientState, number>;
}

/** Broadcasts and their per-recipient delivery queue. */
export class BroadcastRepository {
  private readonly claimStmt;
  private readonly markStmt;
  private readonly countsStmt;
  private readonly byIdStmt;

  constructor(private readonly db: Db) {
    this.claimStmt = db.prepare<[string, string, number], { broadcast_id: number; learner_id: number; chat_id: string; text: string; attempts: number; ok: number }>(
      `SELECT r.broadcast_id, r.learner_id, l.chat_id, b.text, r.attempts, (l.subscribed = 1 AND l.unreachable = 0) AS ok
       FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id JOIN learners l ON l.id = r.learner_id
       WHERE r.state = 'queued' AND b.state = 'sending' AND l.channel = ? AND r.next_attempt_at <= ? AND b.not_before <= r.next_attempt_at
       ORDER BY r.broadcast_id, r.next_attempt_at, r.learner_id LIMIT ?`,
    );
    this.markStmt = db.prepare(
      `UPDATE broadcast_recipients SET state = @state, attempts = attempts + @tried, next_attempt_at = COALESCE(@next, next_attempt_at),
         last_error = @error, updated_at = @at WHERE broadcast_id = @b AND learner_id = @l`,
    );
    this.countsStmt = db.prepare<[number], { state: string; n: number }>(
      'SELECT state, count(*) AS n FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY state',
    );
    this.byIdStmt = db.prepare<[number], BroadcastRow>('SELECT * FROM broadcasts WHERE id = ?');
  }

  /** How many people an audience reaches now. */
  countAudience(a: Audience, scope: ReachScope, now: Date): number {
    const w = audienceWhere(a, scope, now);
    return (this.db.prepare(`SELECT count(*) AS n FROM learners l WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
  }

  /** Creates a broadcast and queues one row per recipient (the audience as it is now), in one transaction. */
  create(
    b: { createdBy: string; kind: BroadcastKind; text: string; audience: Audience; notBefore: Date },
    scope: ReachScope,
    now: Date,
    /** Learner ids to leave out (reminders: people nudged recently). */
    exclude?: string,
  ): { id: number; recipients: number } {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare("INSERT INTO broadcasts (created_by, kind, text, audience, state, not_before, created_at) VALUES (?, ?, ?, ?, 'sending', ?, ?)")
          .run(b.createdBy, b.kind, b.text, JSON.stringify(b.audience), b.notBefore.toISOString(), now.toISOString()).lastInsertRowid,
      );
      const w = audienceWhere(b.audience, scope, now);
      const queued = this.db
        .prepare(
          `INSERT INTO broadcast_recipients (broadcast_id, learner_id, state, next_attempt_at, updated_at)
           SELECT ?, l.id, 'queued', ?, ? FROM learners l WHERE ${w.sql}${exclude ? ` AND ${exclude}` : ''}`,
        )
        .run(id, b.notBefore.toISOString(), now.toISOString(), ...w.params).changes;
      if (queued === 0) this.setState(id, 'done', now);
      return { id, recipients: queued };
    })();
  }

  /**
   * Claims up to `limit` due deliveries on one channel: each becomes `sending` (committed before the
   * send starts). Recipients who switched announcements off or became unreachable are skipped.
   */
  claim(channel: ChannelId, limit: number, now: Date): Delivery[] {
    if (limit <= 0) return [];
    return this.db.transaction(() => {
      const at = now.toISOString();
      const out: Delivery[] = [];
      for (const r of this.claimStmt.all(channel, at, limit)) {
        const ok = r.ok === 1;
        this.markStmt.run({ state: ok ? 'sending' : 'skipped', tried: ok ? 1 : 0, next: null, error: null, at, b: r.broadcast_id, l: r.learner_id });
        if (ok) out.push({ broadcastId: r.broadcast_id, learnerId: r.learner_id, channel, chatId: r.chat_id, text: r.text, attempts: r.attempts + 1 });
      }
      return out;
    })();
  }

  /** Records the outcome of one send. `retryAt` puts the row back in the queue for another attempt. */
  settle(d: Pick<Delivery, 'broadcastId' | 'learnerId'>, state: Exclude<RecipientState, 'sending'>, now: Date, error?: string, retryAt?: Date): void {
    this.markStmt.run({
      state,
      tried: 0,
      next: retryAt ? retryAt.toISOString() : null,
      error: error?.slice(0, 200) ?? null,
      at: now.toISOString(),
      b: d.broadcastId,
      l: d.learnerId,
    });
  }

  /** At start-up: rows left `sending` by a crash become `in-doubt` (not resent). Returns how many. */
  markInFlightInDoubt(now: Date): number {
    return this.db.prepare("UPDATE broadcast_recipients SET state = 'in-doubt', updated_at = ? WHERE state = 'sending'").run(now.toISOString()).changes;
  }

  /** Broadcasts with nothing left queued or in flight become `done`. */
  finishIdle(now: Date): number {
    return this.db
      .prepare(
        `UPDATE broadcasts SET state = 'done', finished_at = ? WHERE state = 'sending' AND NOT EXISTS
         (SELECT 1 FROM broadcast_recipients r WHERE r.broadcast_id = broadcasts.id AND r.state IN ('queued', 'sending'))`,
      )
      .run(now.toISOString()).changes;
  }

  setState(id: number, state: BroadcastState, now: Date): void {
    this.db
      .prepare('UPDATE broadcasts SET state = ?, finished_at = CASE WHEN ? IN (\'cancelled\', \'done\') THEN ? ELSE finished_at END WHERE id = ?')
      .run(state, state, now.toISOString(), id);
  }

  /** Puts a broadcast's in-doubt rows back in the queue (an officer chose to resend them). */
  requeueInDoubt(id: number, now: Date): number {
    return this.db
      .prepare("UPDATE broadcast_recipients SET state = 'queued', next_attempt_at = ?, updated_at = ? WHERE broadcast_id = ? AND state = 'in-doubt'")
      .run(now.toISOString(), now.toISOString(), id).changes;
  }

  get(id: number): Broadcast | undefined {
    const row = this.byIdStmt.get(id);
    return row ? this.withCounts(row) : undefined;
  }

  /** Newest first; `createdBy` limits to one sender's broadcasts. */
  list(limit = 50, createdBy?: string): Broadcast[] {
    const rows = createdBy
      ? this.db.prepare<[string, number], BroadcastRow>('SELECT * FROM broadcasts WHERE created_by = ? ORDER BY id DESC LIMIT ?').all(createdBy, limit)
      : this.db.prepare<[number], BroadcastRow>('SELECT * FROM broadcasts ORDER BY id DESC LIMIT ?').all(limit);
    return rows.map((r) => this.withCounts(r));
  }

  /** True while some broadcast still has rows to send (the worker sleeps longer otherwise). */
  hasQueued(): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id WHERE r.state = 'queued' AND b.state = 'sending' LIMIT 1")
        .get() !== undefined
    );
  }

  private withCounts(r: BroadcastRow): Broadcast {
    const counts = emptyCounts();
    for (const c of this.countsStmt.all(r.id)) counts[c.state as RecipientState] = c.n;
    return {
      id: r.id,
      createdBy: r.created_by,
      kind: r.kind as BroadcastKind,
      text: r.text,
      audience: JSON.parse(r.audience) as Audience,
      state: r.state as BroadcastState,
      notBefore: r.not_before,
      createdAt: r.created_at,
      finishedAt: r.finished_at ?? undefined,
      counts,
    };
  }
}
