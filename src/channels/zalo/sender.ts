import { renderChoicesAsText } from '../../core/choices.js';
import type { Outbound } from '../../core/types.js';
import type { Logger } from '../../lib/logger.js';
import { withRetries, type RetryOptions } from '../../lib/retry.js';
import { PermanentSendError, UnreachableError, splitText, type DeliveryProgress, type ReplySender } from '../contract.js';
import type { ZaloClient } from './client.js';
import { ZaloApiError, classifyZaloError } from './errors.js';

/** Zalo's text limit is 2,000 characters; keep a margin. */
export const ZALO_MAX_TEXT = 1990;

export interface ZaloSenderOptions {
  client: ZaloClient;
  logger: Logger;
  /** Retry tuning (tests shorten the delays). */
  retry?: Omit<RetryOptions, 'classify' | 'signal'>;
}

/**
 * Delivers replies on Zalo: no buttons, so choices become numbered lines under the text; plain text
 * split under 2,000 characters at paragraph boundaries; an image (https URL) goes first as a photo.
 * Platform errors follow lib/retry; 403 means the person cannot be reached.
 */
export class ZaloSender implements ReplySender {
  readonly channel = 'zalo' as const;

  constructor(private readonly options: ZaloSenderOptions) {}

  /** The texts one reply becomes on Zalo (exported for the contract tests). */
  render(reply: Outbound): string[] {
    // The core's rendering, so the Conversation maps "1", "a", "số 2" back to the right choice.
    return splitText(renderChoicesAsText(reply), ZALO_MAX_TEXT);
  }

  async send(chatId: string, reply: Outbound, signal?: AbortSignal, progress?: DeliveryProgress): Promise<void> {
    const { client } = this.options;
    const calls: Array<(s?: AbortSignal) => Promise<unknown>> = [];
    if (reply.imageUrl?.startsWith('https://')) {
      const url = reply.imageUrl;
      calls.push((s) => client.sendPhoto(chatId, url, undefined, s));
    }
    for (const text of this.render(reply)) calls.push((s) => client.sendMessage(chatId, text, s));
    for (let k = progress?.from ?? 0; k < calls.length; k++) {
      await this.attempt(chatId, calls[k]!, signal);
      await progress?.delivered(k + 1, calls.length);
    }
  }

  async typing(chatId: string): Promise<void> {
    try {
      await this.options.client.sendChatAction(chatId, 'typing');
    } catch (err) {
      this.options.logger.debug('zalo typing failed', { err });
    }
  }

  private async attempt<T>(chatId: string, call: (signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await withRetries(() => call(signal), {
        ...this.options.retry,
        classify: classifyZaloError,
        signal,
        onRetry: (info) => {
          this.options.logger.warn('zalo call failed; retrying', { attempt: info.attempt, delayMs: info.delayMs, err: info.err });
          this.options.retry?.onRetry?.(info);
        },
      });
    } catch (err) {
      if (err instanceof ZaloApiError && err.errorCode === 403) throw new UnreachableError('zalo', chatId, err.description);
      if (err instanceof ZaloApiError && classifyZaloError(err).kind === 'permanent') {
        throw new PermanentSendError('zalo', err.errorCode, err.description);
      }
      throw err;
    }
  }
}
