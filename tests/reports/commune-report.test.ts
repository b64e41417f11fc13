import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as report } from '../../src/cli/report.js';
import { loadCommunes } from '../../src/learning/communes-loader.js';
import { buildCommuneReport } from '../../src/reports/commune-report.js';
import { reportCsv } from '../../src/reports/report-csv.js';
import { reportTable } from '../../src/reports/report-table.js';
import { reportXlsx } from '../../src/reports/report-xlsx.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { PopulationRepository } from '../../src/store/population-repository.js';
import { ReportRepository } from '../../src/store/report-repository.js';
import { FIXTURES } from '../core/harness.js';
import { A, B, seedLearners } from '../web/admin/fixture.js';

const TOPICS = [
  { id: 'vneid', title: 'Dùng ứng dụng VNeID' },
  { id: 'lua-dao', title: 'Phòng tránh lừa đảo' },
];
const NOW = new Date('2026-12-01T03:00:00Z');
let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-'));
  db = openDatabase(join(dir, 'app.db'));
  // Tân Định: 4 learners; 3 passed VNeID, 2 passed scams (one after failing once), 2 completed.
  // Xuân Phương: 2 learners, 1 passed VNeID (a failed attempt does not count). 1 learner without commune.
  seedLearners(db, [
    { commune: A, passed: ['vneid', 'lua-dao'], completed: true, lastActiveAt: '2026-11-30T10:00:00.000Z' },
    { commune: A, passed: ['vneid', 'lua-dao'], completed: true, failedTopic: 'lua-dao', channel: 'zalo' },
    { commune: A, passed: ['vneid'], createdAt: '2026-10-01T03:00:00.000Z', lastActiveAt: '2026-10-02T03:00:00.000Z' },
    { commune: A },
    { commune: B, passed: ['vneid'] },
    { commune: B, failedTopic: 'vneid' },
    {},
  ]);
  new PopulationRepository(db).import([{ code: A, adults: 10 }], 'test', NOW);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const communes = () => loadCommunes(join(FIXTURES, 'communes.yaml')).communes;
const build = (scope?: string[]) => buildCommuneReport(new ReportRepository(db), { communes: communes(), topics: TOPICS, scope, population: new PopulationRepository(db).all(), now: NOW });

describe('per-commune report', () => {
  it('counts learners, topics passed, completions and coverage per xã/phường', () => {
    const r = build();
    const a = r.rows.find((x) => x.code === A)!;
    expect(a).toMatchObject({ learners: 4, completed: 2, passed: { vneid: 3, 'lua-dao': 2 }, adults: 10, lastActiveAt: '2026-11-30T10:00:00.000Z' });
    expect(r.rows.find((x) => x.code === B)).toMatchObject({ learners: 2, completed: 0, passed: { vneid: 1, 'lua-dao': 0 } });
    // Every unit of the list is a line, learners or not; people without a commune get their own line.
    expect(r.rows.map((x) => x.name)).toEqual(['Phường Tân Định', 'Xã Xuân Phương', 'Phường Xuân Phương', 'Xã Hòa An', 'Chưa chọn xã/phường']);
    expect(r.total).toMatchObject({ learners: 7, completed: 2, passed: { vneid: 4, 'lua-dao': 2 }, adults: 10 });
  });

  it('an officer scope holds only their communes', () => {
    const r = build([B]);
    expect(r.rows.map((x) => x.code)).toEqual([B]);
    expect(r.total.learners).toBe(2);
  });

  it('the overview counts activity, topics and channels', () => {
    const o = new ReportRepository(db).overview(undefined, NOW);
    expect(o).toMatchObject({ learners: 7, completed: 2 });
    expect(o.active7).toBe(1);
    expect(o.active30).toBe(6);
    expect(o.passedByTopic.get('vneid')).toBe(4);
    expect(Object.fromEntries(o.byChannel)).toEqual({ telegram: 6, zalo: 1 });
  });

  it('the table has percentages, targets from the plan and the shortfall', () => {
    const t = reportTable(build(), []);
    const col = (label: string) => t.columns.findIndex((c) => `${c.group}|${c.label}` === label);
    const row = t.body[0]!;
    expect(row[col('Đạt chủ đề: Dùng ứng dụng VNeID|Tỷ lệ %')]).toBe(75);
    expect(row[col('Hoàn thành cả 2 chủ đề|Tỷ lệ %')]).toBe(50);
    expect(row[col('Hoàn thành / dân số trưởng thành|Tỷ lệ %')]).toBe(20);
    expect(row[col('Chỉ tiêu 2025 (80% người trưởng thành)|Số người')]).toBe(8);
    expect(row[col('Chỉ tiêu 2025 (80% người trưởng thành)|Còn thiếu')]).toBe(6);
    expect(row[col('Chỉ tiêu 2026 (100% người trưởng thành)|Còn thiếu')]).toBe(8);
    expect(t.body[1]![col('Dân số trưởng thành|')]).toBeNull();
  });

  it('CSV is quoted, has a BOM and the same numbers', () => {
    const csv = reportCsv(reportTable(build(), ['Ghi chú, có dấu phẩy']));
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('1,tandinh,Phường Tân Định,4,3,75,2,50,2,50,10,20,8,6,10,8,30/11/2026');
    expect(csv).toContain('"Ghi chú, có dấu phẩy"');
  });

  it('XLSX opens with exceljs and holds the numbers as numbers', async () => {
    const buf = await reportXlsx(reportTable(build(), ['Nguồn chỉ tiêu']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Báo cáo')!;
    expect(String(ws.getCell('A1').value)).toContain('BÁO CÁO');
    expect(ws.getCell('C6').value).toBe('Phường Tân Định');
    expect(ws.getCell('D6').value).toBe(4);
    expect(ws.getCell('E6').value).toBe(3);
    expect(ws.getCell('F6').value).toBe(75);
    expect(ws.getCell('E4').value).toBe('Đạt chủ đề: Dùng ứng dụng VNeID');
    expect(ws.getCell('E5').value).toBe('Số người');
    // Total line after the 5 units.
    expect(ws.getCell('A11').value).toBe('Tổng cộng');
    expect(ws.getCell('D11').value).toBe(7);
    expect(ws.getCell('I11').value).toBe(2);
  });

  it('`cli report` writes the same report without the web, and audits it', async () => {
    const out = join(dir, 'r.csv');
    const env = { DATABASE_PATH: process.env.DATABASE_PATH, CONTENT_DIR: process.env.CONTENT_DIR };
    process.env.DATABASE_PATH = join(dir, 'app.db');
    const content = mkdtempSync(join(tmpdir(), 'report-content-'));
    try {
      const { cpSync } = await import('node:fs');
      cpSync(join(FIXTURES, 'curriculum'), content, { recursive: true });
      cpSync(join(FIXTURES, 'communes.yaml'), join(content, 'communes.yaml'));
      process.env.CONTENT_DIR = content;
      expect(await report(['--commune', A, '--format', 'csv', '--out', out])).toBe(0);
      const csv = readFileSync(out, 'utf8');
      expect(csv).toContain('Phường Tân Định,4,3,75');
      expect(csv).not.toContain('Xuân Phương');
      expect(await report(['--format', 'xlsx', '--out', join(dir, 'r.xlsx')])).toBe(0);
      expect(await report(['--format', 'pdf', '--out', out])).toBe(2);
      const audited = db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'report.export'").all() as { actor: string; detail: string }[];
      expect(audited).toHaveLength(2);
      expect(audited[0]!.actor).toBe('cli');
    } finally {
      Object.assign(process.env, env);
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
      rmSync(content, { recursive: true, force: true });
    }
  });
});
