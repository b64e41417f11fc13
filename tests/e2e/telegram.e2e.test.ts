import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { rightAnswer, TelegramPerson } from './people.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * A citizen's whole first session on Telegram, against the real service process in long-polling
 * mode (telegraf against the fake Bot API): invitation deep link with the commune code, announcements
 * question, a lesson read page by page, its quiz, and a free question to the assistant.
 */
describe('Telegram end to end (polling)', () => {
  let fake: FakeTelegramServer;
  let service: ServiceProcess;
  let work: ReturnType<typeof makeWorkDir>;
  const counter = { n: 0 };

  beforeAll(async () => {
    fake = await FakeTelegramServer.start();
    work = makeWorkDir();
    service = await ServiceProcess.start({
      PORT: '0',
      DATABASE_PATH: work.dbPath,
      CONTENT_DIR: work.contentDir,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      // A test clicks faster than any person: keep the rate limit out of the way here.
      RATE_LIMIT_MESSAGES: '100',
    });
    await service.waitReady();
  });

  afterAll(async () => {
    await service?.dispose();
    await fake?.close();
    work?.cleanup();
  });

  it('registers Vietnamese commands and polls without a webhook', async () => {
    expect(fake.calls[0]!.method).toBe('getMe');
    // The command menu is set in the background, alongside polling (never before it).
    await fake.waitFor(() => fake.ok('setMyCommands').length === 1 && fake.ok('deleteWebhook').length === 1, 10_000, 'menu and polling');
    expect(fake.commands).toContainEqual({ command: 'hoc', description: 'Học bài' });
    expect(service.stdout).toContain('Kênh đang bật: telegram');
  });

  it('takes a citizen from the invitation link to a quiz answer and a question', async () => {
    const lan = new TelegramPerson(fake, () => service, 7001, counter, 'polling');

    // Deep link t.me/<bot>?start=tandinh: the commune comes from the poster's QR code.
    let out = await lan.say('/start tandinh');
    expect(out[0]!.text).toContain('Xin chào Bà Lan');
    expect(out.map((m) => m.text).join('\n')).toContain('Đã ghi nhận: Phường Tân Định');
    expect(out.at(-1)!.buttons.map((b) => b.label)).toEqual(['🔔 Có, tôi muốn nhận', 'Không, cảm ơn']);

    out = await lan.press('Có, tôi muốn nhận');
    expect(out[0]!.text).toContain('Đã bật nhận thông báo');
    // The button press was answered (no endless spinner on the phone).
    expect(fake.ok('answerCallbackQuery').length).toBeGreaterThanOrEqual(1);
    // Then how to address her, as buttons; from then on every reply says “bà”.
    expect(out.at(-1)!.buttons.map((b) => b.label)).toEqual(['Bạn', 'Anh', 'Chị', 'Cô', 'Chú', 'Bác', 'Ông', 'Bà', 'Bỏ qua']);
    out = await lan.press('Bà');
    expect(out[0]!.text).toContain('tôi xin gọi là bà ạ');
    expect(out.at(-1)!.text).toContain('Bà muốn làm gì?');

    out = await lan.press('Học bài');
    out = await lan.press('Dùng ứng dụng VNeID');
    out = await lan.press('VNeID là gì?');
    expect(out[0]!.text).toMatch(/trang 1\/\d/);
    while (out.at(-1)!.buttons.some((b) => b.label.startsWith('Tiếp'))) out = await lan.press('Tiếp');
    expect(out.map((m) => m.text).join('\n')).toContain('Nguồn thử nghiệm A');

    out = await lan.press('Làm bài kiểm tra');
    const question = out.find((m) => /^Câu 1\/\d+/.test(m.text))!;
    expect(question.buttons.length).toBeGreaterThanOrEqual(2);
    out = await lan.press(rightAnswer(work.contentDir, question));
    expect(out[0]!.text).toMatch(/^✅ Đúng rồi!/);
    expect(out.at(-1)!.text).toMatch(/^Câu 2\//);

    out = await lan.say('VNeID là gì?');
    expect(out[0]!.text).toContain('VNeID');
    // The answer cites its lesson's official link; the pending quiz question is offered again after it.
    expect(out[0]!.text).toContain('https://example.gov.vn/vneid');
    expect(out.at(-1)!.text).toMatch(/^Câu 2\//);
    expect(out.at(-1)!.buttons.length).toBeGreaterThanOrEqual(2);

    for (const m of lan.all()) expect(m.text.length).toBeLessThan(4096);
    expect(await service.metric('bot_assistant_answers_total', 'mode="extractive"')).toBeGreaterThanOrEqual(1);
  });

  it('exits cleanly on SIGTERM, even while a long poll is open', async () => {
    service.kill('SIGTERM');
    const exit = await service.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.stderr).toContain('"msg":"stopped"');
    // The token sits in every API URL: it must never reach the output.
    expect(service.stdout + service.stderr).not.toContain(fake.token.split(':')[1]);
  });
});
