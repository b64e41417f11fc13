import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { freePort } from '../channels/harness.js';
import { FakeZaloServer } from '../fakes/zalo-server.js';
import { rightAnswer, ZaloPerson } from './people.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * A citizen's whole first session on Zalo, against the real service process in webhook mode: no
 * buttons, so every choice is a numbered line answered by typing its number; webhook bodies arrive
 * bare and wrapped; a sticker gets the kind "text only" reply.
 */
describe('Zalo end to end (webhook)', () => {
  let fake: FakeZaloServer;
  let service: ServiceProcess;
  let work: ReturnType<typeof makeWorkDir>;
  const counter = { n: 0 };

  beforeAll(async () => {
    fake = await FakeZaloServer.start();
    work = makeWorkDir();
    const port = await freePort();
    service = await ServiceProcess.start({
      PORT: String(port),
      DATABASE_PATH: work.dbPath,
      CONTENT_DIR: work.contentDir,
      ZALO_BOT_TOKEN: fake.token,
      ZALO_API_URL: fake.url,
      ZALO_WEBHOOK_URL: `https://127.0.0.1:${port}/hooks/zalo`,
      RATE_LIMIT_MESSAGES: '100',
    });
    await service.waitReady();
  });

  afterAll(async () => {
    await service?.dispose();
    await fake?.close();
    work?.cleanup();
  });

  it('registers its webhook with a generated secret kept in the database', () => {
    expect(fake.webhook?.url).toMatch(/\/hooks\/zalo$/);
    expect(fake.webhook?.secret).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(service.stdout + service.stderr).not.toContain(fake.webhook!.secret);
    expect(service.stdout + service.stderr).not.toContain(fake.token);
  });

  it('takes a citizen through commune, lesson, quiz and a question by typing numbers', async () => {
    const hung = new ZaloPerson(fake, () => service, 'e4ea2cd5189df1c3a88c', counter, 'webhook');
    let out = await hung.say('xin chao');
    expect(out.join('\n')).toContain('Xin chào Bác Hùng');
    expect(out.at(-1)).toMatch(/xã hay phường nào/);
    expect(out.at(-1)).toContain('1. Bỏ qua');

    out = await hung.say('phuong tan dinh', true);
    expect(out.join('\n')).toContain('Đã ghi nhận: Phường Tân Định');
    out = await hung.choose('Có, tôi muốn nhận');
    expect(out[0]).toContain('Đã bật nhận thông báo');
    // No buttons on Zalo: the forms of address are numbered lines.
    expect(out.at(-1)).toContain('1. Bạn\n2. Anh\n3. Chị\n4. Cô\n5. Chú\n6. Bác\n7. Ông\n8. Bà\n9. Bỏ qua');
    out = await hung.choose('Chú');
    expect(out[0]).toContain('tôi xin gọi là chú ạ');
    expect(out.at(-1)).toContain('Chú muốn làm gì?');

    out = await hung.choose('Học bài');
    out = await hung.choose('Dùng ứng dụng VNeID');
    out = await hung.choose('VNeID là gì?');
    expect(out[0]).toMatch(/trang 1\/\d/);
    while (/\d+\. Tiếp/.test(out.at(-1) ?? '')) out = await hung.choose('Tiếp');
    out = await hung.choose('Làm bài kiểm tra');
    const question = out.find((t) => /^Câu 1\/\d+/.test(t))!;
    out = await hung.choose(rightAnswer(work.contentDir, question));
    expect(out[0]).toMatch(/^✅ Đúng rồi!/);

    // A short text during a quiz is read as an answer attempt; a question mark makes it a question.
    out = await hung.say('vneid la gi vay?');
    // Answered, or asked back with the VNeID sections (the test curriculum is too small for a confident answer).
    expect(out.join('\n')).toContain('VNeID là gì?');
    for (const t of hung.all()) expect(t.length).toBeLessThanOrEqual(2000);
  });

  it('answers an image or a sticker kindly: text only', async () => {
    const mai = new ZaloPerson(fake, () => service, 'aa11bb22cc33dd44ee55', counter, 'webhook');
    const out = await mai.send(fake.mediaUpdate('sticker', 'aa11bb22cc33dd44ee55'));
    expect(out.join('\n')).toContain('chỉ đọc được tin nhắn chữ');
    const again = await mai.send(fake.mediaUpdate('image', 'aa11bb22cc33dd44ee55'), true);
    expect(again.join('\n')).toContain('chỉ đọc được tin nhắn chữ');
  });

  it('a second signal forces exit while a reply is stuck; the answer stays saved for the next start', async () => {
    fake.stall('sendMessage');
    const update = fake.textUpdate('bb77', 'Xin chào');
    expect((await fake.deliverWebhook(update)).status).toBe(200);
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'sendMessage' && c.status === 0), 10_000, 'a stuck send');
    service.kill('SIGTERM');
    await service.until(() => service.stdout.includes('Đang dừng dịch vụ'), 10_000, 'graceful stop to begin');
    // A person pressing Ctrl+C again, a moment later (a copy of the first signal within a second is ignored).
    await new Promise((r) => setTimeout(r, 1_200));
    service.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 130, signal: null });
    const db = openDatabase(work.dbPath);
    try {
      expect(db.prepare(`SELECT status, sent FROM intake WHERE chat_key = 'zalo:bb77'`).all()).toEqual([{ status: 'answered', sent: 0 }]);
    } finally {
      db.close();
    }
  });
});
