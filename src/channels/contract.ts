import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelId, Inbound, Outbound } from '../core/types.js';

/**
 * What every channel adapter shares: how it delivers replies ({@link ReplySender}), how the web
 * server mounts its webhook ({@link WebhookEndpoint}), its lifecycle ({@link Channel}), and small
 * helpers (text splitting, constant-time secret comparison).
 */

/**
 * Where a reply's delivery stands, for a reply that becomes several platform messages: start after the
 * first `from` messages (delivered before a crash or a failure), and report each one delivered.
 */
export interface DeliveryProgress {
  from: number;
  /**
   * `count` of the reply's `total` platform messages are now delivered. A promise returned is awaited
   * before the next message is sent (it settles once the progress is recorded).
   */
  delivered(count: number, total: number): void | Promise<void>;
}

/** Delivers the Conversation's replies on one platform. */
export interface ReplySender {
  readonly channel: ChannelId;
  /**
   * Renders and delivers one reply (it may become several platform messages; `progress` resumes and
   * records them one by one — a channel whose reply is one message may ignore it).
   * Throws {@link UnreachableError} when the person blocked the bot or the chat is gone,
   * {@link PermanentSendError} when retrying cannot help, anything else when retries ran out.
   */
  send(chatId: string, reply: Outbound, signal?: AbortSignal, progress?: DeliveryProgress): Promise<void>;
  /** Shows "typing…" while an answer is prepared (best effort, never throws). */
  typing?(chatId: string): Promise<void>;
}

/** The person cannot be reached any more (Telegram 403 "blocked", chat not found): stop sending. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
  constructor(
    readonly channel: ChannelId,
    readonly chatId: string,
    readonly reason: string,
  ) {
    super(`${channel} chat unreachable: ${reason}`);
  }
}

/**
 * The platform refused the bot's token at start (getMe answered 401 or 404): the channel cannot run
 * until the setting is fixed. `setting` names the configuration variable.
 */
export class ChannelAuthError extends Error {
  override readonly name = 'ChannelAuthError';
  constructor(
    readonly channel: ChannelId,
    readonly setting: string,
    readonly status: number,
    readonly description: string,
  ) {
    super(`${channel} refused the token (${setting}): ${status} ${description}`);
  }
}

/** The platform refused the message for good (a 4xx other than 429/403): do not retry. */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
  constructor(
    readonly channel: ChannelId,
    readonly code: number,
    readonly description: string,
  ) {
    super(`${channel} refused the message: ${code} ${description}`);
  }
}

/**
 * Where adapters put translated updates (the Dispatcher). `accept` records the update durably before
 * it resolves, so the adapter may acknowledge the platform right after; it rejects (or throws) only when
 * the update could not be recorded (answer the platform with a 5xx so it retries).
 */
export interface IntakeSink {
  accept(key: string, inbound: Inbound): SinkAcceptance | Promise<SinkAcceptance>;
}

/** What {@link IntakeSink.accept} answers. */
export interface SinkAcceptance {
  accepted: boolean;
  done: Promise<void>;
  limited?: boolean;
}

/** A webhook the web server mounts: `POST path`, secret header checked before the body is read. */
export interface WebhookEndpoint {
  readonly channel: ChannelId;
  /** The path of the public webhook URL (e.g. `/webhooks/telegram`). */
  readonly path: string;
  /** Constant-time check of the secret header; false → 401 and no work. */
  authorize(headers: IncomingHttpHeaders): boolean;
  /** Handles the parsed JSON body and writes the HTTP answer itself (200 once recorded). */
  handle(req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void>;
}

/** A running channel: started and stopped by main, probed by `/readyz`. */
export interface Channel {
  readonly id: ChannelId;
  /** Connects (getMe, webhook registration or polling). Resolves once connected; never throws for network trouble after that. */
  start(): Promise<void>;
  /** Stops taking updates (polling aborted, webhook refuses with 503). */
  stop(): Promise<void>;
  /** True while connected to the platform. */
  isReady(): boolean;
  /** Present in webhook mode. */
  readonly webhook?: WebhookEndpoint;
}

/**
 * A constant-time check of a secret header: both sides are hashed first (so neither the content nor
 * the length of the expected secret leaks through timing); the expected digest is computed once.
 */
export function secretCheck(expected: string): (given: string | string[] | undefined) => boolean {
  const want = createHash('sha256').update(expected).digest();
  return (given) => typeof given === 'string' && timingSafeEqual(createHash('sha256').update(given).digest(), want);
}

/** Compares two secrets in constant time (see {@link secretCheck}). */
export function safeEqual(given: string | string[] | undefined, expected: string): boolean {
  return secretCheck(expected)(given);
}

/**
 * Splits `text` into pieces of at most `max` characters, preferring paragraph boundaries, then line
 * breaks, then sentence ends, then spaces; a single unbreakable run is cut hard. Pieces are trimmed
 * and never empty; an empty text gives no pieces.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut =
      lastBreak(window, /\n\s*\n/g, max) ??
      lastBreak(window, /\n/g, max) ??
      lastBreak(window, /[.!?…:;]\s/g, max, 1) ??
      lastBreak(window, /\s/g, max) ??
      max;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** Index where the last match of `re` within `window` starts (plus `keep`), if it leaves a useful piece. */
function lastBreak(window: string, re: RegExp, max: number, keep = 0): number | undefined {
  let best: number | undefined;
  for (const m of window.matchAll(re)) {
    const at = m.index + keep;
    if (at > 0 && at <= max) best = at;
  }
  // Avoid tiny first pieces: a break in the first fifth is worse than the next kind of break.
  return best !== undefined && best >= max / 5 ? best : undefined;
}

/** Writes a small JSON answer on a raw Node response (webhook handlers answer by themselves). */
export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
