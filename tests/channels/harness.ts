import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Dispatcher } from '../../src/channels/dispatcher.js';
import { TelegramChannel } from '../../src/channels/telegram/channel.js';
import { ZaloClient } from '../../src/channels/zalo/client.js';
import { ZaloChannel } from '../../src/channels/zalo/channel.js';
import { ZaloSender } from '../../src/channels/zalo/sender.js';
import type { Inbound, MessageHandler } from '../../src/core/types.js';
import { KeyedQueue } from '../../src/lib/keyed-queue.js';
import { silentLogger } from '../../src/lib/logger.js';
import { RateLimiter } from '../../src/lib/rate-limit.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { IntakeRepository } from '../../src/store/intake-repository.js';
import { ServiceMetrics } from '../../src/web/metrics.js';
import { buildServer } from '../../src/web/server.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { FakeZaloServer } from '../fakes/zalo-server.js';

/** What a person sees of one platform message. */
export interface Seen {
  text: string;
  /** Button labels (Telegram inline keyboard). */
  buttons?: string[];
  /** Callback data of the buttons. */
  actions?: string[];
}

/**
 * One platform wired the way the service wires it (real SQLite file, real Dispatcher and KeyedQueue,
 * the real adapter and real HTTP against a fake Bot API server; in webhook mode also the real fastify
 * server receiving the fake's webhooks), with a MessageHandler of the test's choosing.
 */
export interface PlatformHarness {
  readonly platform: 'telegram' | 'zalo';
  readonly mode: 'polling' | 'webhook';
  readonly fake: FakeTelegramServer | FakeZaloServer;
  readonly db: Db;
  readonly unreachable: Inbound[];
  readonly metrics: ServiceMetrics;
  /** A person writes `text`. */
  text(user: string, text: string): Promise<void>;
  /** A person picks choice `n` (1-based) of `seen`: presses the button, or types the number. */
  choose(user: string, n: number, seen: Seen): Promise<void>;
  /** A person sends a sticker. */
  sticker(user: string): Promise<void>;
  /** A person sends a photo (the fake serves its bytes for download). */
  photo(user: string, bytes: Buffer, caption?: string): Promise<void>;
  /** The same platform update delivered twice. */
  duplicateText(user: string, text: string): Promise<void>;
  /** Everything sent to `user`, as the person sees it. */
  seen(user: string): Seen[];
  /** Waits until `user` has seen at least `n` messages. */
  waitSeen(user: string, n: number): Promise<Seen[]>;
  /** Intake rows not yet done. */
  pending(): number;
  /** Platform limit on one message's length. */
  readonly maxText: number;
  close(): Promise<void>;
}

interface Common {
  db: Db;
  dir: string;
  dispatcher: Dispatcher;
  metrics: ServiceMetrics;
  unreachable: Inbound[];
  intake: IntakeRepository;
}

function common(handler: MessageHandler, limit?: number): Common {
  const dir = mkdtempSync(join(tmpdir(), 'channel-'));
  const db = openDatabase(join(dir, 'app.db'));
  const intake = new IntakeRepository(db);
  const metrics = new ServiceMetrics(() => intake.pendingCount());
  const unreachable: Inbound[] = [];
  const dispatcher = new Dispatcher({
    intake,
    handler,
    queue: new KeyedQueue({ concurrency: 8 }),
    logger: silentLogger,
    observer: metrics,
    limiter: limit ? new RateLimiter({ limit, windowMs: 60_000 }) : undefined,
    onUnreachable: (inbound) => unreachable.push(inbound),
    typingDelayMs: 50,
  });
  return { db, dir, dispatcher, metrics, unreachable, intake };
}

/** What both platforms' harnesses share: waiting for replies, and tearing everything down. */
function waitAndClose(
  c: Common,
  fake: { waitFor(p: () => boolean, ms: number, what: string): Promise<void>; close(): Promise<void> },
  channel: { stop(): Promise<void> },
  app: FastifyInstance | undefined,
  seen: (user: string) => Seen[],
): Pick<PlatformHarness, 'seen' | 'waitSeen' | 'close'> {
  return {
    seen,
    waitSeen: async (user, n) => {
      await fake.waitFor(() => seen(user).length >= n, 10_000, `${n} messages to ${user}`);
      return seen(user);
    },
    close: async () => {
      await channel.stop();
      await c.dispatcher.close(2000);
      await app?.close();
      await fake.close();
      c.db.close();
      rmSync(c.dir, { recursive: true, force: true });
    },
  };
}

export async function telegramHarness(handler: MessageHandler, mode: 'polling' | 'webhook', options: { limit?: number } = {}): Promise<PlatformHarness> {
  const fake = await FakeTelegramServer.start();
  fake.holdMs = 300;
  const c = common(handler, options.limit);
  let app: FastifyInstance | undefined;
  let channel: TelegramChannel;
  if (mode === 'webhook') {
    // The webhook URL needs the server's port, and the server needs the channel's route: listen on a
    // placeholder first to learn a free port, then build the real one on it.
    const port = await freePort();
    channel = new TelegramChannel({
      token: fake.token, apiRoot: fake.url, intake: c.dispatcher, logger: silentLogger,
      mode: { kind: 'webhook', url: `http://127.0.0.1:${port}/webhooks/telegram`, secret: 'test-secret_123' },
    });
    app = buildServer({ logger: silentLogger, metrics: c.metrics, webhooks: [channel.webhook!], readiness: [] });
    await app.listen({ port, host: '127.0.0.1' });
  } else {
    channel = new TelegramChannel({ token: fake.token, apiRoot: fake.url, intake: c.dispatcher, logger: silentLogger, mode: { kind: 'polling' } });
  }
  c.dispatcher.register(channel.sender);
  await channel.start();
  const deliver = async (update: Record<string, unknown>) => {
    if (mode === 'polling') fake.queueUpdate(update);
    else {
      const res = await fake.deliverWebhook(update);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    }
  };
  const seen = (user: string): Seen[] =>
    fake.ok('sendMessage')
      .filter((call) => String(call.payload.chat_id) === user)
      .map((call) => {
        const kb = (call.payload.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard;
        const buttons = kb?.flat();
        return buttons ? { text: String(call.payload.text), buttons: buttons.map((b) => b.text), actions: buttons.map((b) => b.callback_data) } : { text: String(call.payload.text) };
      });
  return {
    platform: 'telegram', mode, fake, db: c.db, unreachable: c.unreachable, metrics: c.metrics, maxText: 4096,
    pending: () => c.intake.pendingCount(),
    text: (user, text) => deliver(fake.textUpdate(Number(user), text)),
    choose: (user, n, s) => deliver(fake.callbackUpdate(Number(user), s.actions?.[n - 1] ?? 'missing')),
    sticker: (user) => deliver(fake.stickerUpdate(Number(user))),
    photo: (user, bytes, caption) => deliver(fake.photoUpdate(Number(user), bytes, caption)),
    duplicateText: async (user, text) => {
      const u = fake.textUpdate(Number(user), text);
      await deliver(u);
      await deliver(u);
    },
    ...waitAndClose(c, fake, channel, app, seen),
  };
}

export async function zaloHarness(handler: MessageHandler, mode: 'polling' | 'webhook', options: { limit?: number } = {}): Promise<PlatformHarness> {
  const fake = await FakeZaloServer.start();
  fake.holdMs = 300;
  const c = common(handler, options.limit);
  const client = new ZaloClient({ token: fake.token, apiUrl: fake.url, timeoutMs: 5000 });
  let app: FastifyInstance | undefined;
  let channel: ZaloChannel;
  if (mode === 'webhook') {
    const port = await freePort();
    channel = new ZaloChannel({
      client, intake: c.dispatcher, logger: silentLogger,
      mode: { kind: 'webhook', url: `http://127.0.0.1:${port}/webhooks/zalo`, secret: 'zalo-secret-123' },
    });
    app = buildServer({ logger: silentLogger, metrics: c.metrics, webhooks: [channel.webhook!], readiness: [] });
    await app.listen({ port, host: '127.0.0.1' });
  } else {
    channel = new ZaloChannel({ client, intake: c.dispatcher, logger: silentLogger, mode: { kind: 'polling', pollTimeoutSeconds: 1 } });
  }
  c.dispatcher.register(new ZaloSender({ client, logger: silentLogger }));
  await channel.start();
  let wrapped = false;
  const deliver = async (update: Record<string, unknown>) => {
    if (mode === 'polling') fake.queueUpdate(update);
    else {
      // Alternate bare and wrapped bodies: both shapes must work.
      wrapped = !wrapped;
      const res = await fake.deliverWebhook(update, { wrapped });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    }
  };
  const seen = (user: string): Seen[] => fake.sentTexts(user).map((text) => ({ text }));
  return {
    platform: 'zalo', mode, fake, db: c.db, unreachable: c.unreachable, metrics: c.metrics, maxText: 2000,
    pending: () => c.intake.pendingCount(),
    text: (user, text) => deliver(fake.textUpdate(user, text)),
    photo: (user, bytes, caption) => deliver(fake.photoUpdate(user, bytes, caption)),
    choose: (user, n) => deliver(fake.textUpdate(user, String(n))),
    sticker: (user) => deliver(fake.mediaUpdate('sticker', user)),
    duplicateText: async (user, text) => {
      const u = fake.textUpdate(user, text);
      await deliver(u);
      await deliver(u);
    },
    ...waitAndClose(c, fake, channel, app, seen),
  };
}

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

