import type { Db } from './database.js';

/** Which learners a report covers: every one (undefined) or those of the listed commune codes. */
export type ReportScope = readonly string[] | undefined;

/** A topic counts as passed with a finished topic quiz at ≥ 80 % (as in learning/quiz-service). */
const PASSED = "qa.scope = 'topic' AND qa.finished_at IS NOT NULL AND qa.total > 0 AND qa.correct * 5 >= qa.total * 4";

function scopeWhere(scope: ReportScope): { sql: string; params: string[] } {
  if (scope === undefined) return { sql: '1', params: [] };
  if (scope.length === 0) return { sql: '0', params: [] };
  return { sql: `l.commune_code IN (${scope.map(() => '?').join(',')})`, params: [...scope] };
}

export interface OverviewCounts {
  learners: number;
  active7: number;
  active30: number;
  completed: number;
  passedByTopic: Map<string, number>;
  byChannel: Map<string, number>;
}

export interface CommuneCounts {
  /** null: the learner has not said where they live. */
  code: string | null;
  learners: number;
  completed: number;
  passedByTopic: Map<string, number>;
  lastActiveAt?: string;
}

export interface WeekCount {
  /** Monday of the week (Vietnam time), YYYY-MM-DD. */
  week: string;
  count: number;
}

/** Read-only aggregates over learners for the dashboard and the report export; never one person's row. */
export class ReportRepository {
  constructor(private readonly db: Db) {}

  overview(scope: ReportScope, now: Date): OverviewCounts {
    const w = scopeWhere(scope);
    const day = 86_400_000;
    const head = this.db
      .prepare(
        `SELECT count(*) AS learners, coalesce(sum(l.last_active_at >= ?), 0) AS active7, coalesce(sum(l.last_active_at >= ?), 0) AS active30
         FROM learners l WHERE ${w.sql}`,
      )
      .get(new Date(now.getTime() - 7 * day).toISOString(), new Date(now.getTime() - 30 * day).toISOString(), ...w.params) as {
      learners: number;
      active7: number;
      active30: number;
    };
    const completed = (
      this.db.prepare(`SELECT count(*) AS n FROM completions c JOIN learners l ON l.id = c.learner_id WHERE ${w.sql}`).get(...w.params) as { n: number }
    ).n;
    const passed = this.db
      .prepare<string[], { topic: string; n: number }>(
        `SELECT qa.scope_id AS topic, count(DISTINCT qa.learner_id) AS n FROM quiz_attempts qa JOIN learners l ON l.id = qa.learner_id
         WHERE ${PASSED} AND ${w.sql} GROUP BY qa.scope_id`,
      )
      .all(...w.params);
    const channels = this.db
      .prepare<string[], { channel: string; n: number }>(`SELECT l.channel, count(*) AS n FROM learners l WHERE ${w.sql} GROUP BY l.channel ORDER BY n DESC`)
      .all(...w.params);
    return {
      ...head,
      completed,
      passedByTopic: new Map(passed.map((p) => [p.topic, p.n])),
      byChannel: new Map(channels.map((c) => [c.channel, c.n])),
    };
  }

  /** One entry per commune code that has learners in scope (null code: not stated). */
  byCommune(scope: ReportScope): CommuneCounts[] {
    const w = scopeWhere(scope);
    const rows = this.db
      .prepare<string[], { code: string | null; learners: number; last: string | null }>(
        `SELECT l.commune_code AS code, count(*) AS learners, max(l.last_active_at) AS last FROM learners l WHERE ${w.sql} GROUP BY l.commune_code`,
      )
      .all(...w.params);
    const completed = this.db
      .prepare<string[], { code: string | null; n: number }>(
        `SELECT l.commune_code AS code, count(*) AS n FROM completions c JOIN learners l ON l.id = c.learner_id WHERE ${w.sql} GROUP BY l.commune_code`,
      )
      .all(...w.params);
    const passed = this.db
      .prepare<string[], { code: string | null; topic: string; n: number }>(
        `SELECT l.commune_code AS code, qa.scope_id AS topic, count(DISTINCT qa.learner_id) AS n
         FROM quiz_attempts qa JOIN learners l ON l.id = qa.learner_id WHERE ${PASSED} AND ${w.sql} GROUP BY l.commune_code, qa.scope_id`,
      )
      .all(...w.params);
    const key = (c: string | null) => c ?? '';
    const out = new Map<string, CommuneCounts>();
    for (const r of rows) out.set(key(r.code), { code: r.code, learners: r.learners, completed: 0, passedByTopic: new Map(), lastActiveAt: r.last ?? undefined });
    for (const c of completed) {
      const row = out.get(key(c.code));
      if (row) row.completed = c.n;
    }
    for (const p of passed) out.get(key(p.code))?.passedByTopic.set(p.topic, p.n);
    return [...out.values()];
  }

  /** New learners per week since `since` (Vietnam weeks, Monday first). */
  newPerWeek(scope: ReportScope, since: Date): WeekCount[] {
    const w = scopeWhere(scope);
    return this.db
      .prepare<string[], WeekCount>(
        `SELECT date(l.created_at, '+7 hours', 'weekday 0', '-6 days') AS week, count(*) AS count FROM learners l
         WHERE l.created_at >= ? AND ${w.sql} GROUP BY week ORDER BY week`,
      )
      .all(since.toISOString(), ...w.params);
  }

  /** Learners active at least one day of each week since `sinceDay` (YYYY-MM-DD, Vietnam date). */
  activePerWeek(scope: ReportScope, sinceDay: string): WeekCount[] {
    const w = scopeWhere(scope);
    return this.db
      .prepare<string[], WeekCount>(
        `SELECT date(d.day, 'weekday 0', '-6 days') AS week, count(DISTINCT d.learner_id) AS count
         FROM learner_days d JOIN learners l ON l.id = d.learner_id WHERE d.day >= ? AND ${w.sql} GROUP BY week ORDER BY week`,
      )
      .all(sinceDay, ...w.params);
  }
}
