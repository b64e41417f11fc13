/**
 * The adult population an admin imports: CSV lines `code,count` (a header line, blank lines, a BOM, `;`
 * as separator and spaces/dots/commas as thousands separators in quotes are accepted). Every line is
 * checked first; nothing is imported when one is wrong.
 */
export function parsePopulationCsv(text: string, known: ReadonlySet<string>): { rows: { code: string; adults: number }[]; errors: string[] } {
  const rows: { code: string; adults: number }[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const m = /^"?([^",;]+)"?\s*[,;]\s*"?([\d .,]+)"?\s*$/.exec(trimmed);
    if (!m) {
      if (i === 0 && !/\d/.test(trimmed.split(/[,;]/)[1] ?? '')) return; // header line
      errors.push(`Dòng ${i + 1}: cần dạng “mã,số người”.`);
      return;
    }
    const code = (m[1] ?? '').trim();
    const adults = Number((m[2] ?? '').replace(/[ .,]/g, ''));
    if (!known.has(code)) errors.push(`Dòng ${i + 1}: mã “${code}” không có trong danh sách xã/phường.`);
    else if (!Number.isSafeInteger(adults) || adults < 0 || adults > 10_000_000) errors.push(`Dòng ${i + 1}: số người không hợp lệ.`);
    else if (seen.has(code)) errors.push(`Dòng ${i + 1}: mã “${code}” lặp lại.`);
    else {
      seen.add(code);
      rows.push({ code, adults });
    }
  });
  if (!rows.length && !errors.length) errors.push('Chưa có dòng số liệu nào.');
  return { rows, errors };
}
