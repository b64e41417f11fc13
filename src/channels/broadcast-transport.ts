import type { SendFailure, Transport } from '../broadcast/delivery-worker.js';
import { PermanentSendError, UnreachableError, type ReplySender } from './contract.js';

/**
 * The delivery worker's view of a channel: a {@link ReplySender} sending plain text (so splitting,
 * retries with backoff and 429 `retry_after` stay the channel's own), and what its errors mean.
 */
export function senderTransport(sender: ReplySender): Transport {
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
