import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TelegramError, type Telegram } from 'telegraf';

/**
 * The Bot API calls a reply is delivered with (sendMessage, sendPhoto by URL, sendChatAction): a JSON
 * POST on a kept-alive connection, answered like telegraf's `callApi` answers — the `result`, or a
 * {@link TelegramError} carrying Telegram's `error_code`, `description` and `parameters` (`retry_after`),
 * so the retry policy and the error mapping are the same. Made for the hot path (one call per reply
 * message): telegraf's general client goes through node-fetch (a Request, Headers, a body stream and an
 * abort listener per call), which cost about a fifth of the service's time spent sending. Everything
 * else (getMe, setWebhook, files, polling) stays on telegraf.
 */
export class BotApi {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;

  constructor(token: string, apiRoot = 'https://api.telegram.org') {
    this.base = new URL(`./bot${token}/`, apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`);
    const https = this.base.protocol === 'https:';
    // Kept-alive connections, as telegraf's default agent (keepAlive, probe after 10 s idle).
    this.agent = https ? new HttpsAgent({ keepAlive: true, keepAliveMsecs: 10_000 }) : new HttpAgent({ keepAlive: true, keepAliveMsecs: 10_000 });
    this.request = https ? httpsRequest : httpRequest;
  }

  /** The same bot and server as a telegraf client. */
  static of(telegram: Telegram): BotApi {
    return new BotApi(telegram.token, (telegram as unknown as { options: { apiRoot: string } }).options.apiRoot);
  }

  /** Calls `method` with a JSON `payload` (null and undefined fields left out, as telegraf does). */
  call<T>(method: string, payload: object, signal?: AbortSignal): Promise<T> {
    const body = Buffer.from(JSON.stringify(payload, withoutNulls));
    return new Promise<T>((resolve, reject) => {
      const req = this.request(
        new URL(method, this.base),
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
          signal,
        },
        (res) => readJson(res).then((data) => settle(res, data, resolve, reject), reject),
      );
      // A network error's message never holds the URL (and so never the token).
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes idle kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

function withoutNulls(_key: string, value: unknown): unknown {
  return value == null ? undefined : value;
}

function readJson(res: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
  });
}

interface ApiResponse {
  ok: boolean;
  result?: unknown;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** As telegraf: a 5xx is an error with the HTTP status; otherwise Telegram's own `ok`/`error_code`. */
function settle<T>(res: IncomingMessage, data: unknown, resolve: (v: T) => void, reject: (e: unknown) => void): void {
  const status = res.statusCode ?? 0;
  if (status >= 500) return reject(new TelegramError({ error_code: status, description: res.statusMessage ?? '' }));
  const answer = data as ApiResponse | undefined;
  // Not Telegram's JSON (a proxy's error page): a network problem, retried — as with telegraf.
  if (!answer || typeof answer !== 'object') return reject(new Error(`Bot API answer was not JSON (HTTP ${status})`));
  if (!answer.ok) return reject(new TelegramError(answer));
  resolve(answer.result as T);
}
