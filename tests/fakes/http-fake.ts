import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Shared plumbing of the fake Bot API servers: a real HTTP server on 127.0.0.1 that routes
 * `POST /bot<token>/<method>`, records every call, can inject failures or stall a method, and lets
 * tests wait for calls. Each fake only supplies its protocol's answers.
 */
export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** HTTP status the fake answered (0 while stalled). */
  status: number;
  /** Whether the answer was `{ok:true}`. */
  ok: boolean;
}

export interface InjectedFailure {
  /** HTTP status; defaults to error_code. */
  status?: number;
  error_code: number;
  description: string;
  retry_after?: number;
}

export interface Answer {
  status: number;
  body: unknown;
}

export type MethodHandler = (payload: Record<string, unknown>, req: IncomingMessage) => Answer | Promise<Answer>;

export abstract class HttpFake extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  private server?: Server;
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly stalled = new Set<string>();
  private readonly stalledWhen = new Map<string, (payload: Record<string, unknown>) => boolean>();
  private readonly held = new Set<ServerResponse>();
  private closing = false;
  url = '';
  /** Files served by `GET <path>` (Telegram's file downloads, Zalo's photo URLs), by path. */
  readonly files = new Map<string, { bytes: Buffer; type: string }>();
  /** Paths of the files downloaded, in order. */
  readonly downloads: string[] = [];
  /** Keep every call in {@link calls} (tests); benchmarks turn it off and only listen to 'call' events. */
  keepCalls = true;

  constructor(readonly token: string) {
    super();
    this.setMaxListeners(1000);
  }

  /** The protocol's answer for `method`. */
  protected abstract answer(method: string, payload: Record<string, unknown>, signal: AbortSignal): Promise<Answer>;

  /** Starts listening on an ephemeral port of 127.0.0.1. */
  async listen(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.emit('closing');
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next `times` calls of `method` fail with this answer. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /** Calls of `method` are never answered (until {@link unstall} or close): a platform that hangs. */
  stall(method: string): void {
    this.stalled.add(method);
  }

  unstall(method: string): void {
    this.stalled.delete(method);
    this.stalledWhen.delete(method);
  }

  /** Calls of `method` whose payload matches are accepted and never answered (e.g. one dead chat). */
  stallWhen(method: string, matches: (payload: Record<string, unknown>) => boolean): void {
    this.stalledWhen.set(method, matches);
  }

  /** Calls of `method` answered `{ok:true}`. */
  ok(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.ok);
  }

  /**
   * Resolves when `predicate` holds (checked after every call and every 20 ms, for conditions that
   * change after the last call, like a database row); rejects after `timeoutMs`.
   */
  waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(',')}`));
      }, timeoutMs);
      const tick = setInterval(check, 20);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(tick);
        this.off('call', check);
      };
      this.on('call', check);
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (req.method === 'GET') {
      const file = this.files.get(req.url ?? '');
      if (!file) return send(res, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
      this.downloads.push(req.url ?? '');
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.byteLength });
      res.end(file.bytes);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    if (!m || req.method !== 'POST') return send(res, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    const [, token, method] = m as unknown as [string, string, string];
    if (token !== this.token) {
      return send(res, { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    }
    let payload: Record<string, unknown> = {};
    try {
      payload = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' } });
    }
    const call: RecordedCall = { method, payload, status: 0, ok: false };
    if (this.keepCalls) this.calls.push(call);
    if (this.stalled.has(method) || this.stalledWhen.get(method)?.(payload) || this.closing) {
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      this.emit('call', call);
      return;
    }
    const failure = this.failures.get(method)?.shift();
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    const answer: Answer = failure
      ? {
          status: failure.status ?? failure.error_code,
          body: {
            ok: false,
            error_code: failure.error_code,
            description: failure.description,
            ...(failure.retry_after !== undefined ? { parameters: { retry_after: failure.retry_after } } : {}),
          },
        }
      : await this.answer(method, payload, ac.signal);
    call.status = answer.status;
    call.ok = (answer.body as { ok?: unknown })?.ok === true;
    send(res, answer);
    this.emit('call', call);
  }
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits until `signal` aborts or `ms` pass, whichever first; resolves true when it was the time. */
export function holdFor(ms: number, signal: AbortSignal, wake: EventEmitter, event: string): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (timedOut: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      wake.off(event, onWake);
      resolve(timedOut);
    };
    const onAbort = () => done(false);
    const onWake = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort);
    wake.on(event, onWake);
  });
}

/** POSTs to a webhook URL like the platform does; returns status and body text. */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  // Webhook URLs must be https://; on loopback the fake plays the TLS-terminating reverse proxy and
  // posts to the service's plain HTTP port.
  const target = url.replace(/^https:\/\/(127\.0\.0\.1|localhost)([:/])/, 'http://$1$2');
  const res = await fetch(target, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}
