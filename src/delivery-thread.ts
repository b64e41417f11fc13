import { Worker } from 'node:worker_threads';
import type { DeliveryOutcome } from './broadcast/delivery-worker.js';
import type { QuietHours } from './broadcast/quiet-hours.js';
import type { PlatformAccess } from './channels/broadcast-transport.js';
import type { ChannelId } from './messages.js';
import type { Logger, LogLevel } from './lib/logger.js';

/** What the delivery thread is started with (plain data). */
export interface DeliveryThreadData {
  databasePath: string;
  platforms: PlatformAccess;
  rates: Partial<Record<ChannelId, number>>;
  concurrency: number;
  quietHours: QuietHours;
  logLevel: LogLevel;
  /** One Int32: citizens' updates in flight in the main thread (read with Atomics). */
  citizens: SharedArrayBuffer;
}

/** Messages from the thread. */
export type FromDeliveryThread =
  | { type: 'started'; inDoubtAtStart: number }
  | { type: 'outcomes'; counts: Array<[ChannelId, DeliveryOutcome, number]> }
  | { type: 'stopped' };

export interface DeliveryThreadOptions {
  data: Omit<DeliveryThreadData, 'citizens'>;
  logger: Logger;
  onOutcome?: (channel: ChannelId, outcome: DeliveryOutcome, n: number) => void;
  /** How long to wait before starting a thread that died (ms); 5 s by default. */
  restartMs?: number;
}

const ENTRY = new URL('./delivery-thread-entry.ts', import.meta.url).href;

/**
 * The announcement delivery worker ({@link import('./broadcast/delivery-worker.js').DeliveryWorker}) in
 * a worker thread of its own, with its own SQLite connection and platform clients: sending a thousand
 * messages a second is real work (HTTP, JSON, SQLite), and on the main thread every citizen's reply
 * would wait behind it. The main thread tells it how many citizens' updates are in flight (a shared
 * counter: announcements step aside while citizens are answered), kicks it when a broadcast is queued,
 * and counts its outcomes for /metrics. A thread that dies is started again after `restartMs` (its
 * rows in flight become in-doubt, as after a crash).
 */
export class DeliveryThread {
  readonly stats = { inDoubtAtStart: 0 };
  private readonly citizens = new Int32Array(new SharedArrayBuffer(4));
  private worker?: Worker;
  private started = false;
  private stopping = false;
  private stopped?: () => void;

  constructor(private readonly o: DeliveryThreadOptions) {
    this.spawn();
  }

  private spawn(): void {
    // The service runs TypeScript through tsx; a worker thread does not inherit its loader: register
    // it there first (resolved from here, whatever the working directory).
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const boot = `import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(ENTRY)}); })`;
    const data: DeliveryThreadData = { ...this.o.data, citizens: this.citizens.buffer as SharedArrayBuffer };
    const worker = new Worker(boot, { eval: true, workerData: data });
    this.worker = worker;
    worker.on('message', (m: FromDeliveryThread) => {
      if (m.type === 'started') this.stats.inDoubtAtStart += m.inDoubtAtStart;
      else if (m.type === 'outcomes') for (const [channel, outcome, n] of m.counts) this.o.onOutcome?.(channel, outcome, n);
      else if (m.type === 'stopped') this.stopped?.();
    });
    worker.on('error', (err) => this.o.logger.error('broadcast delivery thread failed', { err }));
    worker.on('exit', (code) => {
      this.stopped?.();
      if (this.stopping || this.worker !== worker) return;
      this.o.logger.error('broadcast delivery thread stopped; starting it again', { code });
      const timer = setTimeout(() => {
        if (this.stopping) return;
        this.spawn();
        if (this.started) this.worker?.postMessage({ type: 'start' });
      }, this.o.restartMs ?? 5000);
      timer.unref();
    });
  }

  /** Settles what a crash left in flight (→ in-doubt) and starts sending (in the thread). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.worker?.postMessage({ type: 'start' });
  }

  /** How many citizens' updates are being handled now (announcements step aside while > 0). */
  citizensInFlight(n: number): void {
    Atomics.store(this.citizens, 0, n);
  }

  /** A broadcast was created or resumed: stop idling. */
  kick(): void {
    this.worker?.postMessage({ type: 'kick' });
  }

  /** Stops sending (sends in flight are settled, aborted ones in-doubt) and ends the thread. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.stopped = () => {
        clearTimeout(timer);
        resolve();
      };
      worker.postMessage({ type: 'stop' });
    });
    await worker.terminate();
  }
}
