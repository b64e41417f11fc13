/**
 * The body of the announcement delivery thread (see {@link import('./delivery-thread.js').DeliveryThread}):
 * its own SQLite connection, its own platform clients, one {@link DeliveryWorker}. Commands from the
 * main thread: `start`, `kick`, `stop`; it reports `started` (rows found in doubt), `outcomes`
 * (counts for /metrics, once per batch) and `stopped`.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { DeliveryWorker, type DeliveryOutcome } from './broadcast/delivery-worker.js';
import { classifySendError, platformTransports } from './channels/broadcast-transport.js';
import type { DeliveryThreadData, FromDeliveryThread } from './delivery-thread.js';
import { createLogger } from './lib/logger.js';
import type { ChannelId } from './messages.js';
import { BroadcastRepository } from './store/broadcast-repository.js';
import { openDatabase } from './store/database.js';
import { LearnerRepository } from './store/learner-repository.js';

/**
 * Citizens first, also for the CPU: on Linux the nice value is per thread, so this thread asks the
 * kernel to run the main thread (citizens' replies) first whenever both want a busy core. Elsewhere,
 * or if refused, it runs at the normal priority.
 */
export const DELIVERY_THREAD_NICE = 10;
function lowerPriority(): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, DELIVERY_THREAD_NICE);
    return true;
  } catch {
    return false;
  }
}

const data = workerData as DeliveryThreadData;
const port = parentPort!;
const post = (m: FromDeliveryThread) => port.postMessage(m);
const logger = createLogger(data.logLevel, { part: 'broadcast' });
if (!lowerPriority()) logger.debug('broadcast delivery thread runs at normal priority');
const db = openDatabase(data.databasePath);
const learners = new LearnerRepository(db);
const citizens = new Int32Array(data.citizens);

const counts = new Map<string, [ChannelId, DeliveryOutcome, number]>();
let flushQueued = false;
function flushCounts(): void {
  flushQueued = false;
  if (counts.size === 0) return;
  post({ type: 'outcomes', counts: [...counts.values()] });
  counts.clear();
}

const worker: DeliveryWorker = new DeliveryWorker({
  repo: new BroadcastRepository(db),
  transports: platformTransports(data.platforms, logger, (channel, ms) => worker.rateLimited(channel, ms)),
  classify: classifySendError,
  rates: data.rates,
  concurrency: data.concurrency,
  quietHours: data.quietHours,
  citizensWaiting: () => Atomics.load(citizens, 0) > 0,
  onUnreachable: (_channel, learnerId) => {
    const learner = learners.get(learnerId);
    if (learner) learners.setUnreachable(learner.channel, learner.platformUserId, true, new Date());
  },
  onOutcome: (channel, outcome) => {
    const key = `${channel}:${outcome}`;
    const entry = counts.get(key) ?? [channel, outcome, 0];
    entry[2]++;
    counts.set(key, entry);
    if (!flushQueued) {
      flushQueued = true;
      setImmediate(flushCounts);
    }
  },
  logger,
});

port.on('message', (m: { type: string }) => {
  if (m.type === 'start') {
    worker.start();
    post({ type: 'started', inDoubtAtStart: worker.stats.inDoubtAtStart });
  } else if (m.type === 'kick') {
    worker.kick();
  } else if (m.type === 'stop') {
    void worker
      .stop()
      .catch((err: unknown) => logger.error('broadcast delivery stop failed', { err }))
      .finally(() => {
        flushCounts();
        db.close();
        post({ type: 'stopped' });
      });
  }
});
