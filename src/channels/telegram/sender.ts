import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Outbound } from '../../core/types.js';
import type { Logger } from '../../lib/logger.js';
import { classifyStatus, withRetries, type Failure, type RetryOptions } from '../../lib/retry.js';
import { PermanentSendError, UnreachableError, splitText, type ReplySender } from '../contract.js';

/** Telegram's text limit is 4,096 characters; keep a margin. */
export const TELEGRAM_MAX_TEXT = 4000;
/** callback_data limit, in bytes. */
const MAX_CALLBACK_BYTES = 64;

/** One platform message a reply becomes. */
export interface TelegramMessage {
  text: string;
  keyboard?: InlineKeyboardMarkup;
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
}

/**
 * Delivers replies on Telegram: plain text (no parse mode, so no escaping surprises) split under
 * 4,096 characters at paragraph boundaries, choices as an inline keyboard (one full-width button per
 * row, easier to hit on a small screen) under the last piece, an image first as a photo.
 */
export class TelegramSender implements ReplySender {
  readonly channel = 'telegram' as const;

  constructor(private readonly options: TelegramSenderOptions) {}

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

  async send(chatId: string, reply: Outbound, signal?: AbortSignal): Promise<void> {
    const { telegram } = this.options;
    if (reply.imageUrl) {
      const url = reply.imageUrl;
      await this.attempt(chatId, () => telegram.sendPhoto(chatId, url), signal);
    }
    for (const m of this.render(reply)) {
      await this.attempt(
        chatId,
        () => telegram.sendMessage(chatId, m.text, m.keyboard ? { reply_markup: m.keyboard } : {}),
        signal,
      );
    }
  }

  async typing(chatId: string): Promise<void> {
    try {
      await this.options.telegram.sendChatAction(chatId, 'typing');
    } catch (err) {
      this.options.logger.debug('telegram typing failed', { err });
    }
  }

  private async attempt<T>(chatId: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await withRetries(call, {
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
