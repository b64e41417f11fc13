import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../config.js';
import { loadCurriculum } from '../content/loader.js';
import { loadCommunes } from '../learning/communes-loader.js';
import { buildCommuneReport } from '../reports/commune-report.js';
import { reportCsv } from '../reports/report-csv.js';
import { reportTable } from '../reports/report-table.js';
import { reportXlsx } from '../reports/report-xlsx.js';
import { PLAN_SOURCE } from '../reports/targets.js';
import { AuditRepository } from '../store/audit-repository.js';
import { openDatabase } from '../store/database.js';
import { PopulationRepository } from '../store/population-repository.js';
import { ReportRepository } from '../store/report-repository.js';

const USAGE = `Cách dùng: npm run cli -- report [--commune MÃ] --format csv|xlsx --out TỆP
Báo cáo theo xã/phường, giống bảng tải từ trang quản lý (/admin/xa-phuong).`;

/** `report`: the per-commune report without the web; audited as `report.export` by "cli". */
export async function run(args: string[]): Promise<number> {
  let values: { commune?: string; format?: string; out?: string };
  try {
    ({ values } = parseArgs({ args, options: { commune: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const format = values.format;
  if ((format !== 'csv' && format !== 'xlsx') || !values.out) {
    console.error(USAGE);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const communes = loadCommunes(join(config.CONTENT_DIR, 'communes.yaml')).communes;
  if (values.commune !== undefined && !communes.some((c) => c.code === values.commune)) {
    console.error(`Mã xã/phường “${values.commune}” không có trong content/communes.yaml.`);
    return 2;
  }
  const curriculum = loadCurriculum(config.CONTENT_DIR);
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const now = new Date();
    const report = buildCommuneReport(new ReportRepository(db), {
      communes,
      topics: curriculum.topics.map((t) => ({ id: t.id, title: t.title })),
      scope: undefined,
      population: new PopulationRepository(db).all(),
      now,
      only: values.commune,
    });
    const table = reportTable(report, [`Chỉ tiêu theo ${PLAN_SOURCE}.`, 'Hoàn thành = đạt bài kiểm tra cả 5 chủ đề trên trợ lý; không phải số được xác nhận trên VNeID.']);
    writeFileSync(values.out, format === 'csv' ? reportCsv(table) : await reportXlsx(table));
    new AuditRepository(db).record('cli', 'report.export', { format, via: 'cli', commune: values.commune ?? null, units: table.body.length }, now);
    console.log(`Đã ghi ${values.out}: ${table.body.length} xã/phường, ${report.total.learners} người học.`);
    return 0;
  } finally {
    db.close();
  }
}
