import type { ChannelId } from '../messages.js';
import type { Logger } from '../lib/logger.js';
import { backoffDelay } from '../lib/retry.js';
import type { BroadcastRepository, Settlement } from '../store/broadcast-repository.js';
import { isQuiet, quietUntil, type QuietHours } from './quiet-hours.js';
import type { Delivery } from './types.js';

/** How the worker reaches one platform (the composition root adapts a channel's ReplySender). */
export interface Transport {
  readonly channel: ChannelId;
  /** Delivers one text; rejects when it could not (classified by {@link DeliveryWorkerOptions.classify}). */
  send(chatId: string, text: string, signal?: AbortSignal): Promise<void>;
}

/** What a failed send means: the person blocked the bot, retrying cannot help, or try again later. */
export type SendFailure = 'unreachable' | 'permanent' | 'retry';

/** What became of one claimed delivery (metrics). */
export type DeliveryOutcome = 'sent' | 'failed' | 'blocked' | 'retry' | 'in-doubt';

export interface DeliveryWorkerOptions {
  repo: BroadcastRepository;
  transports: Transport[];
  /** Classifies a send error (platform knowledge stays in the channels). */
  classify(err: unknown): SendFailure;
  /** Messages per second per channel; a channel without a rate gets no loop. */
  rates: Partial<Record<ChannelId, number>>;
  /** Sends in flight per channel; also the bound on rows one crash can leave in doubt (per channel). */
  concurrency?: number;
  /** Attempts per recipient before the row is `failed` (the sender retries within an attempt too). */
  maxAttempts?: number;
  /** First delay before a failed recipient is tried again (doubles each attempt, at most 5 minutes). */
  retryBaseMs?: number;
  /** How many messages the rate may bunch up (ms worth of the rate); 50 ms by default (at least one message). */
  burstMs?: number;
  /**
   * Least time between two turns of a channel's loop (ms), 10 by default: each turn records the
   * outcomes gathered since the last one and claims the next rows in one transaction.
   */
  batchMs?: number;
  /** Least time between two messages to one chat (ms), across broadcasts; 1000 by default (Telegram: 1/s per chat). */
  perChatMs?: number;
  quietHours: QuietHours;
  /** True while citizens' messages are being handled: each announcement send waits a moment first. */
  citizensWaiting?: () => boolean;
  /** The person blocked the bot: remember it (the learner row), so nothing is sent again. */
  onUnreachable?: (channel: ChannelId, learnerId: number) => void;
  /** Observes each outcome (metrics). */
  onOutcome?: (channel: ChannelId, outcome: DeliveryOutcome) => void;
  logger: Logger;
  /** The clock for the queue and quiet hours (tests move it); pacing uses real time. */
  now?: () => Date;
  /** How long to wait when there is nothing to send (a new broadcast calls {@link DeliveryWorker.kick}). */
  idleMs?: number;
}

/**
 * A per-channel token bucket: `rate` messages/s on average, at most `capacity` at once after an idle
 * spell, so any one-second window holds at most rate + capacity messages. A 429 empties it and holds
 * it for `retry_after`.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;
  private readonly perMs: number;

  constructor(
    rate: number,
    private readonly capacity: number,
    nowMs: number,
  ) {
    this.perMs = rate / 1000;
    this.tokens = Math.min(1, capacity);
    this.at = nowMs;
  }

  private refill(nowMs: number): void {
    if (nowMs <= this.at) return;
    this.tokens = Math.min(this.capacity, this.tokens + (nowMs - this.at) * this.perMs);
    this.at = nowMs;
  }

  /** Whole messages that may start now. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return Math.max(0, Math.floor(this.tokens));
  }

  /** Milliseconds until the next message may start (0: now). */
  wait(nowMs: number): number {
    this.refill(nowMs);
    const held = Math.max(0, this.at - nowMs);
    return this.tokens >= 1 ? held : held + (1 - this.tokens) / this.perMs;
  }

  /** `n` messages start now. */
  take(nowMs: number, n = 1): void {
    this.refill(nowMs);
    this.tokens -= n;
  }

  /** The platform said "too many requests": nothing before `nowMs + ms`, then the plain rate again. */
  hold(nowMs: number, ms: number): void {
    this.refill(nowMs);
    this.tokens = Math.min(this.tokens, 0);
    this.at = Math.max(this.at, nowMs + ms);
  }
}

/** How long announcement sending waits (once per batch) while citizens' messages are being handled. */
const YIELD_MS = 5;
/** Announcement sends in flight per channel while citizens' messages are being handled. */
const CONCURRENCY_WHILE_CITIZENS = 2;
/** Most rows one transaction claims. */
const MAX_BATCH = 64;

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** One send's outcome, waiting for the loop's next transaction. */
interface Done {
  settlement: Settlement;
  outcome: DeliveryOutcome;
}

/**
 * Delivers broadcasts from the persisted queue, one loop per channel, at the configured rate, outside
 * quiet hours, after citizens' replies.
 *
 * Each turn of a channel's loop is ONE transaction that records the outcomes of the sends finished
 * since the last turn and claims the next rows (committed `sending` before their sends start), as many
 * as the token bucket and the free slots allow; then the loop sleeps until the next token or `batchMs`.
 * So a thousand messages a second cost about a hundred commits, not two thousand. A slot is freed only
 * when its outcome is committed, so at most `concurrency` rows per channel are ever `sending`: a crash
 * leaves at most that many, and the next {@link start} turns them into `in-doubt` (never resent
 * automatically: nobody gets a message twice).
 */
export class DeliveryWorker {
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly batchMs: number;
  private readonly perChatMs: number;
  private readonly now: () => Date;
  private readonly stopper = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly buckets = new Map<ChannelId, TokenBucket>();
  private started = false;
  /** Outcomes since start. */
  readonly stats = { sent: 0, failed: 0, blocked: 0, retried: 0, inDoubt: 0, inDoubtAtStart: 0 };

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.concurrency = Math.max(1, o.concurrency ?? 8);
    this.maxAttempts = Math.max(1, o.maxAttempts ?? 3);
    this.batchMs = Math.max(1, o.batchMs ?? 10);
    this.perChatMs = Math.max(0, o.perChatMs ?? 1000);
    this.now = o.now ?? (() => new Date());
    for (const t of o.transports) {
      const rate = o.rates[t.channel];
      if (rate && rate > 0) this.buckets.set(t.channel, new TokenBucket(rate, Math.max(1, (rate * (o.burstMs ?? 50)) / 1000), Date.now()));
    }
  }

  /** Settles what a crash left in flight (→ in-doubt), then starts one loop per channel with a rate. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const inDoubt = this.o.repo.markInFlightInDoubt(this.now());
    this.stats.inDoubtAtStart = inDoubt;
    if (inDoubt > 0) this.o.logger.warn('broadcast rows left in doubt by the last stop', { count: inDoubt });
    for (const transport of this.o.transports) {
      const bucket = this.buckets.get(transport.channel);
      if (bucket) this.loops.push(this.loop(transport, bucket));
    }
  }

  /** A broadcast was created or resumed: stop idling. */
  kick(): void {
    for (const w of [...this.waiters]) w();
  }

  /** A platform answered 429 with `retry_after`: that channel waits (the sender retries the call itself). */
  rateLimited(channel: ChannelId, ms: number): void {
    this.buckets.get(channel)?.hold(Date.now(), ms);
  }

  /**
   * Stops claiming and aborts the sends in flight at their next wait; a send interrupted that way is
   * settled `in-doubt` (it may have reached the person). The outcomes not yet recorded are recorded.
   */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.kick();
    await Promise.allSettled(this.loops);
  }

  /** Waits `ms`, or less when kicked, woken (`wake`) or stopped. */
  private pause(ms: number, wake?: { fire?: () => void }): Promise<void> {
    if (this.stopper.signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        if (wake) wake.fire = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      if (wake) wake.fire = done;
    });
  }

  private async loop(transport: Transport, bucket: TokenBucket): Promise<void> {
    const channel = transport.channel;
    const signal = this.stopper.signal;
    const idle = this.o.idleMs ?? 1000;
    let inFlight = 0;
    /** Finished sends whose outcome is not committed yet: their rows are still `sending` and hold a slot. */
    let done: Done[] = [];
    /** Wakes the loop early when a send finishes while every slot is taken. */
    const wake: { fire?: () => void } = {};
    const lastToChat = new Map<string, number>();
    let yielded = false;
    while (!signal.aborted) {
      const turn = Date.now();
      try {
        const now = this.now();
        if (isQuiet(this.o.quietHours, now)) {
          done = this.commit(channel, done);
          await this.pause(Math.max(10, Math.min(60_000, quietUntil(this.o.quietHours, now).getTime() - now.getTime())));
          continue;
        }
        // Citizens first: while their messages are being handled, wait a little once per batch, send
        // one message at a time and keep only a couple in flight (the full rate returns when they are
        // done; a steady stream of citizens slows announcements but cannot stop them).
        const citizens = this.o.citizensWaiting?.() ?? false;
        if (citizens && !yielded) {
          yielded = true;
          await this.pause(YIELD_MS);
          continue;
        }
        const cap = citizens ? Math.min(CONCURRENCY_WHILE_CITIZENS, this.concurrency) : this.concurrency;
        const free = cap - inFlight - done.length;
        const want = Math.max(0, Math.min(free + done.length, bucket.available(Date.now()), citizens ? 1 : MAX_BATCH));
        if (want === 0 && done.length === 0) {
          // Nothing to record and nothing may start: sleep until a token, or until a send finishes.
          await this.pause(free > 0 ? Math.max(1, bucket.wait(Date.now())) : idle, wake);
          continue;
        }
        const settle = done;
        done = [];
        let claimed: Delivery[];
        try {
          claimed = this.o.repo.claim(channel, want, now, { settle: settle.map((d) => d.settlement), reserveChat: (chat) => this.reserve(lastToChat, chat, now) });
        } catch (err) {
          done = settle.concat(done);
          throw err;
        }
        for (const d of settle) this.record(channel, d.outcome);
        bucket.take(Date.now(), claimed.length);
        if (claimed.length > 0) yielded = false;
        for (const d of claimed) {
          inFlight++;
          void this.deliver(transport, d).then((result) => {
            inFlight--;
            done.push(result);
            if (inFlight + done.length >= cap) wake.fire?.();
          });
        }
        if (claimed.length === 0 && inFlight === 0 && done.length === 0 && want > 0) {
          this.o.repo.finishIdle(this.now());
          await this.pause(idle);
          continue;
        }
        // The next turn: after `batchMs` (outcomes gather into one commit), and no sooner than a token.
        // With every slot taken, first wait until a send finishes.
        if (inFlight + done.length >= cap && done.length === 0) await this.pause(idle, wake);
        const rest = Math.max(this.batchMs - (Date.now() - turn), inFlight + done.length >= cap ? 0 : bucket.wait(Date.now()));
        if (rest >= 1) await this.pause(rest);
        pruneOld(lastToChat, Date.now() - this.perChatMs);
      } catch (err) {
        // The database is busy or closing: never let the loop die; try again shortly.
        this.o.logger.error('broadcast loop error', { channel, err });
        await this.pause(1000);
      }
    }
    // Stopping: wait for the sends in flight (aborted ones settle in-doubt), then record every outcome.
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    try {
      this.o.repo.settleAll(done.map((d) => d.settlement));
      for (const d of done) this.record(channel, d.outcome);
    } catch (err) {
      // The rows stay `sending` and become in-doubt at the next start.
      this.o.logger.error('could not record broadcast deliveries', { channel, err });
    }
  }

  /** Records outcomes during quiet hours (nothing else to do then); returns what is still unrecorded. */
  private commit(channel: ChannelId, done: Done[]): Done[] {
    if (done.length === 0) return done;
    this.o.repo.settleAll(done.map((d) => d.settlement));
    for (const d of done) this.record(channel, d.outcome);
    return [];
  }

  /** Reserves `chat` for a send now, or says until when it must wait (one message per `perChatMs` per chat). */
  private reserve(lastToChat: Map<string, number>, chat: string, now: Date): Date | undefined {
    const t = Date.now();
    const last = lastToChat.get(chat);
    if (last !== undefined && t - last < this.perChatMs) return new Date(now.getTime() + (this.perChatMs - (t - last)));
    lastToChat.delete(chat);
    lastToChat.set(chat, t);
    return undefined;
  }

  private record(channel: ChannelId, outcome: DeliveryOutcome): void {
    if (outcome === 'retry') this.stats.retried++;
    else if (outcome === 'in-doubt') this.stats.inDoubt++;
    else this.stats[outcome]++;
    this.o.onOutcome?.(channel, outcome);
  }

  /** Sends one message and says what to record (never rejects). */
  private async deliver(transport: Transport, d: Delivery): Promise<Done> {
    let error: unknown;
    try {
      await transport.send(d.chatId, d.text, this.stopper.signal);
      return this.done(d, 'sent', 'sent');
    } catch (err) {
      error = err;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (this.stopper.signal.aborted && isAbort(error)) return this.done(d, 'in-doubt', 'in-doubt', 'stopped while sending');
    const failure = this.o.classify(error);
    if (failure === 'unreachable') {
      try {
        this.o.onUnreachable?.(d.channel, d.learnerId);
      } catch (err) {
        this.o.logger.error('could not mark a learner unreachable', { channel: d.channel, err });
      }
      return this.done(d, 'blocked', 'blocked', message);
    }
    if (failure === 'permanent' || d.attempts >= this.maxAttempts) return this.done(d, 'failed', 'failed', message);
    const now = this.now();
    const retryAt = new Date(now.getTime() + backoffDelay(d.attempts, this.o.retryBaseMs ?? 5_000, 300_000));
    return this.done(d, 'queued', 'retry', message, retryAt);
  }

  private done(d: Delivery, state: Settlement['state'], outcome: DeliveryOutcome, error?: string, retryAt?: Date): Done {
    return { settlement: { broadcastId: d.broadcastId, learnerId: d.learnerId, state, at: this.now(), error, retryAt }, outcome };
  }
}

/** Drops the chats last messaged before `before` (a Map iterates in insertion order: oldest first). */
function pruneOld(lastToChat: Map<string, number>, before: number): void {
  for (const [chat, t] of lastToChat) {
    if (t >= before) break;
    lastToChat.delete(chat);
  }
}
