import type { Audience, Broadcast, BroadcastKind, BroadcastState, Delivery, RecipientState } from '../broadcast/types.js';
import { RECIPIENT_STATES } from '../broadcast/types.js';
import type { ChannelId } from '../messages.js';
import type { Db } from './database.js';

/** Topic passed: a finished topic quiz at or above the pass mark (80 %, as in learning/quiz-service). */
const TOPIC_PASSED = `EXISTS (SELECT 1 FROM quiz_attempts qa WHERE qa.learner_id = l.id AND qa.scope = 'topic'
  AND qa.scope_id = ? AND qa.finished_at IS NOT NULL AND qa.correct * 5 >= qa.total * 4)`;

/**
 * Whom a sender may reach: the communes (all, or an officer's list) and the channels the service can
 * deliver on (a person on a channel without a delivery worker would stay queued for ever).
 */
export interface ReachScope {
  communes: { all: true } | { all: false; codes: readonly string[] };
  channels: readonly ChannelId[];
}

/** The WHERE clause of an audience: subscribed, reachable, within scope, and the chosen filters. */
function audienceWhere(a: Audience, scope: ReachScope, now: Date): { sql: string; params: unknown[] } {
  const parts = ['l.subscribed = 1', 'l.unreachable = 0'];
  const params: unknown[] = [];
  let communes = a.communes;
  if (!scope.communes.all) {
    const allowed = scope.communes.codes;
    communes = communes ? communes.filter((c) => allowed.includes(c)) : [...allowed];
  }
  if (communes) {
    parts.push(communes.length ? `l.commune_code IN (${communes.map(() => '?').join(',')})` : '0');
    params.push(...communes);
  }
  const channels = a.channel ? scope.channels.filter((c) => c === a.channel) : scope.channels;
  parts.push(channels.length ? `l.channel IN (${channels.map(() => '?').join(',')})` : '0');
  params.push(...channels);
  if (a.notPassedTopic) {
    parts.push(`NOT ${TOPIC_PASSED}`);
    params.push(a.notPassedTopic);
  }
  if (a.inactiveDays !== undefined) {
    parts.push('l.last_active_at <= ?');
    params.push(new Date(now.getTime() - a.inactiveDays * 86_400_000).toISOString());
  }
  if (a.completedAll !== undefined) {
    parts.push(`${a.completedAll ? '' : 'NOT '}EXISTS (SELECT 1 FROM completions c WHERE c.learner_id = l.id)`);
  }
  return { sql: parts.join(' AND '), params };
}

/** Every channel a recipient row can name (the queue index starts with the channel). */
const CHANNELS = (['telegram', 'zalo', 'web', 'console'] satisfies ChannelId[]).map((c) => `'${c}'`).join(', ');

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

interface ClaimRow {
  learner_id: number;
  chat_id: string;
  text: string | null;
  attempts: number;
  ok: number;
}

function emptyCounts(): Record<RecipientState, number> {
  return Object.fromEntries(RECIPIENT_STATES.map((s) => [s, 0])) as Record<RecipientState, number>;
}

/** The outcome of one send, to record: the row leaves `sending` (back to `queued` with `retryAt` for a retry). */
export interface Settlement {
  broadcastId: number;
  learnerId: number;
  state: Exclude<RecipientState, 'sending'>;
  at: Date;
  error?: string;
  retryAt?: Date;
}

/** What {@link BroadcastRepository.claim} also does in its transaction. */
export interface ClaimOptions {
  /** Outcomes of earlier sends, recorded first. */
  settle?: readonly Settlement[];
  /** Reserves a chat for a send now (undefined), or says until when it is busy (the row waits). */
  reserveChat?: (chatId: string) => Date | undefined;
}

/** What a new broadcast is. */
export interface NewBroadcast {
  createdBy: string;
  kind: BroadcastKind;
  text: string;
  audience: Audience;
  notBefore: Date;
}

/**
 * Broadcasts and their per-recipient delivery queue (migrations 0012, 0013). A recipient row moves
 * `queued → sending → sent | failed | blocked`, or back to `queued` for a retry; `sending` is committed
 * before the platform call, so a row found `sending` at start-up was in flight at a crash and becomes
 * `in-doubt` (never resent automatically).
 */
export class BroadcastRepository {
  private readonly activeStmt;
  private readonly claimStmt;
  private readonly sendingStmt;
  private readonly skipStmt;
  private readonly deferStmt;
  private readonly settleStmt;
  private readonly countsStmt;
  private readonly byIdStmt;

  constructor(private readonly db: Db) {
    this.activeStmt = db.prepare<[string], { id: number; text: string }>(
      "SELECT id, text FROM broadcasts WHERE state = 'sending' AND not_before <= ? ORDER BY id",
    );
    this.claimStmt = db.prepare<[ChannelId, number, string, number], ClaimRow>(
      `SELECT r.learner_id, l.chat_id, r.text, r.attempts, (l.subscribed = 1 AND l.unreachable = 0) AS ok
       FROM broadcast_recipients r INDEXED BY broadcast_recipients_queue JOIN learners l ON l.id = r.learner_id
       WHERE r.channel = ? AND r.broadcast_id = ? AND r.state = 'queued' AND r.next_attempt_at <= ?
       ORDER BY r.next_attempt_at, r.learner_id LIMIT ?`,
    );
    this.sendingStmt = db.prepare<[string, number, number]>(
      "UPDATE broadcast_recipients SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE broadcast_id = ? AND learner_id = ?",
    );
    this.deferStmt = db.prepare<[string, string, number, number]>(
      "UPDATE broadcast_recipients SET next_attempt_at = ?, updated_at = ? WHERE broadcast_id = ? AND learner_id = ? AND state = 'queued'",
    );
    this.skipStmt = db.prepare<[string, number, number]>(
      "UPDATE broadcast_recipients SET state = 'skipped', updated_at = ? WHERE broadcast_id = ? AND learner_id = ?",
    );
    this.settleStmt = db.prepare(
      `UPDATE broadcast_recipients SET state = @state, next_attempt_at = COALESCE(@next, next_attempt_at), last_error = @error,
         updated_at = @at WHERE broadcast_id = @b AND learner_id = @l AND state = 'sending'`,
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

  /** The learners an audience reaches now (ids), e.g. to write each a personal reminder. */
  audienceIds(a: Audience, scope: ReachScope, now: Date, options: { notRemindedSince?: Date } = {}): number[] {
    const w = audienceWhere(a, scope, now);
    let sql = `SELECT l.id FROM learners l WHERE ${w.sql}`;
    const params = [...w.params];
    if (options.notRemindedSince) {
      sql += ` AND NOT EXISTS (SELECT 1 FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id
        WHERE r.learner_id = l.id AND b.kind = 'reminder' AND b.created_at > ?)`;
      params.push(options.notRemindedSince.toISOString());
    }
    return this.db
      .prepare<unknown[], { id: number }>(`${sql} ORDER BY l.id`)
      .all(...params)
      .map((r) => r.id);
  }

  /**
   * Creates a broadcast and queues one row per recipient (the audience as it is now) in one
   * transaction. `personal` (reminders) replaces the audience query: exactly these learners, each with
   * their own text.
   */
  create(b: NewBroadcast, scope: ReachScope, now: Date, personal?: { learnerId: number; text: string }[]): { id: number; recipients: number } {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare("INSERT INTO broadcasts (created_by, kind, text, audience, state, not_before, created_at) VALUES (?, ?, ?, ?, 'sending', ?, ?)")
          .run(b.createdBy, b.kind, b.text, JSON.stringify(b.audience), b.notBefore.toISOString(), now.toISOString()).lastInsertRowid,
      );
      const due = b.notBefore.toISOString();
      let queued = 0;
      if (personal) {
        const insert = this.db.prepare(
          `INSERT OR IGNORE INTO broadcast_recipients (broadcast_id, learner_id, channel, text, state, next_attempt_at, updated_at)
           SELECT ?, l.id, l.channel, ?, 'queued', ?, ? FROM learners l WHERE l.id = ?`,
        );
        for (const p of personal) queued += insert.run(id, p.text, due, now.toISOString(), p.learnerId).changes;
      } else {
        const w = audienceWhere(b.audience, scope, now);
        queued = this.db
          .prepare(
            `INSERT INTO broadcast_recipients (broadcast_id, learner_id, channel, state, next_attempt_at, updated_at)
             SELECT ?, l.id, l.channel, 'queued', ?, ? FROM learners l WHERE ${w.sql}`,
          )
          .run(id, due, now.toISOString(), ...w.params).changes;
      }
      if (queued === 0) this.setState(id, 'done', now);
      return { id, recipients: queued };
    })();
  }

  /**
   * Claims up to `limit` due deliveries on one channel, oldest broadcast first: each becomes `sending`
   * (committed before the send starts). Recipients who switched announcements off or became
   * unreachable since the broadcast was created are `skipped`.
   *
   * In the same transaction (one commit per batch instead of two per message), `options.settle`
   * records the outcomes of earlier sends, and `options.reserveChat` paces each chat: it is asked for
   * every row about to be claimed and either reserves the chat for a send now (undefined) or says until
   * when the chat is busy, and the row stays queued until then (Telegram: one message a second per chat,
   * also across broadcasts running at once).
   */
  claim(channel: ChannelId, limit: number, now: Date, options: ClaimOptions = {}): Delivery[] {
    return this.db.transaction(() => {
      for (const s of options.settle ?? []) this.settleRow(s);
      const out: Delivery[] = [];
      if (limit <= 0) return out;
      const at = now.toISOString();
      for (const b of this.activeStmt.all(at)) {
        for (const r of this.claimStmt.all(channel, b.id, at, limit - out.length)) {
          if (r.ok !== 1) {
            this.skipStmt.run(at, b.id, r.learner_id);
            continue;
          }
          const busyUntil = options.reserveChat?.(r.chat_id);
          if (busyUntil) {
            this.deferStmt.run(busyUntil.toISOString(), at, b.id, r.learner_id);
            continue;
          }
          this.sendingStmt.run(at, b.id, r.learner_id);
          out.push({ broadcastId: b.id, learnerId: r.learner_id, channel, chatId: r.chat_id, text: r.text ?? b.text, attempts: r.attempts + 1 });
        }
        if (out.length >= limit) break;
      }
      return out;
    })();
  }

  /**
   * Records the outcome of one send (only of a row still `sending`). `retryAt` with state `queued`
   * puts the row back in the queue for another attempt.
   */
  settle(d: Pick<Delivery, 'broadcastId' | 'learnerId'>, state: Exclude<RecipientState, 'sending'>, now: Date, error?: string, retryAt?: Date): void {
    this.settleRow({ broadcastId: d.broadcastId, learnerId: d.learnerId, state, at: now, error, retryAt });
  }

  /** Records the outcomes of several sends in one transaction. */
  settleAll(settlements: readonly Settlement[]): void {
    if (settlements.length === 0) return;
    this.db.transaction(() => {
      for (const s of settlements) this.settleRow(s);
    })();
  }

  private settleRow(s: Settlement): void {
    this.settleStmt.run({
      state: s.state,
      next: s.retryAt ? s.retryAt.toISOString() : null,
      error: s.error?.slice(0, 200) ?? null,
      at: s.at.toISOString(),
      b: s.broadcastId,
      l: s.learnerId,
    });
  }

  /** At start-up: rows left `sending` by a crash become `in-doubt` (not resent). Returns how many. */
  markInFlightInDoubt(now: Date): number {
    return this.db
      .prepare("UPDATE broadcast_recipients INDEXED BY broadcast_recipients_in_flight SET state = 'in-doubt', updated_at = ? WHERE state = 'sending'")
      .run(now.toISOString()).changes;
  }

  /** Broadcasts with nothing left queued or in flight become `done`. */
  finishIdle(now: Date): number {
    return this.db
      .prepare(
        // Through the two small partial indexes (queued rows, rows in flight): never a scan of the
        // broadcast's sent rows, which a large broadcast has by the hundred thousand.
        `UPDATE broadcasts SET state = 'done', finished_at = ? WHERE state = 'sending'
         AND NOT EXISTS (SELECT 1 FROM broadcast_recipients r INDEXED BY broadcast_recipients_in_flight
           WHERE r.broadcast_id = broadcasts.id AND r.state = 'sending')
         AND NOT EXISTS (SELECT 1 FROM broadcast_recipients r INDEXED BY broadcast_recipients_queue
           WHERE r.channel IN (${CHANNELS}) AND r.broadcast_id = broadcasts.id AND r.state = 'queued')`,
      )
      .run(now.toISOString()).changes;
  }

  setState(id: number, state: BroadcastState, now: Date): void {
    this.db
      .prepare("UPDATE broadcasts SET state = ?, finished_at = CASE WHEN ? IN ('cancelled', 'done') THEN ? ELSE finished_at END WHERE id = ?")
      .run(state, state, now.toISOString(), id);
  }

  /** Cancels a broadcast: nothing more is claimed, its queued rows become `skipped`. Returns how many were skipped. */
  cancel(id: number, now: Date): number {
    return this.db.transaction(() => {
      this.setState(id, 'cancelled', now);
      return this.db
        .prepare("UPDATE broadcast_recipients SET state = 'skipped', last_error = 'cancelled', updated_at = ? WHERE broadcast_id = ? AND state = 'queued'")
        .run(now.toISOString(), id).changes;
    })();
  }

  /** Puts a broadcast's in-doubt rows back in the queue (an officer chose to resend them); reopens it if done. */
  requeueInDoubt(id: number, now: Date): number {
    return this.db.transaction(() => {
      const n = this.db
        .prepare("UPDATE broadcast_recipients SET state = 'queued', next_attempt_at = ?, updated_at = ? WHERE broadcast_id = ? AND state = 'in-doubt'")
        .run(now.toISOString(), now.toISOString(), id).changes;
      if (n > 0) this.db.prepare("UPDATE broadcasts SET state = 'sending', finished_at = NULL WHERE id = ? AND state = 'done'").run(id);
      return n;
    })();
  }

  get(id: number): Broadcast | undefined {
    const row = this.byIdStmt.get(id);
    return row ? this.withCounts(row) : undefined;
  }

  /** Newest first. */
  list(limit = 50, kind?: BroadcastKind): Broadcast[] {
    const rows = kind
      ? this.db.prepare<[string, number], BroadcastRow>('SELECT * FROM broadcasts WHERE kind = ? ORDER BY id DESC LIMIT ?').all(kind, limit)
      : this.db.prepare<[number], BroadcastRow>('SELECT * FROM broadcasts ORDER BY id DESC LIMIT ?').all(limit);
    return rows.map((r) => this.withCounts(r));
  }

  /** Recipient rows of one broadcast in a state (tests, the dashboard's detail view). */
  recipients(id: number, state?: RecipientState): { learnerId: number; state: RecipientState; attempts: number; lastError?: string }[] {
    const rows = this.db
      .prepare<unknown[], { learner_id: number; state: string; attempts: number; last_error: string | null }>(
        `SELECT learner_id, state, attempts, last_error FROM broadcast_recipients WHERE broadcast_id = ?${state ? ' AND state = ?' : ''} ORDER BY learner_id`,
      )
      .all(...(state ? [id, state] : [id]));
    return rows.map((r) => ({ learnerId: r.learner_id, state: r.state as RecipientState, attempts: r.attempts, lastError: r.last_error ?? undefined }));
  }

  /** Counts of every recipient row by state, across broadcasts (metrics). */
  totals(): Record<RecipientState, number> {
    const counts = emptyCounts();
    for (const c of this.db.prepare<[], { state: string; n: number }>('SELECT state, count(*) AS n FROM broadcast_recipients GROUP BY state').all()) {
      counts[c.state as RecipientState] = c.n;
    }
    return counts;
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
