import { holdFor, HttpFake, postWebhook, type Answer } from './http-fake.js';

/**
 * A fake Telegram Bot API server on 127.0.0.1 speaking the protocol telegraf uses
 * (`{apiRoot}/bot{token}/{method}`, `{ok, result}` / `{ok:false, error_code, description, parameters}`):
 * records calls, serves queued updates to getUpdates (honouring `offset`, long-polling until an update
 * arrives or the hold ends), remembers setWebhook and delivers webhooks with or without the secret,
 * reads the method a webhook answer carries (telegraf answers callback queries that way), and injects
 * 429/403/5xx or stalls through {@link HttpFake}.
 */
export const TELEGRAM_TEST_TOKEN = '123456:TEST-telegram-token_abcdefghijklmnop';

export interface WebhookResult {
  status: number;
  /** A method call carried in the webhook's answer (`{method, ...}`), recorded like a call. */
  answered?: string;
  text: string;
}

export class FakeTelegramServer extends HttpFake {
  private queue: Array<Record<string, unknown>> = [];
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  webhook?: { url: string; secret?: string };
  commands: unknown[] = [];
  private readonly fileIds = new Map<string, { path: string; size: number }>();
  /** Longest a getUpdates is held when nothing is queued (ms). */
  holdMs = 1000;

  constructor(token = TELEGRAM_TEST_TOKEN) {
    super(token);
    this.on('closing', () => this.emit('update'));
  }

  static async start(token?: string): Promise<FakeTelegramServer> {
    return new FakeTelegramServer(token).listen();
  }

  /** Queues an update for getUpdates; returns it (with its update_id). */
  queueUpdate(update: Record<string, unknown>): Record<string, unknown> {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.queue.push(full);
    this.emit('update');
    return full;
  }

  /** An update carrying a text message from a private chat. */
  textUpdate(userId: number, text: string, firstName = 'Bà Lan'): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private', first_name: firstName },
        from: { id: userId, is_bot: false, first_name: firstName },
        text,
        ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
      },
    };
  }

  /** An update carrying a button press. */
  callbackUpdate(userId: number, data: string, firstName = 'Bà Lan'): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: `cq${this.nextUpdateId}`,
        from: { id: userId, is_bot: false, first_name: firstName },
        chat_instance: 'ci',
        data,
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: userId, type: 'private' }, text: '…' },
      },
    };
  }

  /**
   * An update carrying a photo (three sizes, the largest last, as Telegram sends them) whose largest size
   * can be fetched with getFile and downloaded from `/file/bot<token>/<file_path>`.
   */
  photoUpdate(userId: number, bytes: Buffer, caption?: string): Record<string, unknown> {
    const n = this.nextMessageId++;
    const filePath = `photos/file_${n}.jpg`;
    this.fileIds.set(`F${n}`, { path: filePath, size: bytes.byteLength });
    this.files.set(`/file/bot${this.token}/${filePath}`, { bytes, type: 'image/jpeg' });
    const size = (id: string, w: number) => ({ file_id: id, file_unique_id: `u${id}`, width: w, height: w, file_size: 1000 });
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: n,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private' },
        from: { id: userId, is_bot: false, first_name: 'Bà Lan' },
        photo: [size(`S${n}`, 90), size(`M${n}`, 320), { ...size(`F${n}`, 800), file_size: bytes.byteLength }],
        ...(caption ? { caption } : {}),
      },
    };
  }

  /** An update carrying a sticker (something the bot cannot read). */
  stickerUpdate(userId: number): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private' },
        from: { id: userId, is_bot: false, first_name: 'Bà Lan' },
        sticker: { file_id: 'x', file_unique_id: 'y', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
      },
    };
  }

  /** Texts successfully sent to `chatId`, in order. */
  sentTexts(chatId?: number | string): string[] {
    return this.ok('sendMessage')
      .filter((c) => chatId === undefined || String(c.payload.chat_id) === String(chatId))
      .map((c) => String(c.payload.text));
  }

  /** Posts `update` to the registered webhook like Telegram does. `secret: null` sends no header. */
  async deliverWebhook(
    update: unknown,
    options: { secret?: string | null; raw?: string; contentType?: string; url?: string } = {},
  ): Promise<WebhookResult> {
    const url = options.url ?? this.webhook?.url;
    if (!url) throw new Error('no webhook registered');
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
    const secret = options.secret === undefined ? this.webhook?.secret : options.secret;
    if (secret !== null && secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
    const res = await postWebhook(url, options.raw ?? JSON.stringify(update), headers);
    let answered: string | undefined;
    try {
      const body = JSON.parse(res.text) as { method?: unknown };
      if (typeof body.method === 'string') {
        answered = body.method;
        const call = { method: body.method, payload: body as Record<string, unknown>, status: 200, ok: true };
        this.calls.push(call);
        this.emit('call', call);
      }
    } catch {
      // Not JSON (an empty 200): nothing carried.
    }
    return { status: res.status, answered, text: res.text };
  }

  protected async answer(method: string, payload: Record<string, unknown>, signal: AbortSignal): Promise<Answer> {
    const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
    switch (method) {
      case 'getMe':
        return ok({ id: Number(this.token.split(':')[0]), is_bot: true, first_name: 'Trợ lý', username: 'hoc_vu_so_test_bot' });
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0);
        if (offset > 0) this.queue = this.queue.filter((u) => Number(u.update_id) >= offset);
        const limit = Number(payload.limit ?? 100);
        if (this.queue.length === 0 && Number(payload.timeout ?? 0) > 0) {
          await holdFor(Math.min(this.holdMs, Number(payload.timeout) * 1000), signal, this, 'update');
        }
        return ok(this.queue.slice(0, limit));
      }
      case 'setWebhook':
        this.webhook = { url: String(payload.url), secret: payload.secret_token as string | undefined };
        return ok(true);
      case 'deleteWebhook':
        this.webhook = undefined;
        return ok(true);
      case 'getFile': {
        const file = this.fileIds.get(String(payload.file_id));
        if (!file) return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } };
        return ok({ file_id: payload.file_id, file_unique_id: `u${String(payload.file_id)}`, file_size: file.size, file_path: file.path });
      }
      case 'setMyCommands':
        this.commands = payload.commands as unknown[];
        return ok(true);
      case 'sendMessage':
      case 'sendPhoto': {
        const bad = invalidMessage(method, payload);
        if (bad) return { status: 400, body: { ok: false, error_code: 400, description: `Bad Request: ${bad}` } };
        return ok({
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payload.chat_id, type: 'private' },
          ...(method === 'sendMessage' ? { text: payload.text } : { photo: [] }),
        });
      }
      default:
        return ok(true);
    }
  }
}

/** What the real API would refuse in a message: empty/too long text, callback data over 64 bytes. */
function invalidMessage(method: string, payload: Record<string, unknown>): string | undefined {
  if (method === 'sendMessage') {
    const text = payload.text;
    if (typeof text !== 'string' || text.length === 0) return 'message text is empty';
    if (text.length > 4096) return 'message is too long';
  }
  const markup = payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined;
  for (const row of markup?.inline_keyboard ?? []) {
    for (const b of row) if (b.callback_data !== undefined && Buffer.byteLength(b.callback_data) > 64) return 'BUTTON_DATA_INVALID';
  }
  return undefined;
}
