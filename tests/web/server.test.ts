import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookEndpoint } from '../../src/channels/contract.js';
import { writeJson } from '../../src/channels/contract.js';
import { WebChat } from '../../src/channels/web/webchat.js';
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

  beforeEach(async () => {
    bodies = [];
    accepted.length = 0;
    channelReady = true;
    metrics = new ServiceMetrics(() => 3);
    chat = new WebChat({
      intake: {
        accept: (key, inbound) => {
          accepted.push({ key, inbound });
          void chat.send(inbound.chatId, { text: `Đã nhận: ${inbound.text ?? inbound.action}`, choices: [{ label: 'Tiếp', action: 'next' }] });
          return { accepted: true, done: Promise.resolve() };
        },
      },
    });
    app = buildServer({
      logger: silentLogger,
      metrics,
      webhooks: [recordingHook(bodies)],
      readiness: [
        { name: 'database', ready: () => true },
        { name: 'zalo', ready: () => channelReady },
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
    expect([r.status, await r.json()]).toEqual([503, { ok: false, checks: { database: true, zalo: false } }]);
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

  it('web chat API: records a message through the intake and returns its replies', async () => {
    const json = { 'content-type': 'application/json' };
    const ok = await post('/api/chat', JSON.stringify({ session: 'sess-12345678', id: 'm1', text: '  vneid la gi  ' }), json);
    expect(ok).toEqual({ status: 200, json: { ok: true, replies: [{ text: 'Đã nhận: vneid la gi', choices: [{ label: 'Tiếp', action: 'next' }] }] } });
    expect(accepted[0]).toEqual({
      key: 'web:sess-12345678:m1',
      inbound: { channel: 'web', chatId: 'sess-12345678', userId: 'sess-12345678', kind: 'text', text: 'vneid la gi' },
    });
    const action = await post('/api/chat', JSON.stringify({ session: 'sess-12345678', id: 'm2', action: 'next' }), json);
    expect(action.json.replies[0].text).toBe('Đã nhận: next');
    expect((await post('/api/chat', JSON.stringify({ session: 'short', id: 'm3', text: 'x' }), json)).status).toBe(400);
    expect((await post('/api/chat', JSON.stringify({ session: 'sess-12345678', id: 'm4', text: 'x'.repeat(1001) }), json)).status).toBe(400);
    expect((await post('/api/chat', JSON.stringify({ session: 'sess-12345678', id: 'm5' }), json)).status).toBe(400);
    expect((await post('/api/chat', JSON.stringify({ session: 'sess-12345678', text: 'x' }), json)).status).toBe(400);
    expect(accepted).toHaveLength(2);
    const empty = await fetch(`${base}/api/chat?session=sess-12345678`).then((r) => r.json());
    expect(empty).toEqual({ ok: true, replies: [] });
  });
});
