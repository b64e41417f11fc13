import { percent, type CommuneReport, type ReportRow } from '../../reports/commune-report.js';
import type { SortKey } from './pages.js';

const KEYS: Record<SortKey, (r: ReportRow) => number | string> = {
  ten: (r) => r.name,
  hoc: (r) => r.learners,
  xong: (r) => percent(r.completed, r.learners),
  phu: (r) => (r.adults ? percent(r.completed, r.adults) : -1),
  gan: (r) => r.lastActiveAt ?? '',
};

/** The report with its rows sorted by a column (names compared the Vietnamese way; no-commune line last). */
export function sortRows(report: CommuneReport, key: SortKey, desc: boolean): CommuneReport {
  const f = KEYS[key];
  const collator = new Intl.Collator('vi');
  const rows = [...report.rows].sort((a, b) => {
    // Learners without a commune stay last, whatever the order.
    if ((a.code === undefined) !== (b.code === undefined)) return a.code === undefined ? 1 : -1;
    const x = f(a);
    const y = f(b);
    const c = typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : (x as number) - (y as number);
    return desc ? -c : c;
  });
  return { ...report, rows };
}
