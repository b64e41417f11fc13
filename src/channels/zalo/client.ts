import axios, { type AxiosInstance } from 'axios';
import { Deadline, DeadlineError } from '../../lib/deadline.js';
import { ZaloApiError, ZaloNetworkError } from './errors.js';
import type { ZaloMethod, ZaloMethods, ZaloUpdate } from './types.js';

/** The public Zalo Bot API host (`ZALO_API_URL` overrides it, e.g. for a test server). */
export const ZALO_API_URL = 'https://bot-api.zaloplatforms.com';

export interface ZaloClientOptions {
  token: string;
  /** Base URL without the `/bot<token>` part. */
  apiUrl?: string;
  /** Per-call timeout in ms (default 15 s); getUpdates adds its long-poll time to it. */
  timeoutMs?: number;
}

/**
 * A small typed client for the Zalo Bot API on axios (DESIGN.md convention 4): one
 * {@link ZaloClient.call} with timeout and abort; `{ok:false}` → {@link ZaloApiError}; no answer →
 * {@link ZaloNetworkError}; an abort rethrows an `AbortError`. The token is only ever in the request
 * path and never appears in an error message.
 */
export class ZaloClient {
  private readonly http: AxiosInstance;
  private readonly prefix: string;
  private readonly timeoutMs: number;

  constructor(options: ZaloClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.prefix = `${(options.apiUrl ?? ZALO_API_URL).replace(/\/+$/, '')}/bot${options.token}/`;
    this.http = axios.create({
      headers: { 'content-type': 'application/json' },
      // Every status is read: Zalo answers `{ok:false, error_code}` with 4xx statuses too.
      validateStatus: () => true,
      maxRedirects: 0,
      responseType: 'json',
    });
  }

  /** The bot id: the part of the token before `:` (public, used in dedupe keys). */
  static botId(token: string): string {
    return token.split(':')[0] ?? '';
  }

  /** Calls `method` with `payload`; resolves `result` or throws a typed error. */
  async call<M extends ZaloMethod>(
    method: M,
    payload: ZaloMethods[M]['params'],
    signal?: AbortSignal,
    timeoutMs = this.timeoutMs,
  ): Promise<ZaloMethods[M]['result']> {
    let status: number;
    let data: unknown;
    try {
      // axios's timeout plus a timer-based deadline over the whole call (GC-proof, lib/deadline).
      const res = await Deadline.run(timeoutMs, signal, (s) => this.http.post(this.prefix + method, payload, { signal: s, timeout: timeoutMs }));
      status = res.status;
      data = res.data;
    } catch (err) {
      if (err instanceof DeadlineError) throw new ZaloNetworkError(method, 'TIMEOUT');
      if (signal?.aborted || (axios.isAxiosError(err) && err.code === 'ERR_CANCELED')) {
        const abort = new Error(`Zalo ${method} aborted`);
        abort.name = 'AbortError';
        throw abort;
      }
      const code = axios.isAxiosError(err) ? err.code : undefined;
      throw new ZaloNetworkError(method, code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'TIMEOUT' : (code ?? 'UNKNOWN'));
    }
    const body = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
    if (body?.ok === true) return body.result as ZaloMethods[M]['result'];
    const errorCode = typeof body?.error_code === 'number' ? body.error_code : status >= 400 ? status : 500;
    const description = typeof body?.description === 'string' ? body.description : `HTTP ${status}`;
    const params = body?.parameters as { retry_after?: unknown } | undefined;
    const retryAfter = typeof params?.retry_after === 'number' ? params.retry_after : undefined;
    throw new ZaloApiError(method, errorCode, description, retryAfter);
  }

  getMe(signal?: AbortSignal) {
    return this.call('getMe', {}, signal);
  }

  /**
   * Long-polls for ONE update. Resolves `undefined` when the poll ended with nothing new (408).
   */
  async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloUpdate | undefined> {
    try {
      return await this.call('getUpdates', { timeout: String(timeoutSeconds) }, signal, timeoutSeconds * 1000 + this.timeoutMs);
    } catch (err) {
      if (err instanceof ZaloApiError && err.errorCode === 408) return undefined;
      throw err;
    }
  }

  setWebhook(url: string, secretToken: string, signal?: AbortSignal) {
    return this.call('setWebhook', { url, secret_token: secretToken }, signal);
  }

  deleteWebhook(signal?: AbortSignal) {
    return this.call('deleteWebhook', {}, signal);
  }

  getWebhookInfo(signal?: AbortSignal) {
    return this.call('getWebhookInfo', {}, signal);
  }

  sendMessage(chatId: string, text: string, signal?: AbortSignal) {
    return this.call('sendMessage', { chat_id: chatId, text }, signal);
  }

  sendPhoto(chatId: string, photo: string, caption?: string, signal?: AbortSignal) {
    return this.call('sendPhoto', caption ? { chat_id: chatId, photo, caption } : { chat_id: chatId, photo }, signal);
  }

  sendChatAction(chatId: string, action: 'typing' | 'upload_photo' = 'typing', signal?: AbortSignal) {
    return this.call('sendChatAction', { chat_id: chatId, action }, signal);
  }
}
