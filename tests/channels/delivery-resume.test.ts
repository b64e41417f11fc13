import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegram } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/channels/dispatcher.js';
import { TelegramSender } from '../../src/channels/telegram/sender.js';
import type { Inbound, MessageHandler } from '../../src/core/types.js';
import { KeyedQueue } from '../../src/lib/keyed-queue.js';
import { silentLogger } from '../../src/lib/logger.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { IntakeRepository } from '../../src/store/intake-repository.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';

/**
 * A reply too long for one Telegram message becomes several; a crash in the middle (the process stops
 * while the Bot API holds the third message) must resume after the last message recorded as delivered,
 * not from the start of the reply. The real TelegramSender against the fake Bot API, a real SQLite file;
 * the "crash" abandons the first dispatcher and its connection, as kill -9 would.
 */
const LONG = Array.from({ length: 3 }, (_, i) => `Đoạn ${i + 1}. ` + 'Nội dung bài học rất dài. '.repeat(150)).join('\n\n');
const handler: MessageHandler = { handle: async () => [{ text: LONG }, { text: 'Xong.' }] };
const msg: Inbound = { channel: 'telegram', chatId: '42', userId: '42', kind: 'text', text: 'học' };

describe('resuming a multi-message reply after a crash', () => {
  let fake: FakeTelegramServer;
  let dir: string;
  let dbs: Db[];

  beforeEach(async () => {
    fake = await FakeTelegramServer.start();
    dir = mkdtempSync(join(tmpdir(), 'resume-'));
    dbs = [];
  });
  afterEach(async () => {
    await fake.close();
    for (const db of dbs) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () => {
    const db = openDatabase(join(dir, 'app.db'));
    dbs.push(db);
    const intake = new IntakeRepository(db);
    const telegram = new Telegram(fake.token, { apiRoot: fake.url });
    const d = new Dispatcher({ intake, handler, queue: new KeyedQueue(), logger: silentLogger });
    d.register(new TelegramSender({ telegram, logger: silentLogger, timeoutMs: 60_000 }));
    return { d, intake };
  };

  it('sends each message once, except at most the one in flight at the crash', async () => {
    const first = start();
    let n = 0;
    fake.stallWhen('sendMessage', () => ++n >= 3);
    void first.d.accept('u1', msg);
    await fake.waitFor(() => fake.calls.filter((c) => c.method === 'sendMessage').length === 3, 10_000, 'third message held');
    // kill -9: nothing more happens in the first process.
    fake.unstall('sendMessage');
    const second = start();
    expect(second.d.recover()).toBe(1);
    await fake.waitFor(() => second.intake.pendingCount() === 0, 10_000, 'recovered');
    const pieces = fake.calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text).slice(0, 8));
    // Pieces 1 and 2 once; piece 3 held at the crash, then sent again; then the next reply.
    expect(pieces).toEqual(['Đoạn 1. ', 'Đoạn 2. ', 'Đoạn 3. ', 'Đoạn 3. ', 'Xong.']);
  });
});
