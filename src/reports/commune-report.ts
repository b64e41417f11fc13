import type { Commune } from '../learning/communes.js';
import type { ReportRepository, ReportScope } from '../store/report-repository.js';

/** The per-xã/phường report, shared by the dashboard, its CSV/XLSX exports and `npm run cli -- report`. */
export interface TopicRef {
  id: string;
  title: string;
}

export interface ReportRow {
  /** Commune code; undefined for learners who have not said where they live. */
  code?: string;
  name: string;
  learners: number;
  passed: Record<string, number>;
  completed: number;
  lastActiveAt?: string;
  /** Adults living there, when an admin imported it. */
  adults?: number;
}

export interface CommuneReport {
  generatedAt: Date;
  topics: TopicRef[];
  rows: ReportRow[];
  total: ReportRow;
}

export const NO_COMMUNE_NAME = 'Chưa chọn xã/phường';

/** Share in percent with one decimal; 0 when the denominator is 0. */
export function percent(n: number, of: number): number {
  return of > 0 ? Math.round((1000 * n) / of) / 10 : 0;
}

/**
 * Builds the report: one row per xã/phường in scope (every unit of the list, learners or not, as the
 * province's tables list every unit), then units with learners that are no longer in the list, then
 * (whole province only) learners with no commune; and the total.
 */
export function buildCommuneReport(
  repo: ReportRepository,
  opts: { communes: readonly Commune[]; topics: readonly TopicRef[]; scope: ReportScope; population: Map<string, number>; now: Date; only?: string },
): CommuneReport {
  let scope = opts.scope;
  if (opts.only !== undefined) scope = scope === undefined || scope.includes(opts.only) ? [opts.only] : [];
  const counts = new Map(repo.byCommune(scope).map((c) => [c.code ?? '', c]));
  const inScope = (code: string) => scope === undefined || scope.includes(code);
  const rows: ReportRow[] = [];
  const row = (code: string | undefined, name: string): ReportRow => {
    const c = counts.get(code ?? '');
    return {
      code,
      name,
      learners: c?.learners ?? 0,
      passed: Object.fromEntries(opts.topics.map((t) => [t.id, c?.passedByTopic.get(t.id) ?? 0])),
      completed: c?.completed ?? 0,
      lastActiveAt: c?.lastActiveAt,
      adults: code !== undefined ? opts.population.get(code) : undefined,
    };
  };
  const listed = new Set<string>();
  for (const commune of opts.communes) {
    if (!inScope(commune.code)) continue;
    listed.add(commune.code);
    rows.push(row(commune.code, commune.name));
  }
  for (const code of [...counts.keys()].sort()) {
    if (code !== '' && !listed.has(code)) rows.push(row(code, code));
  }
  if (scope === undefined && counts.has('')) rows.push(row(undefined, NO_COMMUNE_NAME));

  const sum = (f: (r: ReportRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const withAdults = rows.filter((r) => r.adults !== undefined);
  const total: ReportRow = {
    name: 'Tổng cộng',
    learners: sum((r) => r.learners),
    passed: Object.fromEntries(opts.topics.map((t) => [t.id, sum((r) => r.passed[t.id] ?? 0)])),
    completed: sum((r) => r.completed),
    lastActiveAt: rows.map((r) => r.lastActiveAt).filter((x): x is string => x !== undefined).sort().pop(),
    adults: withAdults.length ? withAdults.reduce((s, r) => s + (r.adults ?? 0), 0) : undefined,
  };
  return { generatedAt: opts.now, topics: [...opts.topics], rows, total };
}
