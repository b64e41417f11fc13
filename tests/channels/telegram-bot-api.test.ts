import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotApi } from '../../src/channels/telegram/bot-api.js';
import { classifyTelegramError } from '../../src/channels/telegram/sender.js';

/** A real HTTP server on 127.0.0.1 answering what each test sets. */
describe('BotApi (the reply calls, against a real HTTP server)', () => {
  let server: Server;
  let root: string;
  let answer: { status: number; body: string };
  const seen: Array<{ url: string; type: string; body: unknown }> = [];

  beforeEach(async () => {
    seen.length = 0;
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(raw) });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts JSON to /bot<token>/<method> without null fields and returns the result', async () => {
    answer = { status: 200, body: JSON.stringify({ ok: true, result: { message_id: 7 } }) };
    const api = new BotApi('123:abc', root);
    const result = await api.call('sendMessage', { chat_id: '42', text: 'Chào', reply_markup: undefined, x: null });
    expect(result).toEqual({ message_id: 7 });
    expect(seen).toEqual([{ url: '/bot123:abc/sendMessage', type: 'application/json', body: { chat_id: '42', text: 'Chào' } }]);
    api.close();
  });

  it("turns Telegram's refusals into TelegramError, so retries and error mapping stay as with telegraf", async () => {
    const api = new BotApi('123:abc', root);
    answer = { status: 429, body: JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }) };
    const limited = await api.call('sendMessage', { chat_id: '1', text: 'a' }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(TelegramError);
    expect(classifyTelegramError(limited)).toEqual({ kind: 'rate-limited', retryAfterMs: 3000 });

    answer = { status: 403, body: JSON.stringify({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }) };
    const blocked = (await api.call('sendMessage', { chat_id: '1', text: 'a' }).catch((e: unknown) => e)) as TelegramError;
    expect(blocked.code).toBe(403);
    expect(classifyTelegramError(blocked)).toEqual({ kind: 'permanent' });

    answer = { status: 502, body: '<html>Bad Gateway</html>' };
    const down = (await api.call('sendMessage', { chat_id: '1', text: 'a' }).catch((e: unknown) => e)) as TelegramError;
    expect(down).toBeInstanceOf(TelegramError);
    expect(down.code).toBe(502);
    expect(classifyTelegramError(down).kind).toBe('transient');

    // Not Telegram's JSON at all (a proxy page with 200): a network-like failure, retried.
    answer = { status: 200, body: 'hello' };
    const odd = await api.call('sendMessage', { chat_id: '1', text: 'a' }).catch((e: unknown) => e);
    expect(odd).not.toBeInstanceOf(TelegramError);
    expect(classifyTelegramError(odd).kind).toBe('transient');
    api.close();
  });

  it('a network failure names no token', async () => {
    const api = new BotApi('123:secret-token', 'http://127.0.0.1:1');
    const err = (await api.call('sendMessage', { chat_id: '1', text: 'a' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(`${err.message} ${err.stack ?? ''}`).not.toContain('secret-token');
  });
});
