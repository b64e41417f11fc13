import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http-fake.js';

/**
 * A fake OpenAI-compatible server on 127.0.0.1: `POST /v1/chat/completions` and `POST /v1/embeddings`,
 * answering in the OpenAI wire format (what Ollama, vLLM, LM Studio and llama.cpp also speak).
 *
 * - Every request is recorded (model, messages or inputs, whether the bearer key was right, how long the
 *   fake held it), so tests can look at exactly what was sent to the "provider".
 * - Chat replies come from a script queue ({@link FakeOpenAiServer.script}), one item per request:
 *   a reply text, an HTTP error (429 with Retry-After, 500…), a malformed body, a slow reply or a hang.
 *   With the queue empty, {@link FakeOpenAiServer.responder} answers (by default: the first sentence of
 *   passage [1] of the prompt, cited as [1]).
 * - `latencyMs` adds a fixed wait to every request (the benchmark's 300 ms model).
 * - Embeddings are deterministic bag-of-syllables vectors (diacritics folded, hashed into 256 dims,
 *   L2-normalised), so texts sharing words are close, as with a real model; float and base64 encodings.
 * - Token usage: `countTokens` (default ≈ characters / 4; the benchmark passes a real tokenizer).
 */
export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRecord {
  model: string;
  messages: ChatMessage[];
  body: Record<string, unknown>;
  /** The Authorization header carried the expected key (always true when the fake has no key). */
  authorized: boolean;
  /** Milliseconds the fake held the request (its latency, scripted delay included). */
  heldMs: number;
  /** HTTP status answered (0 while held). */
  status: number;
}

export interface EmbeddingRecord {
  model: string;
  input: string[];
  heldMs: number;
  status: number;
}

export type ChatScript =
  /** Answer with this text (usage counted unless given). */
  | { reply: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** Answer with an HTTP error; `retryAfter` seconds become a Retry-After header. */
  | { status: number; message?: string; retryAfter?: number }
  /** A 200 answer the client cannot use. */
  | { malformed: 'not-json' | 'no-choices' | 'empty-content' }
  /** Wait `delayMs` (abandoned when the client goes away), then reply. */
  | { delayMs: number; reply?: string }
  /** Never answer (until the client gives up or the server closes). */
  | { hang: true };

export type Responder = (messages: ChatMessage[]) => string;

export interface FakeOpenAiOptions {
  /** Expected bearer key; requests without it get 401. */
  apiKey?: string;
  latencyMs?: number;
  countTokens?: (text: string) => number;
}

const DIMS = 256;

/** The default reply: passage [1]'s first sentence, cited. Condensation prompts get their question back. */
export const citeFirstPassage: Responder = (messages) => {
  const user = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const m = /^\[1\][^\n]*\n([^\n]+)/m.exec(user);
  if (m) return `${m[1]!.split(/(?<=\.)\s/)[0]!.trim()} [1]`;
  return user.trim().split('\n').at(-1) ?? '';
};

export class FakeOpenAiServer {
  readonly chats: ChatRecord[] = [];
  readonly embeddings: EmbeddingRecord[] = [];
  responder: Responder = citeFirstPassage;
  latencyMs: number;
  /** When true, embedding requests are accepted and never answered. */
  hangEmbeddings = false;
  private readonly queue: ChatScript[] = [];
  private readonly apiKey?: string;
  private readonly countTokens: (text: string) => number;
  private server?: Server;
  private readonly open = new Set<ServerResponse>();
  /** Base URL to configure as OPENAI_BASE_URL (ends in /v1). */
  url = '';

  constructor(options: FakeOpenAiOptions = {}) {
    this.apiKey = options.apiKey;
    this.latencyMs = options.latencyMs ?? 0;
    this.countTokens = options.countTokens ?? ((t) => Math.ceil(t.length / 4));
  }

  static async start(options?: FakeOpenAiOptions): Promise<FakeOpenAiServer> {
    const fake = new FakeOpenAiServer(options);
    await fake.listen();
    return fake;
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/v1`;
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Queues scripted answers for the next chat requests, in order. */
  script(...items: ChatScript[]): void {
    this.queue.push(...items);
  }

  /** Scripted answers not used yet. */
  get pending(): number {
    return this.queue.length;
  }

  /** Every text sent in chat requests, joined (for "does X appear anywhere" checks). */
  allChatText(): string {
    return this.chats.map((c) => c.messages.map((m) => m.content).join('\n')).join('\n');
  }

  /** The deterministic embedding of a text (what the fake answers). */
  static embed(text: string): number[] {
    const v = new Array<number>(DIMS).fill(0);
    const words = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const w of words) {
      const h = createHash('sha1').update(w).digest();
      v[h.readUInt16BE(0) % DIMS]! += h[2]! & 1 ? 1 : -1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const raw = await readBody(req);
    const authorized = !this.apiKey || req.headers.authorization === `Bearer ${this.apiKey}`;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return send(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
    }
    if (req.method === 'POST' && req.url === '/v1/chat/completions') return this.chat(body, authorized, res);
    if (req.method === 'POST' && req.url === '/v1/embeddings') return this.embed(body, authorized, res);
    send(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
  }

  private async chat(body: Record<string, unknown>, authorized: boolean, res: ServerResponse): Promise<void> {
    const messages = ((body.messages as { role: string; content: unknown }[]) ?? []).map((m) => ({
      role: m.role,
      content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
    }));
    const record: ChatRecord = { model: String(body.model), messages, body, authorized, heldMs: 0, status: 0 };
    this.chats.push(record);
    const started = performance.now();
    const finish = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.heldMs = performance.now() - started;
      record.status = status;
      send(res, status, payload, headers);
    };
    if (!authorized) return finish(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
    const item = this.queue.shift() ?? { reply: this.responder(messages) };
    if ('hang' in item) return;
    const delay = this.latencyMs + ('delayMs' in item ? item.delayMs : 0);
    if (delay > 0 && !(await wait(delay, res))) return;
    if ('status' in item) {
      const headers: Record<string, string> = item.retryAfter !== undefined ? { 'retry-after': String(item.retryAfter) } : {};
      return finish(item.status, { error: { message: item.message ?? `fake error ${item.status}`, type: 'server_error' } }, headers);
    }
    if ('malformed' in item) {
      if (item.malformed === 'not-json') {
        record.heldMs = performance.now() - started;
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"id":"chatcmpl-broken","choices":[{"message":');
      }
      if (item.malformed === 'no-choices') return finish(200, { id: 'chatcmpl-x', object: 'chat.completion', model: record.model });
      return finish(200, completion(record.model, '', { prompt_tokens: 10, completion_tokens: 0 }));
    }
    const text = 'reply' in item && item.reply !== undefined ? item.reply : this.responder(messages);
    const usage =
      'usage' in item && item.usage
        ? item.usage
        : { prompt_tokens: messages.reduce((n, m) => n + this.countTokens(m.content) + 4, 0), completion_tokens: this.countTokens(text) };
    finish(200, completion(record.model, text, usage));
  }

  private async embed(body: Record<string, unknown>, authorized: boolean, res: ServerResponse): Promise<void> {
    const input = Array.isArray(body.input) ? body.input.map(String) : [String(body.input)];
    const record: EmbeddingRecord = { model: String(body.model), input, heldMs: 0, status: 0 };
    this.embeddings.push(record);
    const started = performance.now();
    if (!authorized) {
      record.status = 401;
      return send(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
    }
    if (this.hangEmbeddings) return;
    if (this.latencyMs > 0 && !(await wait(this.latencyMs, res))) return;
    const base64 = body.encoding_format === 'base64';
    const data = input.map((text, index) => {
      const v = FakeOpenAiServer.embed(text);
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
      };
    });
    const tokens = input.reduce((n, t) => n + this.countTokens(t), 0);
    record.heldMs = performance.now() - started;
    record.status = 200;
    send(res, 200, { object: 'list', data, model: record.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }
}

function completion(model: string, content: string, usage: { prompt_tokens: number; completion_tokens: number }) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** Waits `ms`; false when the client went away first. */
function wait(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
