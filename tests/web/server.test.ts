import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookEndpoint } from '../../src/channels/contract.js';
import { writeJson } from '../../src/channels/contract.js';
import { SessionSigner } from '../../src/channels/web/session-token.js';
import { WebChat } from '../../src/channels/web/webchat.js';
import { RateLimiter } from '../../src/lib/rate-limit.js';
import type { Inbound } from '../../src/core/types.js';
import { silentLogger } from '../../src/lib/logger.js';
import { countAnswers, ServiceMetrics } from '../../src/web/metrics.js';
import { buildServer } from '../../src/web/server.js';

/** A webhook endpoint test double: secret "s3cret-token", records bodies it was given. */
function recordingHook(bodies: unknown[]): WebhookEndpoint {
  return {
    channel: 'zalo',
    path: '/hooks/test',
    authorize: (h) => h['x-test-secret'] === 's3cret-token',
    handle: async (req, res) => {
      bodies.push(req.body);
      writeJson(res, 200, { ok: true });
    },
  };
}

describe('web server', () => {
  let app: FastifyInstance;
  let base: string;
  let bodies: unknown[];
  let channelReady: boolean;
  let metrics: ServiceMetrics;
  const accepted: Array<{ key: string; inbound: Inbound }> = [];
  let chat: WebChat;
  const signer = new SessionSigner('a-test-secret-of-enough-length');
  let limitNext = false;

  beforeEach(async () => {
    bodies = [];
    accepted.length = 0;
    channelReady = true;
    metrics = new ServiceMetrics(() => 3);
    limitNext = false;
    chat = new WebChat({
      intake: {
        accept: (key, inbound) => {
          accepted.push({ key, inbound });
          if (limitNext) return { accepted: true, done: Promise.resolve(), limited: true };
          void chat.send(inbound.chatId, { text: `Đã nhận: ${inbound.text ?? inbound.action}`, choices: [{ label: 'Tiếp', action: 'next' }] });
          return { accepted: true, done: Promise.resolve() };
        },
      },
      signer,
      greeting: async (id) => [{ text: `Xin chào ${id.length}` }],
      newSessions: new RateLimiter({ limit: 3, windowMs: 60_000 }),
    });
    app = buildServer({
      logger: silentLogger,
      metrics,
      webhooks: [recordingHook(bodies)],
      readiness: [
        { name: 'database', ready: () => true },
        { name: 'zalo', ready: () => channelReady, reason: () => 'sends failing for 31 s (last: timeout)' },
      ],
      plugins: [(a) => chat.register(a)],
      bodyLimit: 10_000,
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(() => app.close());

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(base + path, { method: 'POST', body, headers }).then(async (r) => ({ status: r.status, json: await r.json().catch(() => undefined) }));

  it('reports liveness and readiness per check', async () => {
    expect((await fetch(base + '/healthz')).status).toBe(200);
    let r = await fetch(base + '/readyz');
    expect([r.status, await r.json()]).toEqual([200, { ok: true, checks: { database: true, zalo: true } }]);
    channelReady = false;
    r = await fetch(base + '/readyz');
    expect([r.status, await r.json()]).toEqual([
      503,
      { ok: false, checks: { database: true, zalo: false }, reasons: { zalo: 'sends failing for 31 s (last: timeout)' } },
    ]);
  });

  it('serves Prometheus text with the service metrics', async () => {
    metrics.received('telegram');
    metrics.handled('telegram', 'replied', 0.042);
    metrics.error('zalo', 'send');
    const counted = countAnswers({ answer: async (q) => ({ question: q, answer: 'a', grounded: true, mode: 'extractive', intent: 'answer', sources: [] }) }, metrics);
    await counted.answer('vneid?');
    const r = await fetch(base + '/metrics');
    expect(r.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await r.text();
    expect(text).toContain('# TYPE bot_updates_received_total counter');
    expect(text).toContain('bot_updates_received_total{channel="telegram"} 1');
    expect(text).toContain('bot_reply_latency_seconds_bucket{channel="telegram",le="0.05"} 1');
    expect(text).toContain('bot_reply_latency_seconds_bucket{channel="telegram",le="0.025"} 0');
    expect(text).toContain('bot_reply_latency_seconds_count{channel="telegram"} 1');
    expect(text).toContain('bot_errors_total{channel="zalo",stage="send"} 1');
    expect(text).toContain('bot_assistant_answers_total{grounded="true",mode="extractive"} 1');
    expect(text).toContain('bot_intake_pending 3');
  });

  it('checks the webhook secret before reading the body: 401, nothing handled', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await post('/hooks/test', '{"a":1}', json)).status).toBe(401);
    expect((await post('/hooks/test', '{"a":1}', { ...json, 'x-test-secret': 'nope' })).status).toBe(401);
    expect((await post('/hooks/test', '{broken', { ...json, 'x-test-secret': 'nope' })).status).toBe(401);
    expect(bodies).toEqual([]);
    expect((await post('/hooks/test', '{"a":1}', { ...json, 'x-test-secret': 's3cret-token' })).status).toBe(200);
    expect(bodies).toEqual([{ a: 1 }]);
  });

  it('rejects malformed JSON (400), other content types (415) and big bodies (413), then still serves', async () => {
    const auth = { 'x-test-secret': 's3cret-token' };
    expect((await post('/hooks/test', '{"a":', { ...auth, 'content-type': 'application/json' })).status).toBe(400);
    expect((await post('/hooks/test', '', { ...auth, 'content-type': 'application/json' })).status).toBe(400);
    expect((await post('/hooks/test', 'a', { ...auth, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('/hooks/test', 'a=1', { ...auth, 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const big = JSON.stringify({ x: 'y'.repeat(20_000) });
    expect((await post('/hooks/test', big, { ...auth, 'content-type': 'application/json' })).status).toBe(413);
    expect(bodies).toEqual([]);
    expect((await fetch(base + '/healthz')).status).toBe(200);
    const notFound = await fetch(base + '/nope');
    expect([notFound.status, await notFound.json()]).toEqual([404, { ok: false, error: 'not found' }]);
  });

  it('serves the web chat page: Vietnamese, self-contained, with a strict content policy', async () => {
    const r = await fetch(base + '/');
    const html = await r.text();
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<label class="hint" for="text">');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
  });

  it('web chat API: issues a signed session, records a message through the intake and returns its replies', async () => {
    const json = { 'content-type': 'application/json' };
    const opened = await post('/api/chat/open', '{}', json);
    expect(opened.status).toBe(200);
    const session: string = opened.json.session;
    const id = signer.verify(session)!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(opened.json.replies).toEqual([{ text: 'Xin chào 22' }]);
    // Reopening with the same token keeps the session.
    expect((await post('/api/chat/open', JSON.stringify({ session }), json)).json.session).toBe(session);

    const ok = await post('/api/chat', JSON.stringify({ session, id: 'm1', text: '  vneid la gi  ' }), json);
    expect(ok).toEqual({ status: 200, json: { ok: true, replies: [{ text: 'Đã nhận: vneid la gi', choices: [{ label: 'Tiếp', action: 'next' }] }], limited: false } });
    expect(accepted[0]).toEqual({
      key: `web:${id}:m1`,
      inbound: { channel: 'web', chatId: id, userId: id, kind: 'text', text: 'vneid la gi', greeted: true },
    });
    const action = await post('/api/chat', JSON.stringify({ session, id: 'm2', action: 'next' }), json);
    expect(action.json.replies[0].text).toBe('Đã nhận: next');
    // Not issued by this server: the bare id, a made-up token, a token signed with another secret.
    const foreign = new SessionSigner('another-secret-of-enough-length').issue().token;
    for (const bad of [id, 'sess-12345678', `${id}.${'A'.repeat(22)}`, foreign]) {
      expect((await post('/api/chat', JSON.stringify({ session: bad, id: 'm3', text: 'x' }), json)).status).toBe(401);
    }
    // Too long: refused with the limit (never cut).
    expect(await post('/api/chat', JSON.stringify({ session, id: 'm4', text: 'x'.repeat(1001) }), json)).toEqual({
      status: 413,
      json: { ok: false, error: 'too-long', max: 1000 },
    });
    expect((await post('/api/chat', JSON.stringify({ session, id: 'm5' }), json)).status).toBe(400);
    expect((await post('/api/chat', JSON.stringify({ session, text: 'x' }), json)).status).toBe(400);
    expect(accepted).toHaveLength(2);
    // Over the rate limit: the page is told, so it can give the buttons back.
    limitNext = true;
    expect((await post('/api/chat', JSON.stringify({ session, id: 'm6', action: 'next' }), json)).json).toEqual({ ok: true, replies: [], limited: true });
    const empty = await fetch(`${base}/api/chat?session=${encodeURIComponent(session)}`).then((r) => r.json());
    expect(empty).toEqual({ ok: true, replies: [] });
    expect((await fetch(`${base}/api/chat?session=${id}`)).status).toBe(401);
  });

  it('web chat API: takes a photo upload as an image the conversation can read, with its caption', async () => {
    const json = { 'content-type': 'application/json' };
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3_000, 9)]);
    const session: string = (await post('/api/chat/open', '{}', json)).json.session;
    const body = { session, id: 'p1', image: `data:image/jpeg;base64,${jpeg.toString('base64')}`, text: 'kiểm tra giúp' };
    const ok = await post('/api/chat', JSON.stringify(body), json);
    expect(ok.status).toBe(200);
    const { inbound } = accepted.at(-1)!;
    expect(inbound).toMatchObject({ channel: 'web', kind: 'image', text: 'kiểm tra giúp' });
    expect(Buffer.from(await inbound.image!.load(100_000)).equals(jpeg)).toBe(true);
    await expect(inbound.image!.load(1000)).rejects.toThrow(/image of/);
    expect(JSON.stringify(inbound)).not.toContain('base64');
    expect((await post('/api/chat', JSON.stringify({ ...body, id: 'p2', image: 'data:text/html;base64,PGI+' }), json)).status).toBe(400);
    expect((await post('/api/chat', JSON.stringify({ ...body, id: 'p3', image: 'not a data url' }), json)).status).toBe(400);
  });
  it('web chat API: limits new sessions per client address', async () => {
    const json = { 'content-type': 'application/json' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post('/api/chat/open', '{}', json)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // An existing session still opens.
    const token = signer.issue().token;
    expect((await post('/api/chat/open', JSON.stringify({ session: token }), json)).status).toBe(200);
    expect(accepted).toHaveLength(0);
  });
});

describe('log flood', () => {
  it('1,000 forged webhook requests write a few warning lines and are counted in /metrics', { timeout: 60_000 }, async () => {
    const { createLogger, processLogThrottle } = await import('../../src/lib/logger.js');
    const lines: string[] = [];
    const hook: WebhookEndpoint = { channel: 'telegram', path: '/hooks/flood', authorize: () => false, handle: async () => undefined };
    const before = processLogThrottle.suppressedSeries().find(([l]) => l.msg === 'webhook rejected: wrong or missing secret')?.[1] ?? 0;
    const app = buildServer({ logger: createLogger('info', {}, (l) => lines.push(l)), metrics: new ServiceMetrics(), webhooks: [hook], readiness: [] });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (let batch = 0; batch < 20; batch++) {
        const statuses = await Promise.all(
          Array.from({ length: 50 }, () =>
            fetch(base + '/hooks/flood', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then((r) => r.status),
          ),
        );
        expect(statuses.every((s) => s === 401)).toBe(true);
      }
      expect(lines.length).toBeLessThanOrEqual(10);
      const text = await (await fetch(base + '/metrics')).text();
      const m = /bot_log_lines_suppressed_total\{level="warn",msg="webhook rejected: wrong or missing secret"\} (\d+)/.exec(text);
      expect(Number(m?.[1])).toBe(before + 1000 - lines.length);
    } finally {
      await app.close();
    }
  });


});
