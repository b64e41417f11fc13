import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_START_TIMEOUT_MS, launchBrowser, type Browser } from './browser.js';
import { rightAnswer } from './people.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * The web chat on a phone-sized screen (360×740) and on a desktop, against the real service with
 * its default rate limit: nothing is hidden under the input bar, a reopened page shows the greeting
 * and what is pending, paging a lesson never trips the limit, and every failure says what happened.
 * Screenshots go to $WEBCHAT_SHOTS (default: <tmp>/webchat-shots).
 */
const SHOTS = process.env.WEBCHAT_SHOTS ?? join(tmpdir(), 'webchat-shots');

/** True when the element's box lies inside the viewport and its centre is not covered by anything else (the input bar). */
async function unobstructed(el: Locator): Promise<boolean> {
  return el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5 || r.height === 0) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (hit === node || node.contains(hit));
  });
}

describe('web chat on a phone and a desktop', () => {
  let service: ServiceProcess;
  let work: ReturnType<typeof makeWorkDir>;
  let phone: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = makeWorkDir();
    [service, phone] = await Promise.all([
      // The default limit (6 messages in 10 s), as a newcomer runs it.
      ServiceProcess.start({ PORT: '0', DATABASE_PATH: work.dbPath, CONTENT_DIR: work.contentDir }, 60_000),
      launchBrowser({ viewport: { width: 360, height: 740 } }),
    ]);
    page = phone.context.pages()[0] ?? (await phone.context.newPage());
    page.setDefaultTimeout(10_000);
  }, BROWSER_START_TIMEOUT_MS);

  afterAll(async () => {
    await phone?.close();
    await service?.dispose();
    work?.cleanup();
  });

  const bot = () => page.locator('#log li.bot');
  const lastButtons = () => bot().last().locator('.choices button');

  async function afterReply(n: number): Promise<void> {
    await page.waitForFunction((count) => document.querySelectorAll('#log li.bot').length > count, n);
    await page.waitForFunction(() => !(document.getElementById('send') as HTMLButtonElement).disabled);
  }

  /** Presses a button of the newest message and waits for the answer. */
  async function press(name: string | RegExp): Promise<void> {
    const n = await bot().count();
    await bot().last().getByRole('button', { name }).click();
    await afterReply(n);
  }

  /** The newest message's last button is on screen, above the input bar (scrolling down to it first when the message is taller than the screen). */
  async function expectLastButtonReachable(): Promise<void> {
    const last = lastButtons().last();
    await last.scrollIntoViewIfNeeded();
    expect(await unobstructed(last)).toBe(true);
  }

  it('greets on a phone with the newest message and its button above the input bar', async () => {
    await page.goto(service.url + '/');
    await afterReply(0);
    await expect(bot().first().innerText()).resolves.toContain('Xin chào');
    // The newest message fits on the screen: it and its button are visible without any scrolling.
    expect(await unobstructed(lastButtons().last())).toBe(true);
    expect(await unobstructed(page.locator('#text'))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'phone-1-greeting.png') });
    // Opening the page stored nothing: no learner until the first real message.
    expect(await service.metric('bot_updates_received_total')).toBe(0);

    await press('Bỏ qua');
    expect(await unobstructed(lastButtons().last())).toBe(true);
    await press('Không, cảm ơn');
    // How to address the person: eight short choices, reachable above the input bar.
    await expectLastButtonReachable();
    await press('Bỏ qua');
    expect(await unobstructed(lastButtons().last())).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'phone-2-menu.png') });
  });

  it('answers a question, then pages through a lesson and its quiz quickly without tripping the limit', async () => {
    const n = await bot().count();
    await page.getByLabel('Nhập câu hỏi của bạn').fill('vneid la gi?');
    await page.keyboard.press('Enter');
    await afterReply(n);
    await expectLastButtonReachable();
    await page.screenshot({ path: join(SHOTS, 'phone-3-answer.png') });

    await press('📖 Đọc bài: VNeID là gì?');
    await expectLastButtonReachable();
    while ((await bot().last().getByRole('button', { name: 'Tiếp ▶️' }).count()) > 0) {
      await press('Tiếp ▶️');
      await expectLastButtonReachable();
    }
    await page.screenshot({ path: join(SHOTS, 'phone-4-lesson.png') });
    await press('✅ Làm bài kiểm tra');
    const question = (await bot().last().innerText()).replace(/^Trợ lý: /, '');
    expect(question).toMatch(/Câu 1\/\d+/);
    await expect(bot().nth(-2).innerText()).resolves.toContain('bấm vào nút');
    const right = rightAnswer(work.contentDir, question.split('\n').filter((l) => l.trim()).slice(0, 2).join('\n'));
    await press(right);
    await expect(bot().nth(-2).innerText()).resolves.toContain('✅ Đúng rồi!');
    await expectLastButtonReachable();
    await page.screenshot({ path: join(SHOTS, 'phone-5-quiz.png') });
    // More than 6 presses in 10 s, and none was refused.
    expect(await service.metric('bot_updates_handled_total', 'outcome="limited"')).toBe(0);
    expect(await page.locator('#log').innerText()).not.toMatch(/nhắn hơi nhanh|gõ số|chọn số/);
  });

  it('reopened, shows the greeting and the pending quiz question; a typed number answers that question', async () => {
    const pending = (await bot().last().innerText()).replace(/^Trợ lý: /, '');
    await page.reload();
    await afterReply(0);
    const shown = await page.locator('#log').innerText();
    expect(shown).toContain('quay lại');
    const again = (await bot().last().innerText()).replace(/^Trợ lý: /, '');
    expect(again.split('\n')[0]).toBe(pending.split('\n')[0]);
    expect(await unobstructed(lastButtons().last())).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'phone-6-reopened.png') });
    const right = rightAnswer(work.contentDir, again.split('\n').filter((l) => l.trim()).slice(0, 2).join('\n'));
    const labels = await lastButtons().allInnerTexts();
    const n = await bot().count();
    await page.getByLabel('Nhập câu hỏi của bạn').fill(String(labels.indexOf(right) + 1));
    await page.keyboard.press('Enter');
    await afterReply(n);
    await expect(bot().nth(n).innerText()).resolves.toContain('✅ Đúng rồi!');
  });

  it('refuses input over the limit with a visible notice instead of cutting it', async () => {
    const n = await bot().count();
    const input = page.getByLabel('Nhập câu hỏi của bạn');
    await input.fill('a'.repeat(1200));
    const status = page.locator('#status');
    await expect(status.innerText()).resolves.toContain('quá giới hạn 1.000 chữ');
    expect(await unobstructed(status)).toBe(true);
    await page.keyboard.press('Enter');
    await expect(input.inputValue()).resolves.toHaveLength(1200);
    expect(await bot().count()).toBe(n);
    expect(await page.locator('#log li.me').last().innerText()).not.toContain('aaaa');
    await page.screenshot({ path: join(SHOTS, 'phone-7-too-long.png') });
    await input.fill('');
    await expect(status.innerText()).resolves.toBe('');
  });

  it('says "máy chủ" on a server error, "mạng" only when the service cannot be reached, and gives the buttons back', async () => {
    await page.route('**/api/chat', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"ok":false}' }));
    const buttons = lastButtons();
    const count = await buttons.count();
    await buttons.last().click();
    const notice = page.locator('#log li.notice').last();
    await expect(notice.innerText()).resolves.toContain('Máy chủ đang gặp trục trặc');
    expect(await notice.innerText()).not.toContain('mạng');
    expect(await unobstructed(notice)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'phone-8-server-error.png') });
    // The buttons work again.
    for (let i = 0; i < count; i++) expect(await buttons.nth(i).isDisabled()).toBe(false);

    await page.unroute('**/api/chat');
    await page.route('**/api/chat', (route) => route.abort('connectionrefused'));
    const notices = await page.locator('#log li.notice').count();
    await buttons.last().click();
    await page.waitForFunction((n) => document.querySelectorAll('#log li.notice').length > n, notices);
    await expect(page.locator('#log li.notice').last().innerText()).resolves.toContain('kiểm tra mạng');
    await page.unroute('**/api/chat');
  });

  it('over the rate limit: says so and keeps the buttons working', async () => {
    await page.route('**/api/chat', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, replies: [], limited: true }) }),
    );
    await lastButtons().last().click();
    // The status line says "busy" until the answer arrives: wait for the answer's notice, not the first frame.
    await page.waitForFunction(() => (document.querySelector('#status')?.textContent ?? '').includes('gửi hơi nhanh'));
    expect(await lastButtons().last().isDisabled()).toBe(false);
    await page.unroute('**/api/chat');
    // And the press goes through once the limit allows it.
    const n = await bot().count();
    await lastButtons().last().click();
    await afterReply(n);
  });

  it('on a desktop, the greeting and its buttons are visible too', async () => {
    const desktop = await phone.context.newPage();
    try {
      await desktop.setViewportSize({ width: 1280, height: 800 });
      // A new visitor: no stored session.
      await desktop.addInitScript(() => window.localStorage.clear());
      await desktop.goto(service.url + '/');
      await desktop.waitForFunction(() => document.querySelectorAll('#log li.bot').length > 0);
      const last = desktop.locator('#log li.bot').last().locator('.choices button').last();
      expect(await unobstructed(last)).toBe(true);
      expect(await desktop.locator('#log').innerText()).toContain('Xin chào');
      await desktop.screenshot({ path: join(SHOTS, 'desktop-1-greeting.png') });
    } finally {
      await desktop.close();
    }
  });
});
