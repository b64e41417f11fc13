import { afterEach, describe, expect, it } from 'vitest';
import { telegramHarness, zaloHarness, type PlatformHarness, type Seen } from './harness.js';
import { LESSON_PARAGRAPHS, ScriptedHandler } from './scripted-handler.js';

/**
 * One contract for every chat adapter (DESIGN.md convention 2): the same conversation with the same
 * expectations, on each platform and in each mode, checked through the platform's own rendering —
 * inline buttons on Telegram, numbered lines on Zalo.
 */
const platforms = [
  ['telegram', 'polling', telegramHarness],
  ['telegram', 'webhook', telegramHarness],
  ['zalo', 'polling', zaloHarness],
  ['zalo', 'webhook', zaloHarness],
] as const;

/** The choice labels a person can see in a message, whatever the rendering. */
function visibleChoices(m: Seen): string[] {
  if (m.buttons) return m.buttons;
  return [...m.text.matchAll(/^(\d+)\. (.+)$/gm)].map((x) => x[2] ?? '');
}

describe.each(platforms)('%s adapter (%s) contract', (platform, mode, make) => {
  let h: PlatformHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('runs a first session: greeting with choices, a choice picked, a long lesson split at paragraphs', async () => {
    const handler = new ScriptedHandler();
    h = await make(handler, mode);
    const user = '1001';
    await h.text(user, '/start xa-an-binh');
    const [greeting] = await h.waitSeen(user, 1);
    expect(greeting!.text).toContain('Xin chào');
    expect(greeting!.text).toContain('Xã của bạn: xa-an-binh');
    expect(visibleChoices(greeting!)).toEqual(['📖 Học bài', '❓ Hướng dẫn']);

    await h.choose(user, 1, greeting!);
    await h.fake.waitFor(() => handler.received.length >= 2);
    // Whatever the platform, the handler learns which choice was picked.
    const picked = handler.received[1]!;
    if (platform === 'telegram') expect(picked).toMatchObject({ kind: 'action', action: 'learn' });
    else expect(picked).toMatchObject({ kind: 'text', text: '1' });

    // The lesson is longer than one message: split under the limit, at paragraph boundaries, nothing lost.
    await h.fake.waitFor(() => h!.pending() === 0, 10_000, 'lesson delivered');
    const pieces = h.seen(user).slice(1).map((m) => m.text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThan(h.maxText);
    for (const p of pieces) expect(p.startsWith('Đoạn ')).toBe(true);
    expect(pieces.join('\n\n')).toBe(LESSON_PARAGRAPHS.join('\n\n'));
    expect(handler.received[0]).toMatchObject({ channel: platform, chatId: user, userId: user, kind: 'text', text: '/start xa-an-binh' });
    expect(handler.received[0]!.userName).toBeTruthy();
  });

  it('answers a sticker with the "text only" reply (kind unsupported)', async () => {
    const handler = new ScriptedHandler();
    h = await make(handler, mode);
    await h.sticker('2002');
    const [reply] = await h.waitSeen('2002', 1);
    expect(reply!.text).toBe('Tôi chỉ đọc được chữ.');
    expect(handler.received[0]).toMatchObject({ kind: 'unsupported' });
  });

  it('delivers a photo as an image the handler can fetch (caption kept), within the size limit, and never records it', async () => {
    const handler = new ScriptedHandler();
    h = await make(handler, mode);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    await h.photo('2102', jpeg, 'kiểm tra giúp');
    const [reply] = await h.waitSeen('2102', 1);
    expect(reply!.text).toBe('Ảnh 2004 byte, bắt đầu ffd8ffe0; chú thích: kiểm tra giúp');
    expect(handler.received[0]).toMatchObject({ kind: 'image', text: 'kiểm tra giúp' });
    await h.photo('2103', Buffer.alloc(70 * 1024, 1));
    const [big] = await h.waitSeen('2103', 1);
    expect(big!.text).toBe('Ảnh lỗi: ImageTooLargeError');
    const stored = h.db.prepare<[], { inbound: string | null }>('SELECT inbound FROM intake').all();
    // At most an empty `image: {}` (the loader is a function, dropped by JSON): never the picture.
    for (const r of stored) expect(r.inbound === null || Object.keys((JSON.parse(r.inbound) as { image?: object }).image ?? {}).length === 0).toBe(true);
  });

  it('keeps one chat in order and answers a redelivered update once', async () => {
    const handler = new ScriptedHandler();
    h = await make(handler, mode);
    await h.text('3003', 'slow:150 một');
    await h.text('3003', 'hai');
    await h.duplicateText('3003', 'ba');
    await h.text('3003', 'bốn');
    await h.waitSeen('3003', 4);
    await h.text('3003', 'năm');
    const seen = await h.waitSeen('3003', 5);
    expect(seen.map((m) => m.text)).toEqual(['Đã nghĩ xong: một', 'Bạn nói: hai', 'Bạn nói: ba', 'Bạn nói: bốn', 'Bạn nói: năm']);
    expect(handler.received.filter((i) => i.text === 'ba')).toHaveLength(1);
  });

  it('shows "typing" while a slow answer is prepared', async () => {
    h = await make(new ScriptedHandler(), mode);
    await h.text('4004', 'slow:300 câu khó');
    await h.waitSeen('4004', 1);
    const typing = h.fake.ok('sendChatAction').filter((c) => String(c.payload.chat_id) === '4004');
    expect(typing.length).toBeGreaterThan(0);
    expect(typing[0]!.payload.action).toBe('typing');
  });

  it('retries a 5xx, and marks a 403 (blocked) person unreachable without retrying', async () => {
    h = await make(new ScriptedHandler(), mode);
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    await h.text('5005', 'lần một');
    expect((await h.waitSeen('5005', 1))[0]!.text).toBe('Bạn nói: lần một');

    h.fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const before = h.fake.calls.filter((c) => c.method === 'sendMessage').length;
    await h.text('6006', 'xin chào');
    await h.fake.waitFor(() => h!.unreachable.length === 1, 10_000, 'unreachable');
    expect(h.unreachable[0]).toMatchObject({ channel: platform, userId: '6006' });
    expect(h.fake.calls.filter((c) => c.method === 'sendMessage').length).toBe(before + 1);
  });
});

describe.each([
  ['telegram', telegramHarness],
  ['zalo', zaloHarness],
] as const)('%s adapter: platform limits', (_platform, make) => {
  let h: PlatformHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('waits retry_after on 429, then delivers once', async () => {
    h = await make(new ScriptedHandler(), 'polling');
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
    await h.text('7007', 'chậm thôi');
    const seen = await h.waitSeen('7007', 1);
    expect(seen.map((m) => m.text)).toEqual(['Bạn nói: chậm thôi']);
    const attempts = h.fake.calls.filter((c) => c.method === 'sendMessage');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
  });

  it('rate limits one person: one polite reply, then silence', async () => {
    const handler = new ScriptedHandler();
    h = await make(handler, 'polling', { limit: 2 });
    for (const t of ['a1', 'a2', 'a3', 'a4', 'a5']) await h.text('8008', t);
    await h.text('9009', 'người khác');
    await h.waitSeen('9009', 1);
    await h.waitSeen('8008', 3);
    await h.fake.waitFor(() => Number(/outcome="limited"\S* (\d+)/.exec(h!.metrics.render())?.[1] ?? 0) >= 3, 10_000, 'limited');
    const texts = h.seen('8008').map((m) => m.text);
    expect(texts.slice(0, 2)).toEqual(['Bạn nói: a1', 'Bạn nói: a2']);
    expect(texts[2]).toMatch(/nhắn hơi nhanh/);
    expect(texts).toHaveLength(3);
    expect(handler.received.filter((i) => i.userId === '8008')).toHaveLength(2);
  });
});
