import { holdFor, HttpFake, postWebhook, type Answer } from './http-fake.js';

/**
 * A fake Zalo Bot Platform API server on 127.0.0.1 (`POST /bot{token}/{method}`, JSON bodies,
 * `{ok, result}` / `{ok:false, error_code, description}`): getUpdates returns ONE update per call and
 * answers error 408 when nothing arrived during the hold, and refuses to poll while a webhook is set
 * (like the real platform); setWebhook is remembered and webhooks are delivered bare or wrapped, with
 * or without the secret header. Failures and stalls come from {@link HttpFake}.
 */
export const ZALO_TEST_TOKEN = '987654321:TEST-zalo-secret-token-abcdef';

export class FakeZaloServer extends HttpFake {
  private queue: Array<Record<string, unknown>> = [];
  private nextId = 1;
  webhook?: { url: string; secret: string };
  /** Longest a getUpdates is held when nothing is queued (ms). */
  holdMs = 1000;
  /** HTTP status of the "nothing new" answer (the body always says error_code 408). */
  emptyPollStatus = 200;

  constructor(token = ZALO_TEST_TOKEN) {
    super(token);
    this.on('closing', () => this.emit('update'));
  }

  static async start(token?: string): Promise<FakeZaloServer> {
    return new FakeZaloServer(token).listen();
  }

  /** Queues an update for getUpdates. */
  queueUpdate(update: Record<string, unknown>): Record<string, unknown> {
    this.queue.push(update);
    this.emit('update');
    return update;
  }

  /** A text message update from a private chat (ids are strings on Zalo). */
  textUpdate(userId: string, text: string, name = 'Bác Hùng'): Record<string, unknown> {
    return this.messageUpdate('message.text.received', userId, { text }, name);
  }

  /** An image message whose `photo_url` points at this server, which serves `bytes` there. */
  photoUpdate(userId: string, bytes: Buffer, caption = ''): Record<string, unknown> {
    const path = `/files/photo-${this.nextId}.jpg`;
    this.files.set(path, { bytes, type: 'image/jpeg' });
    return this.messageUpdate('message.image.received', userId, { photo_url: `${this.url}${path}`, caption });
  }

  /** An image, sticker or unsupported (voice, file…) message update. */
  mediaUpdate(kind: 'image' | 'sticker' | 'unsupported', userId: string): Record<string, unknown> {
    const extra = kind === 'image' ? { photo_url: 'https://example.org/a.jpg', caption: '' } : kind === 'sticker' ? { sticker: 'abc' } : {};
    return this.messageUpdate(`message.${kind}.received`, userId, extra);
  }

  private messageUpdate(event: string, userId: string, extra: Record<string, unknown>, name = 'Bác Hùng'): Record<string, unknown> {
    return {
      event_name: event,
      message: {
        message_id: `m${(this.nextId++).toString(16).padStart(8, '0')}`,
        date: Date.now(),
        chat: { id: userId, chat_type: 'PRIVATE' },
        from: { id: userId, display_name: name, is_bot: false },
        ...extra,
      },
    };
  }

  /** Texts successfully sent to `chatId`, in order. */
  sentTexts(chatId?: string): string[] {
    return this.ok('sendMessage')
      .filter((c) => chatId === undefined || String(c.payload.chat_id) === chatId)
      .map((c) => String(c.payload.text));
  }

  /** Posts `update` to the registered webhook. `wrapped` sends `{ok:true, result}`; `secret: null` sends no header. */
  async deliverWebhook(
    update: unknown,
    options: { secret?: string | null; wrapped?: boolean; raw?: string; contentType?: string; url?: string } = {},
  ): Promise<{ status: number; text: string }> {
    const url = options.url ?? this.webhook?.url;
    if (!url) throw new Error('no webhook registered');
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
    const secret = options.secret === undefined ? this.webhook?.secret : options.secret;
    if (secret !== null && secret !== undefined) headers['x-bot-api-secret-token'] = secret;
    const body = options.raw ?? JSON.stringify(options.wrapped ? { ok: true, result: update } : update);
    return postWebhook(url, body, headers);
  }

  protected async answer(method: string, payload: Record<string, unknown>, signal: AbortSignal): Promise<Answer> {
    const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
    const now = Date.now();
    switch (method) {
      case 'getMe':
        return ok({ id: this.token.split(':')[0], account_name: 'tro_ly_hoc_vu_so', account_type: 'BASIC', can_join_groups: false });
      case 'getUpdates': {
        if (this.webhook) return { status: 400, body: { ok: false, error_code: 400, description: 'webhook is set' } };
        if (this.queue.length === 0) {
          await holdFor(Math.min(this.holdMs, Number(payload.timeout ?? 30) * 1000), signal, this, 'update');
        }
        const next = this.queue.shift();
        if (!next) return { status: this.emptyPollStatus, body: { ok: false, error_code: 408, description: 'Request timeout' } };
        return ok(next);
      }
      case 'setWebhook':
        this.webhook = { url: String(payload.url), secret: String(payload.secret_token) };
        return ok({ url: payload.url, updated_at: now });
      case 'deleteWebhook':
        this.webhook = undefined;
        return ok({ url: '', updated_at: now });
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', updated_at: now });
      case 'sendMessage':
      case 'sendPhoto':
        if (method === 'sendMessage' && (typeof payload.text !== 'string' || payload.text.length === 0 || payload.text.length > 2000)) {
          return { status: 400, body: { ok: false, error_code: 400, description: 'text must be 1-2000 characters' } };
        }
        return ok({ message_id: `s${this.nextId++}`, date: now });
      case 'sendChatAction':
        return ok(true);
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: `unknown method ${method}` } };
    }
  }
}
