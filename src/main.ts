import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createAssistant } from './assistant/create.js';
import { ChannelAuthError, type Channel, type WebhookEndpoint } from './channels/contract.js';
import { Dispatcher } from './channels/dispatcher.js';
import { TelegramChannel } from './channels/telegram/channel.js';
import { pruneIdleWebLearners } from './channels/web/prune.js';
import { SessionSigner } from './channels/web/session-token.js';
import { WebChat } from './channels/web/webchat.js';
import { ZaloClient } from './channels/zalo/client.js';
import { ZaloChannel } from './channels/zalo/channel.js';
import { ZaloSender } from './channels/zalo/sender.js';
import { ConfigError, type Config } from './config.js';
import { loadCurriculum } from './content/loader.js';
import { loadCommunes } from './learning/communes-loader.js';
import { KeyedQueue } from './lib/keyed-queue.js';
import type { Logger } from './lib/logger.js';
import { RateLimiter } from './lib/rate-limit.js';
import { openDatabase } from './store/database.js';
import { IntakeRepository } from './store/intake-repository.js';
import { LearnerRepository } from './store/learner-repository.js';
import { SettingsRepository } from './store/settings-repository.js';
import { countAnswers, ServiceMetrics } from './web/metrics.js';
import { buildServer } from './web/server.js';
import { wireConversation } from './wiring.js';

/**
 * The composition root (DESIGN.md): config → database → content → assistant → Conversation →
 * channels → web server. With src/wiring.ts (the Conversation's parts, shared with the terminal chat), the
 * only place that wires concrete classes together.
 */

/** The running service, as `npm start` holds it. */
export interface Service {
  /** The web server's address, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Channel ids started (telegram, zalo) besides the web chat. */
  platforms: string[];
  /** Graceful stop: intake stopped, in-flight work finished or left pending, database closed. */
  stop(): Promise<void>;
  /** Settles with the reason when the service cannot run after all (a platform refused its token). */
  fatal: Promise<Error>;
}

/** Turns a listen failure into a message naming PORT or HOST and what to do. */
function listenError(err: unknown, port: number, host: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new ConfigError([
        `PORT: cổng ${port} trên ${host} đang có chương trình khác dùng. Dừng chương trình đó, hoặc đặt PORT sang cổng khác (ví dụ PORT=${port === 65535 ? 3001 : port + 1}).`,
      ]);
    case 'EACCES':
      return new ConfigError([`PORT: không được phép mở cổng ${port} (cổng dưới 1024 cần quyền quản trị). Đặt PORT từ 1024 trở lên, ví dụ PORT=3000.`]);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EADDRNOTAVAIL':
      return new ConfigError([
        `HOST: không dùng được địa chỉ "${host}" (${code}: không có trên máy này hoặc không tra được tên). Đặt HOST=127.0.0.1 (chỉ máy này), HOST=0.0.0.0 (mọi mạng), hoặc một địa chỉ IP của máy này.`,
      ]);
    default:
      return err;
  }
}

/** Button presses get this many times the message budget (RATE_LIMIT_MESSAGES). */
const BUTTON_BUDGET = 5;

/** A webhook secret: the configured one, or a strong random one generated once and kept in SQLite. */
function webhookSecret(settings: SettingsRepository, configured: string | undefined, key: string): string {
  return configured ?? settings.getOrCreate(key, () => randomBytes(32).toString('base64url'));
}

/** Starts everything; resolves once the web server listens (platform connections continue in the background). */
export async function startService(config: Config, logger: Logger): Promise<Service> {
  const db = openDatabase(config.DATABASE_PATH);
  let closed = false;
  try {
    const curriculum = loadCurriculum(config.CONTENT_DIR);
    const settings = new SettingsRepository(db);
    const intake = new IntakeRepository(db);
    const metrics = new ServiceMetrics(() => (closed ? 0 : intake.pendingCount()));
    const baseAssistant = await createAssistant(config, curriculum, { db, logger: logger.child({ part: 'assistant' }) });
    const assistant = countAnswers(baseAssistant, metrics);
    const conversation = wireConversation(db, curriculum, assistant, {
      communes: loadCommunes(join(config.CONTENT_DIR, 'communes.yaml')).communes,
      logger: logger.child({ part: 'conversation' }),
    });
    const learners = new LearnerRepository(db);
    // The dispatcher's bounded queue is its own: the Conversation keeps its private per-person queue,
    // so a task holding a slot never waits for another slot of the same queue.
    const dispatcher = new Dispatcher({
      intake,
      handler: conversation,
      queue: new KeyedQueue({ concurrency: config.MAX_CONCURRENT_CHATS }),
      logger: logger.child({ part: 'dispatch' }),
      limiter: new RateLimiter({ limit: config.RATE_LIMIT_MESSAGES, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 }),
      // Button presses (paging a lesson with "Tiếp") are cheap: their own budget, five times larger.
      buttonLimiter: new RateLimiter({ limit: config.RATE_LIMIT_MESSAGES * BUTTON_BUDGET, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 }),
      observer: metrics,
      onUnreachable: (inbound) => {
        if (!closed) learners.setUnreachable(inbound.channel, inbound.userId, true, new Date());
      },
    });

    const channels: Channel[] = [];
    if (config.TELEGRAM_BOT_TOKEN) {
      const url = config.TELEGRAM_WEBHOOK_URL;
      const telegram = new TelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        intake: dispatcher,
        logger: logger.child({ channel: 'telegram' }),
        mode: url
          ? { kind: 'webhook', url, secret: webhookSecret(settings, config.TELEGRAM_WEBHOOK_SECRET, 'telegram.webhook_secret') }
          : { kind: 'polling' },
      });
      dispatcher.register(telegram.sender);
      channels.push(telegram);
    }
    if (config.ZALO_BOT_TOKEN) {
      const url = config.ZALO_WEBHOOK_URL;
      const client = new ZaloClient({ token: config.ZALO_BOT_TOKEN, apiUrl: config.ZALO_API_URL });
      const zaloLogger = logger.child({ channel: 'zalo' });
      dispatcher.register(new ZaloSender({ client, logger: zaloLogger }));
      channels.push(
        new ZaloChannel({
          client,
          intake: dispatcher,
          logger: zaloLogger,
          mode: url
            ? { kind: 'webhook', url, secret: webhookSecret(settings, config.ZALO_WEBHOOK_SECRET, 'zalo.webhook_secret') }
            : { kind: 'polling' },
        }),
      );
    }
    const paths = channels.map((c) => c.webhook?.path).filter((p): p is string => p !== undefined);
    if (new Set(paths).size < paths.length || paths.includes('/api/chat')) {
      throw new ConfigError([
        'TELEGRAM_WEBHOOK_URL, ZALO_WEBHOOK_URL: mỗi kênh cần một đường dẫn riêng, khác /api/chat (ví dụ …/webhooks/telegram và …/webhooks/zalo)',
      ]);
    }
    const webChat = new WebChat({
      intake: dispatcher,
      signer: new SessionSigner(settings.getOrCreate('web.session_secret', () => randomBytes(32).toString('base64url'))),
      greeting: (session) => conversation.greeting('web', session),
      newSessions: new RateLimiter({ limit: config.WEB_NEW_SESSIONS_PER_ADDRESS, windowMs: 600_000 }),
    });
    dispatcher.register(webChat);

    const app = buildServer({
      logger: logger.child({ part: 'http' }),
      metrics,
      webhooks: channels.map((c) => c.webhook).filter((w): w is WebhookEndpoint => w !== undefined),
      readiness: [
        { name: 'database', ready: () => !closed && db.open },
        { name: 'content', ready: () => curriculum.lessons.length > 0 },
        ...channels.map((c) => ({ name: c.id, ready: () => c.isReady() })),
      ],
      plugins: [(a) => webChat.register(a)],
      trustProxy: config.TRUST_PROXY,
    });

    // Finish what a previous run left (crash between recording and answering) before taking new updates.
    const recovered = dispatcher.recover();
    if (recovered > 0) logger.info('recovering unfinished updates', { count: recovered });
    let address: string;
    try {
      address = await app.listen({ port: config.PORT, host: config.HOST });
    } catch (err) {
      await app.close().catch(() => undefined);
      throw listenError(err, config.PORT, config.HOST);
    }
    const url = address.replace('[::1]', '127.0.0.1');
    logger.info('listening', { url, channels: channels.map((c) => c.id) });
    let reportFatal: (err: Error) => void = () => undefined;
    const fatal = new Promise<Error>((resolve) => (reportFatal = resolve));
    for (const channel of channels) {
      channel.start().catch((err: unknown) => {
        logger.error('channel failed to start', { channel: channel.id, err });
        // A refused token will not fix itself: the service cannot run as configured.
        if (err instanceof ChannelAuthError) reportFatal(err);
      });
    }

    const pruneWeb = () => {
      const n = pruneIdleWebLearners(learners, config.WEB_IDLE_DAYS, new Date());
      if (n > 0) logger.info('idle web-chat learners deleted', { count: n, idleDays: config.WEB_IDLE_DAYS });
    };
    pruneWeb();
    let sweeps = 0;
    // Failed deliveries stay pending: retry them every minute; forget dedupe keys after a week;
    // delete idle web-chat learners every hour.
    const sweep = setInterval(() => {
      if (++sweeps % 60 === 0) {
        try {
          pruneWeb();
        } catch (err) {
          logger.error('web learner prune failed', { err });
        }
      }
      try {
        dispatcher.recover();
        intake.prune(7 * 86_400_000);
      } catch (err) {
        logger.error('intake sweep failed', { err });
      }
    }, 60_000);
    sweep.unref();

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        clearInterval(sweep);
        await Promise.allSettled(channels.map((c) => c.stop()));
        await Promise.all([dispatcher.close(10_000), app.close()]);
        await baseAssistant.close?.().catch((err: unknown) => logger.error('assistant close failed', { err }));
        closed = true;
        db.close();
        logger.info('stopped');
      })());
    return { url, platforms: channels.map((c) => c.id), stop, fatal };
  } catch (err) {
    closed = true;
    db.close();
    throw err;
  }
}
