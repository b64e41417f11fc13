import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfficerService } from '../../src/officers/officer-service.js';
import { AuditRepository } from '../../src/store/audit-repository.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { OfficerRepository } from '../../src/store/officer-repository.js';
import { A, B, seedLearners } from '../web/admin/fixture.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { findChromium } from './browser.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * The dashboard in headless Chromium against the real service process: an admin signs in through the
 * link the bot sends in the web chat, sees the overview and the commune table with its chart, downloads
 * the CSV and XLSX (the XLSX read back with exceljs), composes, previews and sends an announcement.
 * Screenshots at 360×740 and 1280×900 go to SCREENSHOT_DIR (default: a temp directory).
 */
const SHOTS = process.env.SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'dash-shots-'));

describe('officers’ dashboard in a browser', () => {
  let service: ServiceProcess;
  let work: ReturnType<typeof makeWorkDir>;
  let browser: BrowserContext;
  let profile: string;
  let chat: Page;
  let db: Db;
  let telegram: FakeTelegramServer;

  beforeAll(async () => {
    work = makeWorkDir();
    mkdirSync(SHOTS, { recursive: true });
    // Announcements reach only the platforms the service runs: Telegram (a fake on 127.0.0.1) carries them here.
    telegram = await FakeTelegramServer.start();
    service = await ServiceProcess.start({
      PORT: '0',
      DATABASE_PATH: work.dbPath,
      CONTENT_DIR: work.contentDir,
      RATE_LIMIT_MESSAGES: '100',
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      QUIET_HOURS: '0-0',
    });
    db = openDatabase(work.dbPath);
    seedLearners(db, [
      { commune: A, passed: ['vneid', 'lua-dao'], completed: true },
      { commune: A, passed: ['vneid'] },
      { commune: A },
      { commune: B, passed: ['vneid'], channel: 'zalo' },
      { commune: B, subscribed: false },
    ]);
    profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    // /usr/bin/chromium when installed, else the Chromium of the @sparticuz/chromium dev dependency.
    const binary = await findChromium();
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: binary.executablePath,
      viewport: { width: 360, height: 740 },
      acceptDownloads: true,
      args: binary.args,
    });
    chat = browser.pages()[0] ?? (await browser.newPage());
    chat.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    db?.close();
    await service?.dispose();
    await telegram?.close();
    work?.cleanup();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('signs in through the bot’s link, reports, exports and announces', async () => {
    const requests: string[] = [];
    browser.on('request', (r) => requests.push(r.url()));
    await chat.goto(service.url + '/');
    await chat.waitForFunction(() => document.querySelectorAll('#log li.bot').length > 0);
    const session = await chat.evaluate(() => window.localStorage.getItem('bdhvs-web-session'));
    // A signed session token `<id>.<mac>`; the id is the person's user id on the web channel.
    expect(session).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    new OfficerService(new OfficerRepository(db), new AuditRepository(db), new Set([A, B])).grant('cli', {
      channel: 'web',
      platformUserId: session!.split('.')[0]!,
      role: 'admin',
      communes: [],
      displayName: 'Chị Lan',
    });

    const n = await chat.locator('#log li.bot').count();
    await chat.getByLabel('Nhập câu hỏi của bạn').fill('/dangnhap');
    await chat.keyboard.press('Enter');
    await chat.waitForFunction((c) => document.querySelectorAll('#log li.bot').length > c, n);
    const link = chat.locator('#log li.bot').last().locator('a[href*="/admin/dangnhap/"]');
    await expect(link.count()).resolves.toBe(1);
    const [admin] = await Promise.all([browser.waitForEvent('page'), link.click()]);
    admin.setDefaultTimeout(10_000);
    await admin.waitForLoadState();
    await admin.getByRole('button', { name: 'Đăng nhập' }).click();
    await admin.waitForURL(service.url + '/admin');
    await expect(admin.locator('h1').innerText()).resolves.toBe('Tổng quan');
    await expect(admin.locator('.card .n').first().innerText()).resolves.toBe('6'); // 5 seeded + the officer's own chat
    await expect(admin.locator('svg.chart').count()).resolves.toBe(1);
    await admin.screenshot({ path: join(SHOTS, 'overview-360.png'), fullPage: true });

    await admin.getByRole('link', { name: 'Xã/phường' }).click();
    await expect(admin.locator('h1').innerText()).resolves.toBe('Xã/phường');
    const firstRow = admin.locator('#communes tbody tr').first();
    await expect(firstRow.innerText()).resolves.toContain('Phường Tân Định');
    await expect(admin.locator('svg.chart rect').count()).resolves.toBeGreaterThanOrEqual(4);
    await admin.screenshot({ path: join(SHOTS, 'communes-360.png'), fullPage: true });
    // Sorting by number of learners, most first.
    await admin.locator('#communes thead a', { hasText: 'Số người học' }).click();
    await expect(admin.locator('#communes tbody tr').first().innerText()).resolves.toContain('Phường Tân Định');

    const [csv] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Tải CSV' }).click()]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText).toContain('tandinh,Phường Tân Định,3,2,66.7,1,33.3,1,33.3');
    const [xlsx] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Tải Excel (XLSX)' }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsx.path())!);
    const ws = wb.getWorksheet('Báo cáo')!;
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row) => rows.set(String(row.getCell(2).value), row));
    expect(rows.get(A)?.getCell(4).value).toBe(3);
    expect(rows.get(A)?.getCell(5).value).toBe(2);
    expect(rows.get(B)?.getCell(4).value).toBe(2);

    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.screenshot({ path: join(SHOTS, 'communes-desktop.png'), fullPage: true });

    await admin.getByRole('link', { name: 'Thông báo' }).click();
    await admin.getByLabel('Nội dung thông báo').fill('Thứ Bảy này có lớp hướng dẫn cài VNeID tại nhà văn hoá, 8 giờ sáng.');
    await admin.getByLabel('Phường Tân Định').check();
    await admin.getByRole('button', { name: 'Xem trước và đếm người nhận' }).click();
    await expect(admin.locator('#audience-size').innerText()).resolves.toContain('3 người sẽ nhận');
    await expect(admin.locator('#preview-text').innerText()).resolves.toContain('tắt thông báo');
    await admin.screenshot({ path: join(SHOTS, 'announce-preview-desktop.png'), fullPage: true });
    await admin.getByRole('button', { name: 'Gửi cho 3 người' }).click();
    await expect(admin.locator('p.ok').innerText()).resolves.toContain('cho 3 người');
    const history = admin.locator('#history tbody tr').first();
    await expect(history.innerText()).resolves.toContain('Thứ Bảy này có lớp');
    await admin.setViewportSize({ width: 360, height: 740 });
    await admin.screenshot({ path: join(SHOTS, 'announce-360.png'), fullPage: true });

    // A citizen's question shows up, redacted and without who asked, on the Questions page.
    const m = await chat.locator('#log li.bot').count();
    await chat.getByLabel('Nhập câu hỏi của bạn').fill('làm sao đổi số điện thoại 0912345678 trên vneid?');
    await chat.keyboard.press('Enter');
    await chat.waitForFunction((c) => document.querySelectorAll('#log li.bot').length > c, m);
    await admin.getByRole('link', { name: 'Câu hỏi' }).click();
    await expect(admin.locator('main').innerText()).resolves.toContain('làm sao đổi số điện thoại *** trên vneid?');
    await admin.screenshot({ path: join(SHOTS, 'questions-360.png'), fullPage: true });

    // A scam check in the chat shows up as counts (never the text) and as a new danger kind to warn about.
    const k = await chat.locator('#log li.bot').count();
    await chat.getByLabel('Nhập câu hỏi của bạn').fill('kiểm tra giúp: Em ơi đọc giúp chị mã OTP vừa gửi về máy em với');
    await chat.keyboard.press('Enter');
    await chat.waitForFunction((c) => document.querySelectorAll('#log li.bot').length > c, k);
    await admin.getByRole('link', { name: 'Lừa đảo' }).click();
    await expect(admin.locator('#scam-verdicts').innerText()).resolves.toContain('(chưa chọn xã/phường)');
    await expect(admin.locator('#scam-candidates').innerText()).resolves.toContain('Đòi mã OTP');
    await expect(admin.locator('main').innerText()).resolves.not.toContain('vừa gửi về máy');
    await admin.screenshot({ path: join(SHOTS, 'scam-360.png'), fullPage: true });
    await admin.locator('#scam-candidates tr', { hasText: 'Đòi mã OTP' }).getByRole('link', { name: 'Soạn thông báo cảnh báo' }).click();
    await expect(admin.getByLabel('Nội dung thông báo').inputValue()).resolves.toContain('Đòi mã OTP');

    await admin.getByRole('link', { name: 'Kiểm tra mã' }).click();
    await admin.getByLabel('Mã hoàn thành của người học').fill('HVS-0000-0000-001');
    await admin.getByRole('button', { name: 'Kiểm tra' }).click();
    await expect(admin.locator('[role=status]').innerText()).resolves.toContain('gõ sai');
    await admin.screenshot({ path: join(SHOTS, 'verify-360.png'), fullPage: true });

    // Nothing came from outside the service (no CDN).
    expect(requests.every((u) => u.startsWith(service.url))).toBe(true);
  }, 120_000);
});
