import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleChannel } from '../../../src/channels/console/console-channel.js';
import type { Inbound, MessageHandler, Outbound } from '../../../src/core/types.js';
import { Harness } from '../../core/harness.js';

/** Runs a console session over the given typed lines and returns everything printed. */
async function session(handler: MessageHandler, lines: string[], firstMessage?: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const channel = new ConsoleChannel({ handler, input, output, userId: 'An', userName: 'An', firstMessage, echo: true });
  const done = channel.run();
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return printed;
}

describe('console channel', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('chats with the real conversation, choices as numbered lines, typed numbers mapped back', async () => {
    const out = await session(h.conversation, ['bỏ qua', '2', 'học', '1', '1', '/thoat', 'never read'], '/start');
    expect(out).toContain('Bạn › /start');
    expect(out).toContain('🤖 Xin chào An! 👋');
    expect(out).toContain('   1. Bỏ qua\n   👉 Gõ số để chọn.');
    expect(out).toContain('Đã tắt nhận thông báo');
    expect(out).toContain('   1. Dùng ứng dụng VNeID\n   2. Phòng tránh lừa đảo');
    expect(out).toContain('🤖 📖 VNeID là gì? · trang 1/3');
    expect(out).toContain('Tạm biệt!');
    expect(h.assistant.asked).toEqual([]);
    const learner = h.learners.find('console', 'An');
    expect(learner).toMatchObject({ displayName: 'An', communeAsked: true, subscribed: false });
  });

  it('translates lines into console Inbounds and handles lines in order', async () => {
    const seen: Inbound[] = [];
    const echo: MessageHandler = {
      async handle(inbound: Inbound): Promise<Outbound[]> {
        seen.push(inbound);
        return [{ text: `nhận: ${inbound.text}`, choices: [{ label: 'Một', action: 'x' }] }];
      },
    };
    const out = await session(echo, ['xin chào', '', '2'], undefined);
    expect(seen).toEqual([
      { channel: 'console', chatId: 'An', userId: 'An', userName: 'An', text: 'xin chào', kind: 'text' },
      { channel: 'console', chatId: 'An', userId: 'An', userName: 'An', text: '2', kind: 'text' },
    ]);
    expect(out).toContain('🤖 nhận: xin chào\n\n   1. Một\n   👉 Gõ số để chọn.');
  });
});
