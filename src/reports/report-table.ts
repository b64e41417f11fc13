import { percent, type CommuneReport, type ReportRow } from './commune-report.js';
import { ADULT_SKILL_TARGETS, targetCount } from './targets.js';

/**
 * The report laid out as the province's reporting tables are: a title, the date, a two-level header
 * (a group such as a topic over "Số người" / "Tỷ lệ %"), one line per unit numbered STT, a total line and
 * the source of the targets. CSV, XLSX and the dashboard's table all come from this one layout.
 */
export type CellKind = 'int' | 'pct' | 'text' | 'date';
export type Cell = string | number | null;

export interface Column {
  /** The upper header, shared by neighbouring columns (merged in XLSX). */
  group: string;
  /** The lower header; empty when the group names the column alone. */
  label: string;
  kind: CellKind;
  value(row: ReportRow, index: number | undefined): Cell;
}

export const REPORT_TITLE = 'BÁO CÁO KẾT QUẢ HỌC KỸ NĂNG SỐ THEO XÃ, PHƯỜNG — PHONG TRÀO “BÌNH DÂN HỌC VỤ SỐ”';

/** dd/mm/yyyy in Vietnam time. */
export function vnDate(iso: string | Date): string {
  const d = new Date((typeof iso === 'string' ? Date.parse(iso) : iso.getTime()) + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function reportColumns(report: CommuneReport): Column[] {
  const cols: Column[] = [
    { group: 'STT', label: '', kind: 'int', value: (_r, i) => (i === undefined ? null : i + 1) },
    { group: 'Mã', label: '', kind: 'text', value: (r) => r.code ?? '' },
    { group: 'Xã/phường', label: '', kind: 'text', value: (r) => r.name },
    { group: 'Số người học', label: '', kind: 'int', value: (r) => r.learners },
  ];
  for (const t of report.topics) {
    cols.push(
      { group: `Đạt chủ đề: ${t.title}`, label: 'Số người', kind: 'int', value: (r) => r.passed[t.id] ?? 0 },
      { group: `Đạt chủ đề: ${t.title}`, label: 'Tỷ lệ %', kind: 'pct', value: (r) => percent(r.passed[t.id] ?? 0, r.learners) },
    );
  }
  const all = `Hoàn thành cả ${report.topics.length} chủ đề`;
  cols.push(
    { group: all, label: 'Số người', kind: 'int', value: (r) => r.completed },
    { group: all, label: 'Tỷ lệ %', kind: 'pct', value: (r) => percent(r.completed, r.learners) },
    { group: 'Dân số trưởng thành', label: '', kind: 'int', value: (r) => r.adults ?? null },
    { group: 'Hoàn thành / dân số trưởng thành', label: 'Tỷ lệ %', kind: 'pct', value: (r) => (r.adults ? percent(r.completed, r.adults) : null) },
  );
  for (const t of ADULT_SKILL_TARGETS) {
    const g = `Chỉ tiêu ${t.year} (${t.percent}% người trưởng thành)`;
    cols.push(
      { group: g, label: 'Số người', kind: 'int', value: (r) => (r.adults !== undefined ? targetCount(r.adults, t.percent) : null) },
      { group: g, label: 'Còn thiếu', kind: 'int', value: (r) => (r.adults !== undefined ? Math.max(0, targetCount(r.adults, t.percent) - r.completed) : null) },
    );
  }
  cols.push({ group: 'Hoạt động gần nhất', label: '', kind: 'date', value: (r) => (r.lastActiveAt ? vnDate(r.lastActiveAt) : '') });
  return cols;
}

export interface ReportTable {
  title: string;
  subtitle: string;
  columns: Column[];
  /** One line per unit, then the total line. */
  body: Cell[][];
  total: Cell[];
  notes: string[];
}

export function reportTable(report: CommuneReport, notes: string[]): ReportTable {
  const columns = reportColumns(report);
  return {
    title: REPORT_TITLE,
    subtitle: `Số liệu của Trợ lý Bình dân học vụ số, tính đến ngày ${vnDate(report.generatedAt)}`,
    columns,
    body: report.rows.map((r, i) => columns.map((c) => c.value(r, i))),
    total: columns.map((c) => c.value(report.total, undefined)),
    notes,
  };
}
