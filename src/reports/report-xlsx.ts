import type ExcelJS from 'exceljs';
import type { ReportTable } from './report-table.js';

/**
 * The report as an Excel workbook laid out like the province's tables: the title merged across the
 * table, the date under it, a two-row header (groups merged over their "Số người" / "Tỷ lệ %" columns,
 * single columns merged down), numbered lines, a bold total line, the notes under the table. Numbers
 * are stored as numbers (percentages with one decimal), so the sheet can be summed and checked.
 */
export async function reportXlsx(t: ReportTable): Promise<Buffer> {
  // Loaded on first export: exceljs takes seconds to import, and the service should start fast.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Trợ lý Bình dân học vụ số';
  const ws = wb.addWorksheet('Báo cáo', { views: [{ state: 'frozen', xSplit: 3, ySplit: 5 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const n = t.columns.length;
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

  ws.mergeCells(1, 1, 1, n);
  Object.assign(ws.getCell(1, 1), { value: t.title });
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, n);
  ws.getCell(2, 1).value = t.subtitle;
  ws.getCell(2, 1).font = { italic: true };
  ws.getCell(2, 1).alignment = { horizontal: 'center' };

  // Header rows 4 (groups) and 5 (labels).
  let c = 0;
  while (c < n) {
    const col = t.columns[c]!;
    let end = c;
    while (end + 1 < n && t.columns[end + 1]!.group === col.group && col.label) end++;
    if (!col.label) ws.mergeCells(4, c + 1, 5, c + 1);
    else {
      if (end > c) ws.mergeCells(4, c + 1, 4, end + 1);
      for (let k = c; k <= end; k++) ws.getCell(5, k + 1).value = t.columns[k]!.label;
    }
    ws.getCell(4, c + 1).value = col.group;
    c = end + 1;
  }
  for (const r of [4, 5]) {
    for (let k = 1; k <= n; k++) {
      const cell = ws.getCell(r, k);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
    }
  }
  ws.getRow(4).height = 45;

  const write = (rowIndex: number, cells: ReportTable['total'], bold: boolean) => {
    cells.forEach((v, k) => {
      const cell = ws.getCell(rowIndex, k + 1);
      cell.value = v;
      cell.border = border;
      const kind = t.columns[k]!.kind;
      if (kind === 'pct') cell.numFmt = '0.0';
      else if (kind === 'int') cell.numFmt = '#,##0';
      if (bold) cell.font = { bold: true };
    });
  };
  let row = 6;
  for (const cells of t.body) write(row++, cells, false);
  write(row, t.total, true);
  ws.mergeCells(row, 1, row, 3);
  ws.getCell(row, 1).value = 'Tổng cộng';
  row += 2;
  for (const note of t.notes) {
    ws.mergeCells(row, 1, row, n);
    ws.getCell(row, 1).value = note;
    ws.getCell(row, 1).alignment = { wrapText: true };
    ws.getRow(row).height = 30;
    row++;
  }
  t.columns.forEach((col, k) => {
    ws.getColumn(k + 1).width = k === 2 ? 24 : col.kind === 'text' ? 12 : col.kind === 'date' ? 13 : 10;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
