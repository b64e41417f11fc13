import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { freePort } from '../channels/harness.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { FakeZaloServer } from '../fakes/zalo-server.js';
import { TelegramPerson } from './people.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * The service as the platforms see it, both webhooks on one server: bad requests are refused and
 * change nothing, duplicates are answered once, and a `kill -9` in the middle of a conversation loses
 * no update and answers none twice.
 */
describe('service robustness (webhooks, real process)', () => {
  let telegram: FakeTelegramServer;
  let zalo: FakeZaloServer;
  let service: ServiceProcess;
  let work: ReturnType<typeof makeWorkDir>;
  let env: Record<string, string>;
  const counter = { n: 0 };
  const refusedTelegramUpdates: number[] = [];

  beforeAll(async () => {
    [telegram, zalo] = await Promise.all([FakeTelegramServer.start(), FakeZaloServer.start()]);
    work = makeWorkDir();
    const port = await freePort();
    env = {
      PORT: String(port),
      DATABASE_PATH: work.dbPath,
      CONTENT_DIR: work.contentDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_WEBHOOK_URL: `https://127.0.0.1:${port}/hooks/telegram`,
      TELEGRAM_WEBHOOK_SECRET: 'configured-secret_42',
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_URL: zalo.url,
      ZALO_WEBHOOK_URL: `https://127.0.0.1:${port}/hooks/zalo`,
      RATE_LIMIT_MESSAGES: '100',
    };
    service = await ServiceProcess.start(env);
    await service.waitReady();
  });

  afterAll(async () => {
    await service?.dispose();
    await Promise.all([telegram?.close(), zalo?.close()]);
    work?.cleanup();
  });

  it('registers both webhooks, Telegram with the configured secret', async () => {
    expect(telegram.webhook).toEqual({ url: env.TELEGRAM_WEBHOOK_URL, secret: 'configured-secret_42' });
    expect(zalo.webhook?.url).toBe(env.ZALO_WEBHOOK_URL);
    const ready = JSON.parse((await service.get('/readyz')).text);
    expect(ready).toEqual({ ok: true, checks: { database: true, content: true, telegram: true, zalo: true } });
  });

  it('refuses a webhook with a wrong or missing secret with 401, and records nothing', async () => {
    const before = await service.metric('bot_updates_received_total');
    const update = telegram.textUpdate(8101, 'xin chào');
    refusedTelegramUpdates.push(Number(update.update_id));
    expect((await telegram.deliverWebhook(update, { secret: 'wrong-secret-0000' })).status).toBe(401);
    expect((await telegram.deliverWebhook(update, { secret: null })).status).toBe(401);
    const z = zalo.textUpdate('zz01', 'xin chào');
    expect((await zalo.deliverWebhook(z, { secret: 'configured-secret_42' })).status).toBe(401);
    expect((await zalo.deliverWebhook(z, { secret: null })).status).toBe(401);
    expect(await service.metric('bot_updates_received_total')).toBe(before);
    expect(telegram.sentTexts(8101)).toEqual([]);
    expect(zalo.sentTexts('zz01')).toEqual([]);
  });

  it('answers malformed JSON, a wrong content type and an oversized body with 4xx, and keeps serving', async () => {
    const bad = await telegram.deliverWebhook(null, { raw: '{"update_id": 1, "message": {' });
    expect(bad.status).toBe(400);
    const notJson = await telegram.deliverWebhook(null, { raw: 'update_id=1', contentType: 'text/plain' });
    expect(notJson.status).toBe(415);
    const form = await zalo.deliverWebhook(null, { raw: 'a=1', contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const hugeUpdate = telegram.textUpdate(8102, 'x'.repeat(400_000));
    refusedTelegramUpdates.push(Number(hugeUpdate.update_id));
    const huge = await telegram.deliverWebhook(hugeUpdate);
    expect(huge.status).toBe(413);
    const notAnUpdate = await zalo.deliverWebhook({ hello: 'world' });
    expect(notAnUpdate.status).toBe(400);

    expect((await service.get('/healthz')).status).toBe(200);
    const lan = new TelegramPerson(telegram, () => service, 8103, counter, 'webhook');
    const out = await lan.say('/start');
    expect(out[0]!.text).toContain('Xin chào');
  });

  it('answers the same update delivered twice only once', async () => {
    const update = telegram.textUpdate(8104, '/start');
    const first = await telegram.deliverWebhook(update);
    const second = await telegram.deliverWebhook(update);
    expect([first.status, second.status]).toEqual([200, 200]);
    counter.n++;
    await service.waitHandled('telegram', counter.n);
    const z = zalo.textUpdate('zz02', 'xin chào');
    await zalo.deliverWebhook(z);
    await zalo.deliverWebhook(z, { wrapped: true });
    await service.waitHandled('zalo', 1);
    expect(await service.metric('bot_updates_duplicate_total')).toBe(2);
    const welcomes = telegram.sentTexts(8104).filter((t) => t.includes('Xin chào'));
    expect(welcomes).toHaveLength(1);
    expect(zalo.sentTexts('zz02').filter((t) => t.includes('Xin chào'))).toHaveLength(1);
  });

  it('loses no update and answers none twice across kill -9 and restart', async () => {
    const lan = new TelegramPerson(telegram, () => service, 8105, counter, 'webhook');
    await lan.say('/start');
    await lan.press('Bỏ qua');
    const settled = telegram.sentTexts(8105);

    // The platform hangs on delivery: the answer to A is prepared and saved, but never delivered.
    telegram.stall('sendMessage');
    const a = telegram.textUpdate(8105, 'VNeID là gì');
    expect((await telegram.deliverWebhook(a)).status).toBe(200);
    await telegram.waitFor(() => telegram.calls.some((c) => c.method === 'sendMessage' && c.status === 0), 10_000, 'a stalled send');
    // B is recorded (200) while A still holds the chat: received, not yet handled.
    const b = telegram.textUpdate(8105, '/tiendo');
    expect((await telegram.deliverWebhook(b)).status).toBe(200);

    service.kill('SIGKILL');
    expect((await service.exited).signal).toBe('SIGKILL');
    telegram.unstall('sendMessage');
    expect(telegram.sentTexts(8105)).toEqual(settled);

    service = await ServiceProcess.start(env);
    await service.waitReady();
    // Telegram never got an error for A, but a replay must still be answered once.
    expect((await telegram.deliverWebhook(a)).status).toBe(200);
    await service.until(async () => (await service.metric('bot_intake_pending')) === 0 && telegram.sentTexts(8105).some((t) => t.includes('Tiến độ')), 10_000, 'recovery');

    const after = telegram.sentTexts(8105).slice(settled.length);
    const answersToA = after.filter((t) => t.includes('https://example.gov.vn/vneid'));
    const answersToB = after.filter((t) => t.includes('Tiến độ'));
    expect(answersToA).toHaveLength(1);
    expect(answersToB).toHaveLength(1);
    expect(after.indexOf(answersToA[0]!)).toBeLessThan(after.indexOf(answersToB[0]!));
    expect(after.filter((t) => t.includes('Xin chào'))).toHaveLength(0);
    counter.n = await service.metric('bot_updates_handled_total', 'channel="telegram"');
  });

  it('stops cleanly on SIGTERM and leaves nothing pending; refused requests were never stored', async () => {
    service.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    const db = openDatabase(work.dbPath);
    try {
      const rows = db.prepare(`SELECT status, count(*) AS n FROM intake GROUP BY status`).all();
      expect(rows).toEqual([{ status: 'done', n: expect.any(Number) }]);
      // Refused requests were never recorded (the one Zalo row is zz02's), and no handled row says whose it was.
      expect(db.prepare(`SELECT count(*) AS n FROM intake WHERE update_key LIKE 'zalo:%'`).get()).toEqual({ n: 1 });
      for (const id of refusedTelegramUpdates) {
        expect(db.prepare(`SELECT count(*) AS n FROM intake WHERE update_key LIKE ?`).get(`telegram:%:${id}`)).toEqual({ n: 0 });
      }
      expect(db.prepare(`SELECT count(*) AS n FROM intake WHERE update_key LIKE 'telegram:%'`).get()).not.toEqual({ n: 0 });
      expect(db.prepare(`SELECT count(*) AS n FROM intake WHERE chat_key <> '' OR inbound IS NOT NULL`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
