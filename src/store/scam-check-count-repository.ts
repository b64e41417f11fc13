import type { Db } from './database.js';

/**
 * Counts of scam checks per xã/phường per ISO week (migrations 0010, 0015): by verdict, by red-flag
 * kind, and by red-flag kind among danger verdicts. Only numbers are stored — never the message, the
 * link, the number or the picture, never who asked — so officers can see which scams circulate where.
 */
export type ScamCountMeasure = 'verdict' | 'kind' | 'danger-kind';

export interface ScamCheckCount {
  communeCode: string | undefined;
  isoWeek: string;
  measure: ScamCountMeasure;
  value: string;
  count: number;
}

/** A danger kind seen in a commune for the first time (no check there showed that kind in an earlier week). */
export interface NewDangerKind {
  communeCode: string | undefined;
  kind: string;
  /** The week it was first seen as danger. */
  isoWeek: string;
  /** Danger checks with this kind in that week. */
  count: number;
}

/** ISO 8601 week of a date in Vietnam time (UTC+7), e.g. "2026-W49". */
export function isoWeek(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  const day = (local.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - day + 3));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((thursday.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week `weeks` weeks before the one `at` falls in (0: that week). */
export function isoWeekBefore(at: Date, weeks: number): string {
  return isoWeek(new Date(at.getTime() - weeks * 7 * 86_400_000));
}

type Row = { commune_code: string; iso_week: string; measure: ScamCountMeasure; value: string; count: number };

export class ScamCheckCountRepository {
  private readonly bumpStmt;
  private readonly listStmt;
  private readonly newDangerStmt;

  constructor(db: Db) {
    this.bumpStmt = db.prepare(
      `INSERT INTO scam_check_counts (commune_code, iso_week, measure, value, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (commune_code, iso_week, measure, value) DO UPDATE SET count = count + 1`,
    );
    this.listStmt = db.prepare<[string], Row>(`SELECT * FROM scam_check_counts WHERE iso_week >= ? ORDER BY iso_week, commune_code, measure, value`);
    // First week each (commune, kind) was danger, kept when it is recent and the kind was never seen in
    // that commune (in any check) in an earlier week.
    this.newDangerStmt = db.prepare<[string], { commune_code: string; value: string; iso_week: string; count: number }>(
      `WITH first_danger AS (
         SELECT commune_code, value, MIN(iso_week) AS iso_week FROM scam_check_counts WHERE measure = 'danger-kind' GROUP BY commune_code, value
       )
       SELECT f.commune_code, f.value, f.iso_week, c.count
         FROM first_danger f
         JOIN scam_check_counts c ON c.commune_code = f.commune_code AND c.iso_week = f.iso_week AND c.measure = 'danger-kind' AND c.value = f.value
        WHERE f.iso_week >= ?
          AND NOT EXISTS (SELECT 1 FROM scam_check_counts k WHERE k.commune_code = f.commune_code AND k.measure = 'kind' AND k.value = f.value AND k.iso_week < f.iso_week)
        ORDER BY f.iso_week DESC, f.commune_code, f.value`,
    );
  }

  /** Counts one check: its verdict and each distinct red-flag kind found (also as danger kinds when the verdict is danger). */
  record(communeCode: string | undefined, at: Date, verdict: string, kinds: readonly string[]): void {
    const week = isoWeek(at);
    const commune = communeCode ?? '';
    this.bumpStmt.run(commune, week, 'verdict', verdict);
    for (const kind of new Set(kinds)) {
      this.bumpStmt.run(commune, week, 'kind', kind);
      if (verdict === 'danger') this.bumpStmt.run(commune, week, 'danger-kind', kind);
    }
  }

  /** Danger kinds first seen in a commune in `sinceWeek` or later ("YYYY-Www"), newest first. */
  newDangerKinds(sinceWeek: string): NewDangerKind[] {
    return this.newDangerStmt.all(sinceWeek).map((r) => ({ communeCode: r.commune_code || undefined, kind: r.value, isoWeek: r.iso_week, count: r.count }));
  }

  /** Counts from `sinceWeek` (inclusive, "YYYY-Www") on. */
  list(sinceWeek = ''): ScamCheckCount[] {
    return this.listStmt.all(sinceWeek).map((r) => ({
      communeCode: r.commune_code || undefined,
      isoWeek: r.iso_week,
      measure: r.measure,
      value: r.value,
      count: r.count,
    }));
  }
}
