import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../src/channels/telegram/channel.js';
import { TelegramSender } from '../../src/channels/telegram/sender.js';
import { isTelegramUpdate, translateTelegramUpdate } from '../../src/channels/telegram/translate.js';
import type { Inbound } from '../../src/core/types.js';
import { createLogger, silentLogger } from '../../src/lib/logger.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { freePort } from './harness.js';

describe('Telegram translation', () => {
  const fake = new FakeTelegramServer();

  it('keeps deep-link codes and strips @BotName from commands', () => {
    const u = fake.textUpdate(42, '/start@hoc_vu_so_bot tandinh') as unknown as Update;
    expect(translateTelegramUpdate(u, '123')).toMatchObject({
      key: `telegram:123:${(u as { update_id: number }).update_id}`,
      inbound: { channel: 'telegram', chatId: '42', userId: '42', userName: 'Bà Lan', kind: 'text', text: '/start tandinh' },
    });
  });

  it('maps a button press to its action and keeps the query id to answer', () => {
    const u = fake.callbackUpdate(42, 'lq:vneid-1') as unknown as Update;
    const t = translateTelegramUpdate(u, '1');
    expect(t?.inbound).toMatchObject({ kind: 'action', action: 'lq:vneid-1', chatId: '42' });
    expect(t?.callbackQueryId).toMatch(/^cq/);
  });

  it('marks stickers unsupported and ignores edits, service messages and bots', () => {
    expect(translateTelegramUpdate(fake.stickerUpdate(42) as unknown as Update, '1')?.inbound.kind).toBe('unsupported');
    expect(translateTelegramUpdate({ update_id: 5, edited_message: {} } as unknown as Update, '1')).toBeUndefined();
    const joined = { update_id: 6, message: { message_id: 1, date: 0, chat: { id: 1, type: 'group' }, from: { id: 2, is_bot: false, first_name: 'A' }, new_chat_members: [] } };
    expect(translateTelegramUpdate(joined as unknown as Update, '1')).toBeUndefined();
    const fromBot = fake.textUpdate(9, 'hi') as { message: { from: { is_bot: boolean } } };
    fromBot.message.from.is_bot = true;
    expect(translateTelegramUpdate(fromBot as unknown as Update, '1')).toBeUndefined();
  });

  it('recognises what an update looks like', () => {
    expect(isTelegramUpdate({ update_id: 1 })).toBe(true);
    expect(isTelegramUpdate({ update_id: '1' })).toBe(false);
    expect(isTelegramUpdate([])).toBe(false);
    expect(isTelegramUpdate(null)).toBe(false);
  });
});

describe('TelegramSender rendering', () => {
  const lines: string[] = [];
  const sender = new TelegramSender({ telegram: new Telegram('1:x'), logger: createLogger('debug', {}, (l) => lines.push(l)) });

  it('puts choices as one full-width button per row under the last piece', () => {
    const text = Array.from({ length: 6 }, (_, i) => `Đoạn ${i} ${'nội dung '.repeat(100)}`).join('\n\n');
    const messages = sender.render({ text, choices: [{ label: 'Tiếp ▶️', action: 'l:a:1' }, { label: 'Về trang chính', action: 'menu' }] });
    expect(messages.length).toBe(2);
    for (const m of messages) expect(m.text.length).toBeLessThan(4096);
    expect(messages[0]!.keyboard).toBeUndefined();
    expect(messages[1]!.keyboard).toEqual({
      inline_keyboard: [[{ text: 'Tiếp ▶️', callback_data: 'l:a:1' }], [{ text: 'Về trang chính', callback_data: 'menu' }]],
    });
  });

  it('drops a button whose callback data would exceed 64 bytes (and says so in the log)', () => {
    const long = 'đ'.repeat(40); // 80 bytes in UTF-8
    const [m] = sender.render({ text: 'Chọn', choices: [{ label: 'Dài', action: long }, { label: 'Ngắn', action: 'ok' }] });
    expect(m!.keyboard?.inline_keyboard).toEqual([[{ text: 'Ngắn', callback_data: 'ok' }]]);
    expect(lines.join('\n')).toContain('choice action too long');
  });
});

describe('TelegramChannel webhook mode', () => {
  let fake: FakeTelegramServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('registers the webhook with its secret, commands in Vietnamese, and only the updates it reads', async () => {
    fake = await FakeTelegramServer.start();
    const port = await freePort();
    const channel = new TelegramChannel({
      token: fake.token,
      apiRoot: fake.url,
      intake: { accept: () => ({ accepted: true, done: Promise.resolve() }) },
      logger: silentLogger,
      mode: { kind: 'webhook', url: `https://bot.example.vn:${port}/tg/hook`, secret: 'sekret_123-abc' },
    });
    await channel.start();
    expect(channel.webhook?.path).toBe('/tg/hook');
    expect(channel.webhook?.authorize({ 'x-telegram-bot-api-secret-token': 'sekret_123-abc' })).toBe(true);
    expect(channel.webhook?.authorize({ 'x-telegram-bot-api-secret-token': 'sekret_123-abd' })).toBe(false);
    expect(channel.webhook?.authorize({})).toBe(false);
    const set = fake.ok('setWebhook')[0]!.payload;
    expect(set).toMatchObject({ url: `https://bot.example.vn:${port}/tg/hook`, secret_token: 'sekret_123-abc', allowed_updates: ['message', 'callback_query'] });
    expect(fake.commands).toContainEqual({ command: 'kiemtra', description: 'Làm bài kiểm tra' });
    expect(channel.isReady()).toBe(true);
    await channel.stop();
    expect(channel.isReady()).toBe(false);
  });

  it('retries getMe through a 5xx and a 429 before connecting', async () => {
    fake = await FakeTelegramServer.start();
    fake.failNext('getMe', { error_code: 500, description: 'Internal Server Error' });
    fake.failNext('getMe', { error_code: 429, description: 'Too Many Requests', retry_after: 0 });
    const waits: number[] = [];
    const inbound: Inbound[] = [];
    const channel = new TelegramChannel({
      token: fake.token,
      apiRoot: fake.url,
      intake: { accept: (_k, i) => (inbound.push(i), { accepted: true, done: Promise.resolve() }) },
      logger: silentLogger,
      mode: { kind: 'polling' },
      sleep: async (ms) => void waits.push(ms),
    });
    await channel.start();
    expect(waits).toEqual([500, 0]);
    fake.queueUpdate(fake.textUpdate(77, 'alo'));
    await fake.waitFor(() => inbound.length === 1, 5000, 'the update');
    expect(inbound[0]).toMatchObject({ text: 'alo', chatId: '77' });
    await channel.stop();
  });
});
