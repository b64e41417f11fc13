import type { SendFailure, Transport } from '../broadcast/delivery-worker.js';
import type { ChannelId } from '../messages.js';
import type { Logger } from '../lib/logger.js';
import type { Failure } from '../lib/retry.js';
import { PermanentSendError, UnreachableError, type ReplySender } from './contract.js';
import { telegramApi, TelegramSender } from './telegram/sender.js';
import { ZaloClient } from './zalo/client.js';
import { ZaloSender } from './zalo/sender.js';

/**
 * The delivery worker's view of a channel: a {@link ReplySender} sending plain text (so splitting,
 * retries with backoff and 429 `retry_after` stay the channel's own), and what its errors mean.
 */
function senderTransport(sender: ReplySender): Transport {
  return {
    channel: sender.channel,
    send: (chatId, text, signal) => sender.send(chatId, { text }, signal),
  };
}

/** UnreachableError (blocked, chat gone) → unreachable; PermanentSendError (other 4xx) → permanent; the rest → retry later. */
export function classifySendError(err: unknown): SendFailure {
  if (err instanceof UnreachableError) return 'unreachable';
  if (err instanceof PermanentSendError) return 'permanent';
  return 'retry';
}

/** How to reach the platforms (plain data: it crosses into the delivery thread). */
export interface PlatformAccess {
  telegram?: { token: string; apiRoot?: string };
  zalo?: { token: string; apiUrl?: string };
  /** Deadline of each platform call (ms). */
  timeoutMs: number;
}

/**
 * Announcement transports with platform clients of their own: 3 tries per message within a send
 * (backoff on 5xx/network), and each 429 reported through `rateLimited` so the whole channel waits
 * `retry_after`.
 */
export function platformTransports(access: PlatformAccess, logger: Logger, rateLimited: (channel: ChannelId, ms: number) => void): Transport[] {
  const retry = (channel: ChannelId) => ({
    maxAttempts: 3,
    onRetry: ({ failure }: { failure: Failure }) => {
      if (failure.kind === 'rate-limited') rateLimited(channel, failure.retryAfterMs);
    },
  });
  const out: Transport[] = [];
  if (access.telegram) {
    const telegram = telegramApi(access.telegram.token, access.telegram.apiRoot);
    out.push(senderTransport(new TelegramSender({ telegram, logger: logger.child({ channel: 'telegram' }), retry: retry('telegram'), timeoutMs: access.timeoutMs })));
  }
  if (access.zalo) {
    const client = new ZaloClient({ token: access.zalo.token, apiUrl: access.zalo.apiUrl, timeoutMs: access.timeoutMs });
    out.push(senderTransport(new ZaloSender({ client, logger: logger.child({ channel: 'zalo' }), retry: retry('zalo') })));
  }
  return out;
}
