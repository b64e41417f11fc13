import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * A Bot API that accepts sendMessage and never answers, for some chats and then for all: every call
 * has its own deadline (PLATFORM_TIMEOUT_MS), a dead recipient never holds one of the
 * MAX_CONCURRENT_CHATS slots, /readyz turns unready with the reason, and /metrics counts the timeouts.
 */
describe('a hung Bot API (sendMessage never answered)', () => {
  let fake: FakeTelegramServer;
  let service: ServiceProcess;
  let work: ReturnType<typeof makeWorkDir>;
  const dead = new Set(['8001', '8002', '8003', '8004', '8005']);

  beforeAll(async () => {
    fake = await FakeTelegramServer.start();
    work = makeWorkDir();
    service = await ServiceProcess.start({
      PORT: '0',
      DATABASE_PATH: work.dbPath,
      CONTENT_DIR: work.contentDir,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      MAX_CONCURRENT_CHATS: '2',
      PLATFORM_TIMEOUT_MS: '700',
      RATE_LIMIT_MESSAGES: '100',
    }, 60_000);
    await service.waitReady();
  }, 90_000);

  afterAll(async () => {
    await service?.dispose();
    await fake?.close();
    work?.cleanup();
  });

  it('other chats keep being answered while dead chats time out; the timeouts are counted', async () => {
    fake.stallWhen('sendMessage', (p) => dead.has(String(p.chat_id)));
    for (const id of dead) fake.queueUpdate(fake.textUpdate(Number(id), '/start'));
    await fake.waitFor(() => fake.calls.filter((c) => c.method === 'sendMessage' && dead.has(String(c.payload.chat_id))).length >= 2, 10_000, 'dead chats reached sendMessage');
    const live = [9001, 9002, 9003];
    for (const id of live) fake.queueUpdate(fake.textUpdate(id, '/start'));
    // Answered while the dead chats are still being retried (each of their sends takes many deadlines).
    await fake.waitFor(() => live.every((id) => fake.sentTexts(id).some((t) => t.includes('Xin chào'))), 8_000, 'live chats answered');
    expect((await service.get('/readyz')).status).toBe(200); // one dead recipient is not a dead platform
    await service.until(async () => (await service.metric('bot_platform_send_failures_total', 'kind="timeout"')) >= dead.size, 30_000, 'timeouts counted');
    // The dead chats' updates stay pending for the retry sweep; nothing was delivered to them.
    expect(dead.size).toBeGreaterThan(0);
    for (const id of dead) expect(fake.sentTexts(id)).toEqual([]);
  }, 60_000);

  it('/readyz turns unready with the reason once every send hangs, and ready again when sends work', async () => {
    fake.stall('sendMessage');
    fake.queueUpdate(fake.textUpdate(9004, '/start'));
    await service.until(async () => (await service.get('/readyz')).status === 503, 15_000, '/readyz unready');
    const body = JSON.parse((await service.get('/readyz')).text) as { checks: Record<string, boolean>; reasons: Record<string, string> };
    expect(body.checks.telegram).toBe(false);
    expect(body.reasons.telegram).toMatch(/sends failing|waiting/);
    fake.unstall('sendMessage');
    fake.queueUpdate(fake.textUpdate(9005, '/start'));
    await service.until(async () => (await service.get('/readyz')).status === 200, 20_000, '/readyz ready again');
  }, 60_000);
});
