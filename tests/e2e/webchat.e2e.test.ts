import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_START_TIMEOUT_MS, launchBrowser, type Browser } from './browser.js';
import { rightAnswer } from './people.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * The web chat page in headless Chromium (see ./browser.ts), served by
 * the real service started without any platform token — exactly what `npm start` gives a newcomer.
 */
describe('web chat in a browser', () => {
  let service: ServiceProcess;
  let work: ReturnType<typeof makeWorkDir>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    work = makeWorkDir();
    // The first launch may unpack the packaged Chromium (tens of seconds on a busy machine).
    [service, browser] = await Promise.all([
      ServiceProcess.start({ PORT: '0', DATABASE_PATH: work.dbPath, CONTENT_DIR: work.contentDir, RATE_LIMIT_MESSAGES: '100' }, 60_000),
      launchBrowser({ viewport: { width: 360, height: 640 } }),
    ]);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => console.error('page error:', e.message));
  }, BROWSER_START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await service?.dispose();
    work?.cleanup();
  });

  const bot = () => page.locator('#log li.bot');

  /** Waits until the bot has said more than `n` messages and nothing is pending. */
  async function afterReply(n: number): Promise<void> {
    await page.waitForFunction((count) => document.querySelectorAll('#log li.bot').length > count, n);
    await page.waitForFunction(() => !(document.getElementById('send') as HTMLButtonElement).disabled);
  }

  it('prints the web chat address when no platform is configured', async () => {
    // The address line comes first; the hint may arrive in a later chunk of the output.
    await service.until(() => service.stdout.includes('Trò chuyện thử trên trình duyệt'), 10_000, 'the web chat hint');
    expect(service.stdout).toContain('Chưa cấu hình Telegram hay Zalo');
    expect(service.stdout).toContain(`Trò chuyện thử trên trình duyệt: ${service.url}/`);
  });

  it('greets, answers a question with a lesson button, and takes a quiz answer', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(service.url + '/');
    await expect(page.title()).resolves.toBe('Trợ lý Bình dân học vụ số');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    // First visit: the page says hello by itself; the commune question offers a "Bỏ qua" button.
    await afterReply(0);
    await expect(bot().first().innerText()).resolves.toContain('Xin chào');
    let n = await bot().count();
    await page.getByRole('button', { name: 'Bỏ qua' }).last().click();
    await afterReply(n);
    n = await bot().count();
    await page.getByRole('button', { name: 'Không, cảm ơn' }).click();
    await afterReply(n);

    // A question typed without diacritics, sent with the Enter key.
    n = await bot().count();
    await page.getByLabel('Nhập câu hỏi của bạn').fill('vneid la gi?');
    await page.keyboard.press('Enter');
    await afterReply(n);
    const answer = bot().nth(n);
    await expect(answer.innerText()).resolves.toContain('VNeID');
    await expect(answer.locator('a[href="https://example.gov.vn/vneid"]').count()).resolves.toBe(1);
    const lessonButton = page.getByRole('button', { name: '📖 Đọc bài: VNeID là gì?' });
    await expect(lessonButton.isVisible()).resolves.toBe(true);

    // The lesson, page by page, then its quiz.
    n = await bot().count();
    await lessonButton.click();
    await afterReply(n);
    const next = () => bot().last().getByRole('button', { name: 'Tiếp ▶️' });
    while ((await next().count()) > 0) {
      n = await bot().count();
      await next().click();
      await afterReply(n);
    }
    n = await bot().count();
    await page.locator('#log li.bot').last().getByRole('button', { name: '✅ Làm bài kiểm tra' }).click();
    await afterReply(n);
    const question = await bot().last().innerText();
    expect(question).toMatch(/Câu 1\/\d+/);
    const right = rightAnswer(work.contentDir, question.replace(/^Trợ lý: /, '').split('\n').filter((l) => l.trim()).slice(0, 2).join('\n'));
    n = await bot().count();
    await bot().last().getByRole('button', { name: right }).click();
    await afterReply(n);
    await expect(bot().nth(n).innerText()).resolves.toContain('✅ Đúng rồi!');
    // The answered question's buttons cannot be pressed twice.
    await expect(bot().nth(n - 1).getByRole('button', { name: right }).isDisabled()).resolves.toBe(true);

    // Nothing came from outside the service (no CDN).
    expect(requests.every((u) => u.startsWith(service.url))).toBe(true);
  });
});
