import { afterEach, describe, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { makeWorkDir, ServiceProcess } from './service-process.js';

/**
 * Start-up waits only on what it needs: a Bot API that answers setMyCommands with 500 (an incident, or
 * a server without the method) must not keep the bot deaf while the optional command menu is retried.
 */
describe('start-up with a failing optional call', () => {
  let fake: FakeTelegramServer | undefined;
  let service: ServiceProcess | undefined;
  let work: ReturnType<typeof makeWorkDir> | undefined;

  afterEach(async () => {
    await service?.dispose();
    await fake?.close();
    work?.cleanup();
  });

  it('takes and answers updates at once while setMyCommands keeps failing with 500', async () => {
    fake = await FakeTelegramServer.start();
    fake.failNext('setMyCommands', { error_code: 500, description: 'Internal Server Error' }, 100);
    work = makeWorkDir();
    service = await ServiceProcess.start({
      PORT: '0',
      DATABASE_PATH: work.dbPath,
      CONTENT_DIR: work.contentDir,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
    }, 40_000);
    const started = Date.now();
    fake.queueUpdate(fake.textUpdate(7101, '/start'));
    // Before the fix polling began only after ~45 s of setMyCommands retries.
    await fake.waitFor(() => fake!.sentTexts(7101).some((t) => t.includes('Xin chào')), 15_000, 'the greeting');
    expect(Date.now() - started).toBeLessThan(15_000); // from the service being up; the menu retries take ~45 s
    expect((await service.get('/readyz')).status).toBe(200);
    // The menu is still being retried in the background.
    expect(fake.calls.filter((c) => c.method === 'setMyCommands').length).toBeGreaterThanOrEqual(1);
    expect(fake.ok('setMyCommands')).toEqual([]);
  }, 60_000);
});
