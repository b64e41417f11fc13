import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZaloChannel } from '../../src/channels/zalo/channel.js';
import { ZaloClient } from '../../src/channels/zalo/client.js';
import { ZaloApiError, ZaloNetworkError } from '../../src/channels/zalo/errors.js';
import { ZaloSender } from '../../src/channels/zalo/sender.js';
import { translateZaloUpdate, unwrapZaloBody } from '../../src/channels/zalo/translate.js';
import { createLogger, silentLogger } from '../../src/lib/logger.js';
import { freePort } from './harness.js';
import { FakeZaloServer } from '../fakes/zalo-server.js';

describe('ZaloClient against the fake Zalo Bot API', () => {
  let fake: FakeZaloServer;
  let client: ZaloClient;
  beforeEach(async () => {
    fake = await FakeZaloServer.start();
    client = new ZaloClient({ token: fake.token, apiUrl: fake.url, timeoutMs: 2000 });
  });
  afterEach(() => fake.close());

  it('calls POST /bot<token>/<method> with a JSON body and returns the result', async () => {
    const me = await client.getMe();
    expect(me.account_name).toBe('tro_ly_hoc_vu_so');
    await client.sendMessage('u1', 'Xin chào');
    expect(fake.ok('sendMessage')[0]!.payload).toEqual({ chat_id: 'u1', text: 'Xin chào' });
  });

  it('turns {ok:false} into ZaloApiError with method, code and description — without the token', async () => {
    fake.failNext('sendMessage', { status: 200, error_code: 400, description: 'chat not found' });
    const err = await client.sendMessage('nobody', 'hi').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err).toMatchObject({ name: 'ZaloApiError', method: 'sendMessage', errorCode: 400, description: 'chat not found' });
    expect(String((err as Error).message)).not.toContain(fake.token);
    expect(JSON.stringify(err)).not.toContain(fake.token);
  });

  it('reads a 429 retry_after', async () => {
    fake.failNext('sendMessage', { error_code: 429, description: 'Too many requests', retry_after: 3 });
    await expect(client.sendMessage('u', 'x')).rejects.toMatchObject({ errorCode: 429, retryAfter: 3 });
  });

  it('reports an unreachable server as ZaloNetworkError, never naming the URL or token', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const down = new ZaloClient({ token: fake.token, apiUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    const err = await down.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloNetworkError);
    expect(err).toMatchObject({ method: 'getMe', code: 'ECONNREFUSED' });
    createLogger('debug', {}, (l) => lines.push(l)).error('zalo failed', { err });
    expect(lines.join('\n')).not.toContain(fake.token.split(':')[1]);
    expect(String(err)).not.toContain(fake.token);
  });

  it('times out a call that hangs, and aborts on signal', async () => {
    fake.stall('getMe');
    const quick = new ZaloClient({ token: fake.token, apiUrl: fake.url, timeoutMs: 100 });
    await expect(quick.getMe()).rejects.toMatchObject({ name: 'ZaloNetworkError', code: 'TIMEOUT' });
    const ac = new AbortController();
    const pending = client.getMe(ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('getUpdates: one update per call; 408 means nothing new (as HTTP 200 or 408)', async () => {
    fake.holdMs = 50;
    fake.queueUpdate(fake.textUpdate('u1', 'một'));
    fake.queueUpdate(fake.textUpdate('u1', 'hai'));
    expect((await client.getUpdates(1))?.message.text).toBe('một');
    expect((await client.getUpdates(1))?.message.text).toBe('hai');
    expect(await client.getUpdates(1)).toBeUndefined();
    fake.emptyPollStatus = 408;
    expect(await client.getUpdates(1)).toBeUndefined();
  });
});

describe('Zalo translation', () => {
  const bare = {
    event_name: 'message.text.received',
    message: {
      message_id: '16f6366b3f02645a3d15',
      date: 1766619597466,
      chat: { id: 'e4ea2cd5189df1c3a88c', chat_type: 'PRIVATE' },
      from: { id: 'e4ea2cd5189df1c3a88c', display_name: 'Nguyen Van A', is_bot: false },
      text: 'Xin chào',
    },
  };

  it('accepts bare and wrapped bodies, rejects anything else', () => {
    expect(unwrapZaloBody(bare)).toEqual(bare);
    expect(unwrapZaloBody({ ok: true, result: bare })).toEqual(bare);
    expect(unwrapZaloBody({ ok: true, result: { hello: 1 } })).toBeUndefined();
    expect(unwrapZaloBody([bare])).toBeUndefined();
    expect(unwrapZaloBody('x')).toBeUndefined();
    expect(unwrapZaloBody({ event_name: 'message.text.received', message: { chat: { id: 'x' } } })).toBeUndefined();
  });

  it('maps text, media and names; dedupes on event name + message id', () => {
    expect(translateZaloUpdate(bare)).toEqual({
      key: 'zalo:message.text.received:16f6366b3f02645a3d15',
      inbound: { channel: 'zalo', chatId: 'e4ea2cd5189df1c3a88c', userId: 'e4ea2cd5189df1c3a88c', userName: 'Nguyen Van A', kind: 'text', text: 'Xin chào' },
    });
    const image = { ...bare, event_name: 'message.image.received', message: { ...bare.message, text: undefined, photo_url: 'https://x/y.jpg' } };
    expect(translateZaloUpdate(image)?.inbound).toMatchObject({ kind: 'image', image: { load: expect.any(Function) } });
    const notHttp = { ...image, message: { ...image.message, photo_url: 'file:///etc/passwd' } };
    expect(translateZaloUpdate(notHttp)?.inbound.kind).toBe('unsupported');
    const named = { ...bare, message: { ...bare.message, from: { id: 'a', name: 'Bà Tư' } } };
    expect(translateZaloUpdate(named)?.inbound.userName).toBe('Bà Tư');
    const bot = { ...bare, message: { ...bare.message, from: { id: 'b', is_bot: true } } };
    expect(translateZaloUpdate(bot)).toBeUndefined();
    expect(translateZaloUpdate({ ...bare, event_name: 'user.follow' })).toBeUndefined();
  });
});

describe('ZaloSender rendering', () => {
  const sender = new ZaloSender({ client: new ZaloClient({ token: 'x:y' }), logger: silentLogger });

  it('renders choices as numbered lines under the text', () => {
    const [text] = sender.render({ text: 'Bạn muốn làm gì?', choices: [{ label: 'Học bài', action: 'learn' }, { label: 'Hỏi', action: 'ask' }] });
    expect(text).toMatch(/^Bạn muốn làm gì\?\n\n1\. Học bài\n2\. Hỏi\n/);
  });

  it('splits long text under 2,000 characters, keeping the choices with the last piece', () => {
    const long = Array.from({ length: 8 }, (_, i) => `Đoạn ${i}: ${'chữ '.repeat(120)}`).join('\n\n');
    const pieces = sender.render({ text: long, choices: [{ label: 'Tiếp', action: 'next' }] });
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(2000);
    expect(pieces.at(-1)).toContain('1. Tiếp');
    expect(pieces.slice(0, -1).join('')).not.toContain('1. Tiếp');
  });
});

describe('ZaloChannel polling', () => {
  it('deletes the webhook first, survives a 5xx poll, and records each update once', async () => {
    const fake = await FakeZaloServer.start();
    fake.holdMs = 50;
    fake.webhook = { url: 'https://old.example/hook', secret: 'old-secret-123' };
    const accepted: Array<{ key: string; text?: string }> = [];
    const channel = new ZaloChannel({
      client: new ZaloClient({ token: fake.token, apiUrl: fake.url, timeoutMs: 2000 }),
      intake: { accept: (key, inbound) => (accepted.push({ key, text: inbound.text }), { accepted: true, done: Promise.resolve() }) },
      logger: silentLogger,
      mode: { kind: 'polling', pollTimeoutSeconds: 1 },
      backoff: { baseDelayMs: 10, maxDelayMs: 20 },
    });
    try {
      fake.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' });
      await channel.start();
      expect(channel.isReady()).toBe(true);
      fake.queueUpdate(fake.textUpdate('u9', 'một'));
      fake.queueUpdate(fake.textUpdate('u9', 'hai'));
      await fake.waitFor(() => accepted.length === 2, 5000, 'two updates');
      expect(accepted.map((a) => a.text)).toEqual(['một', 'hai']);
      const methods = fake.calls.map((c) => c.method);
      expect(methods.indexOf('deleteWebhook')).toBeGreaterThan(-1);
      expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
      expect(fake.calls.filter((c) => c.method === 'getUpdates')[0]!.status).toBe(502);
    } finally {
      await channel.stop();
      await fake.close();
    }
    expect(channel.isReady()).toBe(false);
  });
});
