import { Telegraf, TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Outbound } from '../../core/types.js';
import { Deadline } from '../../lib/deadline.js';
import type { Logger } from '../../lib/logger.js';
import { classifyStatus, withRetries, type Failure, type RetryOptions } from '../../lib/retry.js';
import { PermanentSendError, UnreachableError, splitText, type DeliveryProgress, type ReplySender } from '../contract.js';
import { BotApi } from './bot-api.js';

/** Telegram's text limit is 4,096 characters; keep a margin. */
export const TELEGRAM_MAX_TEXT = 4000;
/** callback_data limit, in bytes. */
const MAX_CALLBACK_BYTES = 64;

/** One platform message a reply becomes. */
export interface TelegramMessage {
  text: string;
  keyboard?: InlineKeyboardMarkup;
}

/** telegraf's `callApi` options, typed against its own AbortSignal polyfill; Node's signal is what it uses at run time. */
export function apiSignal(signal: AbortSignal): { signal: never } {
  return { signal: signal as never };
}

/** The retry policy's view of a telegraf error: API errors by status, anything else is the network. */
export function classifyTelegramError(err: unknown): Failure {
  if (err instanceof TelegramError) return classifyStatus(err.code, err.parameters?.retry_after);
  if (err instanceof Error && err.name === 'AbortError') return { kind: 'permanent' };
  return { kind: 'transient' };
}

export interface TelegramSenderOptions {
  telegram: Telegram;
  logger: Logger;
  retry?: Omit<RetryOptions, 'classify' | 'signal'>;
  /** Deadline of each Bot API call (default 10 s): a call that gets no answer by then is a transient failure. */
  timeoutMs?: number;
}

/**
 * Delivers replies on Telegram: plain text (no parse mode, so no escaping surprises) split under
 * 4,096 characters at paragraph boundaries, choices as an inline keyboard (one full-width button per
 * row, easier to hit on a small screen) under the last piece, an image first as a photo. Every call has
 * its own deadline (telegraf's own request timeout is minutes), so a Bot API that never answers costs a
 * bounded time.
 */
export class TelegramSender implements ReplySender {
  readonly channel = 'telegram' as const;
  /** The reply calls themselves go through a lean JSON client to the same bot and server (bot-api.ts). */
  private readonly api: BotApi;

  constructor(private readonly options: TelegramSenderOptions) {
    this.api = BotApi.of(options.telegram);
  }

  /** The messages one reply becomes (exported for the contract tests). */
  render(reply: Outbound): TelegramMessage[] {
    const pieces = splitText(reply.text, TELEGRAM_MAX_TEXT);
    const buttons = (reply.choices ?? []).filter((c) => {
      const ok = Buffer.byteLength(c.action, 'utf8') <= MAX_CALLBACK_BYTES && c.action.length > 0;
      if (!ok) this.options.logger.error('choice action too long for Telegram; button dropped', { action: c.action.slice(0, 20) });
      return ok;
    });
    if (pieces.length === 0 && buttons.length > 0) pieces.push('…');
    return pieces.map((text, i) =>
      i === pieces.length - 1 && buttons.length > 0
        ? { text, keyboard: { inline_keyboard: buttons.map((c) => [{ text: c.label, callback_data: c.action }]) } }
        : { text },
    );
  }

  async send(chatId: string, reply: Outbound, signal?: AbortSignal, progress?: DeliveryProgress): Promise<void> {
    const { api } = this;
    const calls: Array<(s: AbortSignal) => Promise<unknown>> = [];
    if (reply.imageUrl) {
      const url = reply.imageUrl;
      calls.push((s) => api.call('sendPhoto', { chat_id: chatId, photo: url }, s));
    }
    for (const m of this.render(reply)) {
      calls.push((s) => api.call('sendMessage', { chat_id: chatId, text: m.text, ...(m.keyboard ? { reply_markup: m.keyboard } : {}) }, s));
    }
    for (let k = progress?.from ?? 0; k < calls.length; k++) {
      await this.attempt(chatId, calls[k]!, signal);
      await progress?.delivered(k + 1, calls.length);
    }
  }

  async typing(chatId: string): Promise<void> {
    try {
      await Deadline.run(this.timeoutMs, undefined, (s) => this.api.call('sendChatAction', { chat_id: chatId, action: 'typing' }, s));
    } catch (err) {
      this.options.logger.debug('telegram typing failed', { err });
    }
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 10_000;
  }

  private async attempt<T>(chatId: string, call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await withRetries(() => Deadline.run(this.timeoutMs, signal, call), {
        ...this.options.retry,
        classify: classifyTelegramError,
        signal,
        onRetry: (info) => {
          this.options.logger.warn('telegram call failed; retrying', { attempt: info.attempt, delayMs: info.delayMs, err: info.err });
          this.options.retry?.onRetry?.(info);
        },
      });
    } catch (err) {
      if (err instanceof TelegramError) {
        if (err.code === 403 || (err.code === 400 && /chat not found|user is deactivated/i.test(err.description))) {
          throw new UnreachableError('telegram', chatId, err.description);
        }
        if (classifyTelegramError(err).kind === 'permanent') throw new PermanentSendError('telegram', err.code, err.description);
      }
      throw err;
    }
  }
}

/** A Bot API client of its own (no updates, no webhook): the announcement delivery thread's. */
export function telegramApi(token: string, apiRoot?: string): Telegram {
  return new Telegraf(token, { telegram: apiRoot ? { apiRoot } : {} }).telegram;
}
