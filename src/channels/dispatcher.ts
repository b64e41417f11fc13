import type { ChannelId, Inbound, MessageHandler, Outbound } from '../core/types.js';
import { KeyedQueue } from '../lib/keyed-queue.js';
import type { Logger } from '../lib/logger.js';
import type { RateLimiter } from '../lib/rate-limit.js';
import type { IntakeOutcome, IntakeRecord, IntakeRepository } from '../store/intake-repository.js';
import type { WriteHealth } from '../store/write-health.js';
import { PermanentSendError, UnreachableError, type ReplySender } from './contract.js';
import { GroupedWrites } from './grouped-writes.js';
import { addressAs, texts } from '../core/texts.js';

/**
 * The path every inbound update takes after its adapter translated it (DESIGN.md "the way a message
 * travels"), shared by all channels:
 *
 *   accept: record in SQLite (duplicate → stop) → rate limit → schedule on the chat's queue
 *   process: conversation → save replies (in a bounded slot) → deliver each reply (per chat, outside
 *            the slots) → mark done
 *
 * Recording happens before anything else, so an adapter may answer its webhook 200 as soon as
 * {@link Dispatcher.accept} resolves. Saving the replies before delivering them means a crash never
 * runs the conversation twice, and `sent` means it never repeats a delivered reply. Records, delivery
 * progress and "done" are committed in groups ({@link GroupedWrites}: with the other chats' writes of
 * the same turn of the event loop); whatever depends on a write waits for its commit.
 */

/** What the dispatcher reports (Prometheus metrics in the service, nothing in unit tests). */
export interface DispatchObserver {
  received(channel: ChannelId): void;
  duplicate(channel: ChannelId): void;
  handled(channel: ChannelId, outcome: IntakeOutcome, latencySeconds: number): void;
  error(channel: ChannelId, stage: 'handler' | 'send'): void;
}

export interface DispatcherOptions {
  intake: IntakeRepository;
  handler: MessageHandler;
  queue: KeyedQueue;
  logger: Logger;
  limiter?: RateLimiter;
  /**
   * Button presses are counted here instead of in `limiter`: paging a lesson with "Tiếp" is quick
   * and cheap (no model call), so it has its own, larger budget. Without it, presses count in `limiter`.
   */
  buttonLimiter?: RateLimiter;
  observer?: DispatchObserver;
  /** Called when a platform says the person cannot be reached (blocked the bot). */
  onUnreachable?: (inbound: Inbound) => void;
  /** Told the number of updates in flight each time it changes (announcements step aside while > 0). */
  onInFlight?: (count: number) => void;
  /** "typing…" is shown when an answer takes longer than this (default 300 ms), then every 4 s. */
  typingDelayMs?: number;
  /** Pending rows older than this are given up as failed instead of retried (default 24 h). */
  maxAgeMs?: number;
  /** Delivery rounds that may fail before a row is given up as failed (default 20). */
  maxDeliveryAttempts?: number;
  /** Told about every failed and successful intake write (a full disk shows in /readyz). */
  writeHealth?: WriteHealth;
  now?: () => number;
}

/** The answer to {@link Dispatcher.accept}. */
export interface Acceptance {
  /** False for a duplicate (already recorded: nothing to do). */
  accepted: boolean;
  /** Settles when the update has been fully handled (or given up until the next retry sweep). */
  done: Promise<void>;
  /** Over the rate limit: not handled (at most the one polite reply). */
  limited?: boolean;
}

export class Dispatcher {
  private readonly senders = new Map<ChannelId, ReplySender>();
  private readonly inFlight = new Set<number>();
  private readonly presetOutcome = new Map<number, IntakeOutcome>();
  private readonly abort = new AbortController();
  /**
   * Delivery progress SQLite could not record (a full disk), by row id: a retry resumes from here, and a
   * row whose `done` could not be written is closed by the next sweep without sending anything again.
   */
  private readonly ledger = new Map<number, { sent: number; partsSent: number; attempts: number; done?: { outcome: IntakeOutcome; sent?: number } }>();
  /** Deliveries, in order per chat and not bounded by the handling slots. */
  private readonly deliveries = new KeyedQueue();
  private closed = false;
  private readonly now: () => number;
  private readonly writes: GroupedWrites;
  private readonly accepting = new Set<Promise<unknown>>();

  constructor(private readonly options: DispatcherOptions) {
    this.now = options.now ?? Date.now;
    this.writes = new GroupedWrites(options.intake);
  }

  /** Makes a channel's replies deliverable. Updates of a channel without a sender stay pending. */
  register(sender: ReplySender): void {
    this.senders.set(sender.channel, sender);
  }

  /** The ordering key of a message: one chat on one platform. */
  static chatKey(inbound: Pick<Inbound, 'channel' | 'chatId'>): string {
    return `${inbound.channel}:${inbound.chatId}`;
  }

  /**
   * Records `inbound` under the platform's dedupe `key` and schedules it. Resolves once the record is
   * committed (with the other writes of this turn); rejects only if the database cannot record it
   * (answer the platform 5xx then).
   */
  accept(key: string, inbound: Inbound): Promise<Acceptance> {
    if (this.closed) return Promise.reject(new Error('dispatcher is closed'));
    // close() waits for updates being recorded, as for those already scheduled.
    const accepting = this.record(key, inbound);
    this.accepting.add(accepting);
    void accepting.then(
      () => this.accepting.delete(accepting),
      () => this.accepting.delete(accepting),
    );
    return accepting;
  }

  private async record(key: string, inbound: Inbound): Promise<Acceptance> {
    let record: IntakeRecord | undefined;
    try {
      record = await this.writes.run(() => this.options.intake.record(key, Dispatcher.chatKey(inbound), inbound));
      this.options.writeHealth?.ok();
    } catch (err) {
      this.options.writeHealth?.failed(err);
      throw err;
    }
    if (!record) {
      this.options.observer?.duplicate(inbound.channel);
      return { accepted: false, done: Promise.resolve() };
    }
    this.options.observer?.received(inbound.channel);
    const decision = this.rateDecision(inbound);
    if (decision === 'drop') {
      const id = record.id;
      this.options.observer?.handled(inbound.channel, 'limited', 0);
      return { accepted: true, done: this.write(() => this.options.intake.markDone(id, 'limited')).then(() => undefined), limited: true };
    }
    if (decision === 'warn') {
      const replies = [{ text: addressAs(texts.rateLimited) }];
      const id = record.id;
      await this.writes.run(() => this.options.intake.saveReplies(id, replies));
      record.replies = replies;
      this.presetOutcome.set(record.id, 'limited');
    }
    return { accepted: true, done: this.schedule(record, this.now()), limited: decision === 'warn' };
  }

  private rateDecision(inbound: Inbound): 'allow' | 'warn' | 'drop' {
    const person = `${inbound.channel}:${inbound.userId}`;
    const { limiter, buttonLimiter } = this.options;
    if (inbound.kind === 'action' && buttonLimiter) return buttonLimiter.check(person);
    return limiter?.check(person) ?? 'allow';
  }

  /** Schedules every pending row not already in flight (at start, and periodically for failed sends). */
  recover(): number {
    let n = 0;
    for (const record of this.options.intake.pending()) {
      if (this.inFlight.has(record.id)) continue;
      const known = this.ledger.get(record.id);
      if (known?.done) {
        // Everything was delivered; only closing the row failed. Never send again: record it.
        if (this.writeNow(() => this.options.intake.markDone(record.id, known.done!.outcome, known.done!.sent))) this.ledger.delete(record.id);
        continue;
      }
      if (known && (known.sent > record.sent || (known.sent === record.sent && known.partsSent > record.partsSent))) {
        record.sent = known.sent;
        record.partsSent = known.partsSent;
      }
      if (known) record.attempts = Math.max(record.attempts, known.attempts);
      void this.schedule(record, this.now());
      n++;
    }
    return n;
  }

  /** Rows in flight right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Stops accepting, waits up to `timeoutMs` for in-flight work, then aborts waits (retries).
   * Unfinished rows stay pending in SQLite and are finished by the next start.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.accepting])
        .then(() => this.options.queue.idle())
        .then(() => this.deliveries.idle()),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    this.abort.abort();
    // What was delivered before the deadline is recorded now, not after the database closed.
    this.writes.flush();
  }

  private schedule(record: IntakeRecord, arrivedAt: number): Promise<void> {
    this.inFlight.add(record.id);
    this.options.onInFlight?.(this.inFlight.size);
    return this.options.queue
      .run(record.chatKey, () => this.prepare(record, arrivedAt))
      .then((job) => job?.delivered)
      .catch((err: unknown) => this.options.logger.error('dispatch failed', { err, id: record.id }))
      .finally(() => {
        this.inFlight.delete(record.id);
        this.options.onInFlight?.(this.inFlight.size);
      });
  }

  /**
   * Runs the conversation (inside one of the bounded slots) and queues the delivery of its replies.
   * Delivery runs outside the slots, in order per chat: a slow or dead recipient holds only its own
   * chat, never a slot other people need.
   */
  private async prepare(record: IntakeRecord, arrivedAt: number): Promise<{ delivered: Promise<void> } | undefined> {
    const { inbound } = record;
    const log = this.options.logger;
    if (this.abort.signal.aborted) return undefined;
    const sender = this.senders.get(inbound.channel);
    if (!sender) {
      log.warn('no sender for channel; update kept pending', { channel: inbound.channel, id: record.id });
      return undefined;
    }
    let outcome: IntakeOutcome = this.presetOutcome.get(record.id) ?? 'replied';
    this.presetOutcome.delete(record.id);
    let replies = record.replies;
    if (!replies) {
      const stopTyping = this.startTyping(sender, inbound.chatId);
      // The Conversation stores its replies in its own last transaction (one commit fewer); anything
      // else it returns (an early or an error reply) is stored below. Either way: before any delivery.
      let kept: Outbound[] | undefined;
      const keep = (r: Outbound[]) => {
        this.options.intake.saveReplies(record.id, r);
        kept = r;
      };
      try {
        replies = await this.options.handler.handle(inbound, { keep });
      } catch (err) {
        log.error('handler failed', { err, channel: inbound.channel, id: record.id });
        this.options.observer?.error(inbound.channel, 'handler');
        replies = [{ text: addressAs(texts.error) }];
        outcome = 'failed';
      } finally {
        stopTyping();
      }
      if (replies !== kept) {
        try {
          this.options.intake.saveReplies(record.id, replies);
        } catch (err) {
          // Nothing is sent that was not recorded first: the row stays pending and is handled again later.
          this.options.writeHealth?.failed(err);
          throw err;
        }
      }
    }
    const ready = replies;
    return { delivered: this.deliveries.run(record.chatKey, () => this.deliver(record, sender, ready, outcome, arrivedAt)) };
  }

  private async deliver(record: IntakeRecord, sender: ReplySender, replies: Outbound[], outcome: IntakeOutcome, arrivedAt: number): Promise<void> {
    const { inbound } = record;
    const log = this.options.logger;
    if (this.abort.signal.aborted) return;
    for (let i = record.sent; i < replies.length; i++) {
      const reply = replies[i] as Outbound;
      const from = i === record.sent ? record.partsSent : 0;
      try {
        await sender.send(inbound.chatId, reply, this.abort.signal, {
          from,
          // Each message of a reply split in several is recorded as delivered at once (the reply's last
          // one is recorded with the next reply or with "done": one write instead of two).
          delivered: (count, total) => (count < total ? this.progress(record, i, count) : undefined),
        });
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.options.observer?.error(inbound.channel, 'send');
        if (err instanceof UnreachableError) {
          log.info('chat unreachable', { channel: inbound.channel, reason: err.reason });
          this.options.onUnreachable?.(inbound);
          return await this.finish(record, 'unreachable', arrivedAt);
        }
        const attempts = record.attempts + 1;
        if (
          err instanceof PermanentSendError ||
          this.now() - record.receivedAt > (this.options.maxAgeMs ?? 86_400_000) ||
          attempts >= (this.options.maxDeliveryAttempts ?? 20)
        ) {
          log.error('reply refused or retried too often; giving up', { err, channel: inbound.channel, id: record.id, attempts });
          return await this.finish(record, 'failed', arrivedAt);
        }
        // Retries ran out (platform down or hanging): keep the row pending; the retry sweep or the next start resumes here.
        log.warn('reply not delivered yet; will retry later', { err, channel: inbound.channel, id: record.id, attempts });
        record.attempts = attempts;
        const known = this.ledger.get(record.id);
        if (known) known.attempts = attempts;
        else if (!(await this.write(() => this.options.intake.markAttempts(record.id, attempts)))) {
          this.ledger.set(record.id, { sent: record.sent, partsSent: record.partsSent, attempts });
        }
        return;
      }
      if (i + 1 < replies.length) await this.progress(record, i + 1, 0);
    }
    await this.finish(record, outcome, arrivedAt, replies.length);
  }

  /**
   * Records how far delivery got (in SQLite, or in memory while SQLite cannot take it); resolves once
   * recorded, and the chat's next message is sent only then.
   */
  private async progress(record: IntakeRecord, sent: number, partsSent: number): Promise<void> {
    record.sent = sent;
    record.partsSent = partsSent;
    if (await this.write(() => this.options.intake.markSent(record.id, sent, partsSent))) this.ledger.delete(record.id);
    else this.ledger.set(record.id, { sent, partsSent, attempts: record.attempts });
  }

  private async finish(record: IntakeRecord, outcome: IntakeOutcome, arrivedAt: number, sent?: number): Promise<void> {
    this.options.observer?.handled(record.inbound.channel, outcome, Math.max(0, this.now() - arrivedAt) / 1000);
    if (await this.write(() => this.options.intake.markDone(record.id, outcome, sent))) this.ledger.delete(record.id);
    else this.ledger.set(record.id, { sent: record.sent, partsSent: record.partsSent, attempts: record.attempts, done: { outcome, sent } });
  }

  /**
   * Queues one intake write, committed with the others of this turn; resolves false (logged, reported to
   * the write health) when SQLite refused it.
   */
  private async write(fn: () => void): Promise<boolean> {
    const result = await this.writes.write(fn);
    if (result.ok) {
      this.options.writeHealth?.ok();
      return true;
    }
    this.writeFailed(result.error);
    return false;
  }

  /** One intake write committed at once (with anything queued); false when SQLite refused it. */
  private writeNow(fn: () => void): boolean {
    try {
      this.writes.together(fn);
      this.options.writeHealth?.ok();
      return true;
    } catch (err) {
      this.writeFailed(err);
      return false;
    }
  }

  private writeFailed(err: unknown): void {
    this.options.writeHealth?.failed(err);
    this.options.logger.error('intake write failed; delivery kept in memory', { err });
  }

  /** Shows "typing…" if the answer is slow; returns the function that stops it. */
  private startTyping(sender: ReplySender, chatId: string): () => void {
    if (!sender.typing) return () => undefined;
    const typing = sender.typing.bind(sender);
    const delay = this.options.typingDelayMs ?? 300;
    let repeat: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
      void typing(chatId);
      repeat = setInterval(() => void typing(chatId), 4_000);
    }, delay);
    return () => {
      clearTimeout(first);
      clearInterval(repeat);
    };
  }
}
