import { afterEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../src/channels/telegram/channel.js';
import { readTelegramUpdate } from '../../src/channels/telegram/translate.js';
import { isZaloUpdate, unwrapZaloBody } from '../../src/channels/zalo/translate.js';
import type { Inbound } from '../../src/core/types.js';
import { createLogger, LogThrottle } from '../../src/lib/logger.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';

/** Platform payloads are validated at the adapter boundary: a malformed update is refused with a warning, never answered. */
describe('platform payload validation', () => {
  let fake: FakeTelegramServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const withChatId = (id: unknown) => ({
    update_id: 10,
    message: { message_id: 1, date: 0, chat: { id, type: 'private' }, from: { id: 5, is_bot: false, first_name: 'A' }, text: 'xin chào' },
  });

  it('refuses Telegram updates whose ids are not integers, or whose text is not a string', () => {
    for (const bad of [{}, { toString: 1 }, '42', null, 1.5]) expect(readTelegramUpdate(withChatId(bad), '1')).toHaveProperty('invalid');
    expect(readTelegramUpdate(withChatId({}), '1')).toEqual({ invalid: 'message.chat.id: invalid_type' });
    const notText = withChatId(42) as { message: Record<string, unknown> };
    notText.message.text = { evil: true };
    expect(readTelegramUpdate(notText, '1')).toHaveProperty('invalid');
    const cb = { update_id: 11, callback_query: { id: 'q1', from: { id: {} }, data: 'menu' } };
    expect(readTelegramUpdate(cb, '1')).toHaveProperty('invalid');
    expect(readTelegramUpdate(withChatId(42), '1')).toMatchObject({ intake: { inbound: { chatId: '42', text: 'xin chào' } } });
  });

  it('a Telegram update with an object as chat.id is never recorded nor answered (polling, fake Bot API)', async () => {
    fake = await FakeTelegramServer.start();
    const lines: string[] = [];
    const inbound: Inbound[] = [];
    const channel = new TelegramChannel({
      token: fake.token,
      apiRoot: fake.url,
      intake: { accept: (_k, i) => (inbound.push(i), { accepted: true, done: Promise.resolve() }) },
      logger: createLogger('warn', {}, (l) => lines.push(l), new LogThrottle()),
      mode: { kind: 'polling' },
    });
    await channel.start();
    fake.queueUpdate({ ...withChatId({ nested: 1 }), update_id: 900 });
    fake.queueUpdate(fake.textUpdate(77, 'alo'));
    await fake.waitFor(() => inbound.length === 1, 5000, 'the valid update');
    await channel.stop();
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({ chatId: '77', text: 'alo' });
    expect(inbound.some((i) => i.chatId.includes('object'))).toBe(false);
    expect(lines.map((l) => JSON.parse(l) as { msg: string; problem?: string })).toContainEqual(
      expect.objectContaining({ msg: 'telegram update refused: malformed', problem: 'message.chat.id: invalid_type' }),
    );
  });

  it('refuses Zalo updates whose ids are objects or whose text is not a string', () => {
    const ok = { event_name: 'message.text.received', message: { message_id: 'm1', chat: { id: 'c1' }, from: { id: 'u1' }, text: 'hi' } };
    expect(isZaloUpdate(ok)).toBe(true);
    expect(unwrapZaloBody({ ...ok, message: { ...ok.message, chat: { id: { a: 1 } } } })).toBeUndefined();
    expect(unwrapZaloBody({ ...ok, message: { ...ok.message, from: { id: [] } } })).toBeUndefined();
    expect(unwrapZaloBody({ ...ok, message: { ...ok.message, text: 7 } })).toBeUndefined();
  });
});
