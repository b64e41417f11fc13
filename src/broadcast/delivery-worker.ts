import type { ChannelId } from '../core/types.js';
import type { Logger } from '../lib/logger.js';
import { backoffDelay, sleep } from '../lib/retry.js';
import type { BroadcastRepository } from '../store/broadcast-repository.js';
import { isQuiet, quietUntil, type QuietHours } from './quiet-hours.js';
import type { Delivery } from './types.js';

/** How the worker reaches one platform (the composition root adapts a channel's ReplySender). */
export interface Transport {
  readonly channel: ChannelId;
  send(chatId: string, text: string): Promise<void>;
}

/** What a failed send means: the person blocked the bot, retrying cannot help, or try again later. */
export type SendFailure = 'unreachable' | 'permanent' | 'retry';

export interface DeliveryWorkerOptions {
  repo: BroadcastRepository;
  transports: Transport[];
  /** Classifies a send error (platform knowledge stays in the channels). */
  classify(err: unknown): SendFailure;
  /** Messages per second per channel (Telegram allows about 30/s overall; Zalo publishes no figure). */
  rates: Partial<Record<ChannelId, number>>;
  /** Sends in flight per channel; also the bound on rows left in doubt by a crash. */
  concurrency?: number;
  /** Attempts per recipient before the row is `failed` (the sender retries within an attempt too). */
  maxAttempts?: number;
  quietHours: QuietHours;
  /** True while citizens' messages are waiting: announcements step aside. */
  citizensWaiting?: () => boolean;
  /** The person blocked the bot: remember it (the learner row), so nothing is sent again. */
  onUnreachable?: (channel: ChannelId, learnerId: number) => void;
  logger: Logger;
  now?: () => Date;
  /** How long to wait when there is nothing to send (a new broadcast calls {@link DeliveryWorker.kick}). */
  idleMs?: number;
}

/** A per-channel pacing clock: one send every 1/rate s, with a burst of at most one second's worth. */
class Pace {
  private next = 0;
  constructor(private readonly intervalMs: number) {}
  /** Milliseconds to wait before the next send may start. */
  take(nowMs: number): number {
    this.next = Math.max(this.next, nowMs - 1000) + this.intervalMs;
    return Math.max(0, this.next - nowMs - 1000 + this.intervalMs);
  }
}

/**
 * Delivers broadcasts from the persisted queue, channel by channel, at the configured rate, outside
 * quiet hours, after citizens' replies. Each row is marked `sending` (committed) before its send and
 * settled after it; a crash leaves at most `concurrency` rows per channel `sending`, which the next
 * start turns into `in-doubt` (never resent automatically).
 */
export class DeliveryWorker {
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;
  private readonly stopper = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private wake: (() => void) | undefined;
  readonly stats = { sent: 0, failed: 0, blocked: 0, retried: 0 };

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.concurrency = o.concurrency ?? 8;
    this.maxAttempts = o.maxAttempts ?? 3;
    this.now = o.now ?? (() => new Date());
  }

  /** Settles what a crash left in flight, then starts one loop per channel. */
  start(): void {
    const inDoubt = this.o.repo.markInFlightInDoubt(this.now());
    if (inDoubt > 0) this.o.logger.warn('broadcast rows left in doubt by the last stop', { count: inDoubt });
    for (const transport of this.o.transports) {
      const rate = this.o.rates[transport.channel];
      if (rate && rate > 0) this.loops.push(this.loop(transport, rate));
    }
  }

  /** A broadcast was created or resumed: stop idling. */
  kick(): void {
    this.wake?.();
  }

  /** Stops claiming; waits for sends in flight (each settles its row). */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.wake?.();
    await Promise.allSettled(this.loops);
  }

  private async pause(ms: number): Promise<void> {
    if (this.stopper.signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const prev = this.wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        prev?.();
        done();
      };
    });
  }

  private async loop(sender: Transport, rate: number): Promise<void> {
    const pace = new Pace(1000 / rate);
    const inFlight = new Set<Promise<void>>();
    const signal = this.stopper.signal;
    const idle = this.o.idleMs ?? 1000;
    while (!signal.aborted) {
      const now = this.now();
      if (isQuiet(this.o.quietHours, now)) {
        await this.pause(Math.min(60_000, quietUntil(this.o.quietHours, now).getTime() - now.getTime()));
        continue;
      }
      if (this.o.citizensWaiting?.()) {
        await this.pause(20);
        continue;
      }
      if (inFlight.size >= this.concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      const [delivery] = this.o.repo.claim(sender.channel, 1, now);
      if (!delivery) {
        if (inFlight.size > 0) await Promise.race(inFlight);
        else {
          this.o.repo.finishIdle(this.now());
          await this.pause(idle);
        }
        continue;
      }
      const wait = pace.take(Date.now());
      const p = (async () => {
        if (wait > 0) await sleep(wait);
        await this.deliver(sender, delivery);
      })().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.allSettled(inFlight);
  }

  private async deliver(sender: Transport, d: Delivery): Promise<void> {
    try {
      await sender.send(d.chatId, d.text);
      this.o.repo.settle(d, 'sent', this.now());
      this.stats.sent++;
    } catch (err) {
      const now = this.now();
      const failure = this.o.classify(err);
      const message = err instanceof Error ? err.message : String(err);
      if (failure === 'unreachable') {
        this.o.repo.settle(d, 'blocked', now, message);
        this.o.onUnreachable?.(d.channel, d.learnerId);
        this.stats.blocked++;
      } else if (failure === 'permanent' || d.attempts >= this.maxAttempts) {
        this.o.repo.settle(d, 'failed', now, message);
        this.stats.failed++;
      } else {
        const retryAt = new Date(now.getTime() + backoffDelay(d.attempts, 5_000, 300_000));
        this.o.repo.settle(d, 'queued', now, message, retryAt);
        this.stats.retried++;
      }
    }
  }
}
