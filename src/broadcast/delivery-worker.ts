import type { ChannelId } from '../messages.js';
import type { Logger } from '../lib/logger.js';
import { backoffDelay } from '../lib/retry.js';
import type { BroadcastRepository } from '../store/broadcast-repository.js';
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
  /** How much sending may bunch up after a pause (ms of the rate); 200 ms by default. */
  burstMs?: number;
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
 * A per-channel pacing clock (a token bucket): one send per `1/rate` s on average, and after an idle
 * spell at most `burstMs` worth at once, so any one-second window holds at most rate × (1 + burst/1 s).
 */
export class Pace {
  private last = Number.NEGATIVE_INFINITY;
  constructor(
    private readonly intervalMs: number,
    private readonly burstMs: number,
  ) {}
  private slot(nowMs: number): number {
    return Math.max(this.last + this.intervalMs, nowMs - this.burstMs);
  }
  /** Milliseconds until the next send may start. */
  wait(nowMs: number): number {
    return Math.max(0, this.slot(nowMs) - nowMs);
  }
  /** Takes the next slot (call when a send starts). */
  take(nowMs: number): void {
    this.last = this.slot(nowMs);
  }
  /** The platform said "too many requests": nothing before `nowMs + ms`. */
  hold(nowMs: number, ms: number): void {
    this.last = Math.max(this.last, nowMs + ms - this.intervalMs);
  }
}

/** How long an announcement send waits while citizens' messages are being handled. */
const YIELD_MS = 5;
/** Announcement sends in flight per channel while citizens' messages are being handled. */
const CONCURRENCY_WHILE_CITIZENS = 2;

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * Delivers broadcasts from the persisted queue, one loop per channel, at the configured rate, outside
 * quiet hours, after citizens' replies. Each row is marked `sending` (committed) just before its send
 * and settled right after it, so a crash leaves at most `concurrency` rows per channel `sending`; the
 * next {@link start} turns them into `in-doubt` (never resent automatically: nobody gets a message twice).
 */
export class DeliveryWorker {
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;
  private readonly stopper = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly paces = new Map<ChannelId, Pace>();
  private started = false;
  /** Outcomes since start. */
  readonly stats = { sent: 0, failed: 0, blocked: 0, retried: 0, inDoubt: 0, inDoubtAtStart: 0 };

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.concurrency = Math.max(1, o.concurrency ?? 8);
    this.maxAttempts = Math.max(1, o.maxAttempts ?? 3);
    this.now = o.now ?? (() => new Date());
    for (const t of o.transports) {
      const rate = o.rates[t.channel];
      if (rate && rate > 0) this.paces.set(t.channel, new Pace(1000 / rate, Math.max(o.burstMs ?? 200, 1000 / rate)));
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
      const pace = this.paces.get(transport.channel);
      if (pace) this.loops.push(this.loop(transport, pace));
    }
  }

  /** A broadcast was created or resumed: stop idling. */
  kick(): void {
    for (const w of [...this.waiters]) w();
  }

  /** A platform answered 429 with `retry_after`: that channel waits (the sender retries the call itself). */
  rateLimited(channel: ChannelId, ms: number): void {
    this.paces.get(channel)?.hold(Date.now(), ms);
  }

  /**
   * Stops claiming and aborts the sends in flight at their next wait; a send interrupted that way is
   * settled `in-doubt` (it may have reached the person).
   */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.kick();
    await Promise.allSettled(this.loops);
  }

  /** Waits `ms`, or less when kicked or stopped. */
  private pause(ms: number): Promise<void> {
    if (this.stopper.signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private async loop(transport: Transport, pace: Pace): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    const signal = this.stopper.signal;
    const idle = this.o.idleMs ?? 1000;
    let yielded = false;
    while (!signal.aborted) {
      try {
        const now = this.now();
        if (isQuiet(this.o.quietHours, now)) {
          await this.pause(Math.max(10, Math.min(60_000, quietUntil(this.o.quietHours, now).getTime() - now.getTime())));
          continue;
        }
        // Citizens first: while their messages are being handled, wait a little before each
        // announcement send (never more than once per send, so a steady stream cannot starve it).
        const citizens = this.o.citizensWaiting?.() ?? false;
        if (!yielded && citizens) {
          yielded = true;
          await this.pause(YIELD_MS);
          continue;
        }
        // While citizens are being answered, only a couple of announcement sends share the event loop
        // with them; the full concurrency returns as soon as they are done.
        if (inFlight.size >= (citizens ? Math.min(CONCURRENCY_WHILE_CITIZENS, this.concurrency) : this.concurrency)) {
          await Promise.race(inFlight);
          continue;
        }
        const wait = pace.wait(Date.now());
        if (wait >= 1) {
          await this.pause(wait);
          continue;
        }
        const [delivery] = this.o.repo.claim(transport.channel, 1, now);
        if (!delivery) {
          if (inFlight.size > 0) await Promise.race(inFlight);
          else {
            this.o.repo.finishIdle(this.now());
            await this.pause(idle);
          }
          continue;
        }
        pace.take(Date.now());
        yielded = false;
        const p: Promise<void> = this.deliver(transport, delivery).finally(() => inFlight.delete(p));
        inFlight.add(p);
      } catch (err) {
        // The database is busy or closing: never let the loop die; try again shortly.
        this.o.logger.error('broadcast loop error', { channel: transport.channel, err });
        await this.pause(1000);
      }
    }
    await Promise.allSettled(inFlight);
  }

  private record(channel: ChannelId, outcome: DeliveryOutcome): void {
    if (outcome === 'retry') this.stats.retried++;
    else if (outcome === 'in-doubt') this.stats.inDoubt++;
    else this.stats[outcome]++;
    this.o.onOutcome?.(channel, outcome);
  }

  private async deliver(transport: Transport, d: Delivery): Promise<void> {
    let sent = false;
    let error: unknown;
    try {
      await transport.send(d.chatId, d.text, this.stopper.signal);
      sent = true;
    } catch (err) {
      error = err;
    }
    try {
      const now = this.now();
      if (sent) {
        this.o.repo.settle(d, 'sent', now);
        return this.record(d.channel, 'sent');
      }
      const message = error instanceof Error ? error.message : String(error);
      if (this.stopper.signal.aborted && isAbort(error)) {
        this.o.repo.settle(d, 'in-doubt', now, 'stopped while sending');
        return this.record(d.channel, 'in-doubt');
      }
      const failure = this.o.classify(error);
      if (failure === 'unreachable') {
        this.o.repo.settle(d, 'blocked', now, message);
        this.o.onUnreachable?.(d.channel, d.learnerId);
        return this.record(d.channel, 'blocked');
      }
      if (failure === 'permanent' || d.attempts >= this.maxAttempts) {
        this.o.repo.settle(d, 'failed', now, message);
        return this.record(d.channel, 'failed');
      }
      const retryAt = new Date(now.getTime() + backoffDelay(d.attempts, this.o.retryBaseMs ?? 5_000, 300_000));
      this.o.repo.settle(d, 'queued', now, message, retryAt);
      this.record(d.channel, 'retry');
    } catch (err) {
      // Could not record the outcome: the row stays `sending` and becomes in-doubt at the next start.
      this.o.logger.error('could not record a broadcast delivery', { channel: d.channel, err });
    }
  }
}
