import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Telegraf, TelegramError, type Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { Deadline } from '../../lib/deadline.js';
import type { Logger } from '../../lib/logger.js';
import { sleep as realSleep, withRetries } from '../../lib/retry.js';
import { ChannelAuthError, secretCheck, writeJson, type Channel, type IntakeSink, type WebhookEndpoint } from '../contract.js';
import { commandMenu } from '../../core/texts.js';
import { ImageTooLargeError, type InboundImage } from '../../core/types.js';
import { fetchImage } from '../fetch-image.js';
import { apiSignal, classifyTelegramError, TelegramSender } from './sender.js';
import { isTelegramUpdate, readTelegramUpdate } from './translate.js';

/** The header Telegram sends the webhook secret in. */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export type TelegramMode = { kind: 'polling' } | { kind: 'webhook'; url: string; secret: string };

export interface TelegramChannelOptions {
  token: string;
  /** Another Bot API server (a local one, or a test server). */
  apiRoot?: string;
  intake: IntakeSink;
  logger: Logger;
  mode: TelegramMode;
  /** Deadline of each Bot API call made here and by the sender (default 10 s). */
  timeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * The Telegram channel on telegraf. Long polling by default (`bot.launch`); webhook mode registers the
 * URL with `secret_token` and hands each update on the path of that URL to `bot.handleUpdate`, after
 * the web server checked `X-Telegram-Bot-Api-Secret-Token` in constant time. The one middleware records each
 * update in the intake (so the webhook's 200 means "recorded") and answers button presses at once;
 * the conversation runs later, off the request, through the dispatcher and {@link TelegramSender}.
 */
export class TelegramChannel implements Channel {
  readonly id = 'telegram' as const;
  readonly webhook?: WebhookEndpoint;
  readonly sender: TelegramSender;
  private readonly bot: Telegraf;
  private readonly botId: string;
  /** The webhook response of an update being recorded, to answer 500 if recording fails. */
  private readonly responses = new WeakMap<object, ServerResponse>();
  private ready = false;
  private stopped = false;
  private polling?: Promise<void>;
  private readonly abort = new AbortController();

  /** The Bot API client (the announcement sender shares it, with its own retry hooks). */
  get api(): Telegram {
    return this.bot.telegram;
  }

  constructor(private readonly options: TelegramChannelOptions) {
    this.botId = options.token.split(':')[0] ?? '';
    this.bot = new Telegraf(options.token, {
      handlerTimeout: 10_000,
      telegram: options.apiRoot ? { apiRoot: options.apiRoot } : {},
    });
    this.sender = new TelegramSender({ telegram: this.bot.telegram, logger: options.logger, timeoutMs: options.timeoutMs });
    this.bot.catch((err) => options.logger.error('telegram update failed', { err }));
    this.bot.use((ctx) => this.take(ctx.update, (id) => ctx.answerCbQuery().catch((err: unknown) => {
      options.logger.debug('answerCallbackQuery failed', { err, id });
    })));
    const { mode } = options;
    if (mode.kind === 'webhook') {
      const path = new URL(mode.url).pathname;
      const check = secretCheck(mode.secret);
      this.webhook = {
        channel: 'telegram',
        path,
        authorize: (headers: IncomingHttpHeaders) => check(headers[TELEGRAM_SECRET_HEADER]),
        // The web server routes only POSTs of this path here, after `authorize`, with the JSON body parsed:
        // straight to telegraf's update handling (its webhookCallback would check path and secret again,
        // making a `debug` logger — a terminal check — on every request).
        handle: async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
          if (this.stopped) return writeJson(res, 503, { ok: false, description: 'shutting down' });
          if (!isTelegramUpdate(req.body)) return writeJson(res, 400, { ok: false, description: 'not a Telegram update' });
          this.responses.set(req.body, res);
          await this.bot.handleUpdate(req.body as Update, res);
        },
      };
    }
  }

  isReady(): boolean {
    return this.ready && !this.stopped;
  }

  /** Connects: getMe, then setWebhook (webhook mode) or long polling; the command menu is set alongside. */
  async start(): Promise<void> {
    const { mode, logger } = this.options;
    const telegram = this.bot.telegram;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    // Each attempt under its own deadline (GC-proof, lib/deadline): a Bot API that never answers is retried, not waited on.
    const retry = <T>(call: (signal: AbortSignal) => Promise<T>) =>
      withRetries(() => Deadline.run(timeoutMs, this.abort.signal, call), {
        classify: classifyTelegramError,
        maxAttempts: 8,
        baseDelayMs: 500,
        maxDelayMs: 15_000,
        signal: this.abort.signal,
        sleep: this.options.sleep ?? realSleep,
      });
    try {
      this.bot.botInfo = await retry((s) => telegram.callApi('getMe', {}, apiSignal(s)));
    } catch (err) {
      // A wrong token: Telegram answers getMe with 401 Unauthorized (404 for a malformed one).
      if (err instanceof TelegramError && (err.code === 401 || err.code === 404)) {
        throw new ChannelAuthError('telegram', 'TELEGRAM_BOT_TOKEN', err.code, err.description);
      }
      throw err;
    }
    // The command menu is optional: set in the background, so a Bot API failing it never delays taking updates.
    void retry((s) => telegram.callApi('setMyCommands', { commands: [...commandMenu] }, apiSignal(s))).then(
      () => logger.debug('telegram command menu set'),
      (err: unknown) => {
        if (!this.abort.signal.aborted) logger.warn('setMyCommands failed; the command menu is not set', { err });
      },
    );
    if (mode.kind === 'webhook') {
      await retry((s) =>
        telegram.callApi('setWebhook', { url: mode.url, secret_token: mode.secret, allowed_updates: [...ALLOWED_UPDATES] }, apiSignal(s)),
      );
      logger.info('telegram webhook registered', { bot: this.bot.botInfo.username, path: this.webhook?.path });
      this.ready = true;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      this.polling = this.bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }, () => resolve()).then(
        () => undefined,
        (err: unknown) => {
          this.ready = false;
          logger.error('telegram polling stopped', { err });
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
    this.ready = true;
    logger.info('telegram polling started', { bot: this.bot.botInfo.username });
  }

  /** Stops polling (in-flight getUpdates aborted) and refuses further webhooks with 503. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.polling) {
      try {
        this.bot.stop('shutdown');
      } catch {
        // Not running (launch failed): nothing to stop.
      }
      await this.polling;
    }
  }

  /** Fetches a photo on demand: getFile, then the file URL (which holds the token: never logged). */
  private photoLoader(photo: { fileId: string; size?: number }): InboundImage {
    return {
      load: async (maxBytes) => {
        if (photo.size !== undefined && photo.size > maxBytes) throw new ImageTooLargeError(`photo of ${photo.size} bytes`);
        const link = await withRetries(() => this.bot.telegram.getFileLink(photo.fileId), {
          classify: classifyTelegramError,
          maxAttempts: 3,
          baseDelayMs: 300,
          maxDelayMs: 2_000,
          signal: this.abort.signal,
          sleep: this.options.sleep ?? realSleep,
        });
        return fetchImage(link.toString(), maxBytes);
      },
    };
  }

  /** The middleware: record the update, then answer a button press. Never rejects. */
  private async take(update: Update, answer: (id: string) => Promise<unknown>): Promise<void> {
    const reading = readTelegramUpdate(update, this.botId);
    if ('invalid' in reading) {
      this.options.logger.warn('telegram update refused: malformed', { problem: reading.invalid });
      return;
    }
    if ('ignored' in reading) return;
    const { intake } = reading;
    if (intake.photo) intake.inbound.image = this.photoLoader(intake.photo);
    try {
      await this.options.intake.accept(intake.key, intake.inbound);
    } catch (err) {
      this.options.logger.error('telegram update could not be recorded', { err, key: intake.key });
      const res = this.responses.get(update);
      if (res) res.statusCode = 500; // Telegram will redeliver it.
      return;
    }
    if (intake.callbackQueryId) void answer(intake.callbackQueryId);
  }
}
