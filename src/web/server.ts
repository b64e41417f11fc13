import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { WebhookEndpoint } from '../channels/contract.js';
import type { Logger } from '../lib/logger.js';
import type { ServiceMetrics } from './metrics.js';

/**
 * The service's one HTTP server (fastify): the platforms' webhooks, `GET /healthz` (process alive),
 * `GET /readyz` (database, content and every enabled channel ready), `GET /metrics` (Prometheus
 * text), and whatever else registers itself (the web chat).
 *
 * Bad requests never reach a handler: only JSON bodies are accepted (415 otherwise), malformed JSON
 * is a 400, bodies over `bodyLimit` a 413, and a webhook's secret header is checked before its body is
 * even read (401, no work).
 */
export interface ReadinessCheck {
  name: string;
  ready: () => boolean;
  /** Why it is not ready (shown in `/readyz` under `reasons`). */
  reason?: () => string | undefined;
}

export interface ServerOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  webhooks: WebhookEndpoint[];
  readiness: ReadinessCheck[];
  /** Extra routes (the web chat). */
  plugins?: Array<(app: FastifyInstance) => void>;
  /** Largest accepted request body in bytes (default 256 KiB; platform updates are a few KiB). */
  bodyLimit?: number;
  /** Behind a reverse proxy: trust X-Forwarded-* (TRUST_PROXY: every hop; or a list of proxy addresses). */
  trustProxy?: boolean | string;
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { logger } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
  });
  // Only JSON: a text/plain body is a client error, not a string to guess about.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) logger.error('http handler failed', { err });
    else logger.debug('bad request', { code: err.code, status });
    void reply.code(status).send({ ok: false, error: status >= 500 ? 'internal error' : err.message });
  });
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send({ ok: false, error: 'not found' });
  });

  app.get('/healthz', async () => ({ ok: true }));

  app.get('/readyz', async (_req, reply) => {
    const checks = Object.fromEntries(options.readiness.map((c) => [c.name, safeReady(c)]));
    const ready = Object.values(checks).every(Boolean);
    const reasons = Object.fromEntries(
      options.readiness.filter((c) => !checks[c.name]).map((c) => [c.name, safeReason(c)]).filter(([, r]) => r !== undefined),
    );
    return reply.code(ready ? 200 : 503).send(ready ? { ok: ready, checks } : { ok: ready, checks, reasons });
  });

  app.get('/metrics', async (_req, reply) =>
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(options.metrics.render()),
  );

  for (const hook of options.webhooks) {
    app.post(hook.path, {
      // Runs before the body is read: a request without the right secret costs nothing.
      onRequest: async (req, reply) => {
        if (!hook.authorize(req.headers)) {
          logger.warn('webhook rejected: wrong or missing secret', { channel: hook.channel });
          return reply.code(401).send({ ok: false, error: 'unauthorized' });
        }
      },
      handler: async (req, reply) => {
        reply.hijack();
        const raw = Object.assign(req.raw, { body: req.body });
        try {
          await hook.handle(raw, reply.raw);
        } catch (err) {
          logger.error('webhook handler failed', { err, channel: hook.channel });
          if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' });
          if (!reply.raw.writableEnded) reply.raw.end('{"ok":false}');
        }
      },
    });
  }

  for (const plugin of options.plugins ?? []) plugin(app);
  return app;
}

function safeReason(check: ReadinessCheck): string | undefined {
  try {
    return check.reason?.();
  } catch (err) {
    return String(err);
  }
}

function safeReady(check: ReadinessCheck): boolean {
  try {
    return check.ready();
  } catch {
    return false;
  }
}
