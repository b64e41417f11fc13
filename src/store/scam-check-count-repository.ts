import type { Db } from './database.js';

/**
 * Counts of scam checks per xã/phường per ISO week (migration 0010): by verdict and by red-flag kind.
 * Only numbers are stored — never the message, the link, the number or the picture, never who asked —
 * so officers can see which scams circulate where.
 */
export interface ScamCheckCount {
  communeCode: string | undefined;
  isoWeek: string;
  measure: 'verdict' | 'kind';
  value: string;
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

export class ScamCheckCountRepository {
  private readonly bumpStmt;
  private readonly listStmt;

  constructor(db: Db) {
    this.bumpStmt = db.prepare(
      `INSERT INTO scam_check_counts (commune_code, iso_week, measure, value, count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (commune_code, iso_week, measure, value) DO UPDATE SET count = count + 1`,
    );
    this.listStmt = db.prepare<[string], { commune_code: string; iso_week: string; measure: 'verdict' | 'kind'; value: string; count: number }>(
      `SELECT * FROM scam_check_counts WHERE iso_week >= ? ORDER BY iso_week, commune_code, measure, value`,
    );
  }

  /** Counts one check: its verdict and each distinct red-flag kind found. */
  record(communeCode: string | undefined, at: Date, verdict: string, kinds: readonly string[]): void {
    const week = isoWeek(at);
    const commune = communeCode ?? '';
    this.bumpStmt.run(commune, week, 'verdict', verdict);
    for (const kind of new Set(kinds)) this.bumpStmt.run(commune, week, 'kind', kind);
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
