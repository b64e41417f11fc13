import type { Cell, ReportTable } from './report-table.js';

function field(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The report as CSV (RFC 4180, UTF-8 with a byte-order mark so Excel shows Vietnamese correctly): the
 * title and date lines, the header (group and label joined), the units, the total, the notes.
 */
export function reportCsv(t: ReportTable): string {
  const lines: Cell[][] = [[t.title], [t.subtitle], []];
  lines.push(t.columns.map((c) => (c.label ? `${c.group} — ${c.label}` : c.group)));
  lines.push(...t.body);
  lines.push(t.total);
  lines.push([]);
  for (const n of t.notes) lines.push([n]);
  return '\ufeff' + lines.map((l) => l.map(field).join(',')).join('\r\n') + '\r\n';
}
