import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createAssistant } from './assistant/create.js';
import { ChannelAuthError, type Channel, type WebhookEndpoint } from './channels/contract.js';
import { Dispatcher } from './channels/dispatcher.js';
import { SendHealth } from './channels/send-health.js';
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
import { BroadcastService } from './broadcast/broadcast-service.js';
import { DeliveryThread } from './delivery-thread.js';
import { ReminderService } from './broadcast/reminders.js';
import type { ChannelId } from './core/types.js';
import { CurriculumIndex } from './learning/curriculum-index.js';
import { ProgressService } from './learning/progress-service.js';
import { ReviewScheduler } from './learning/review-scheduler.js';
import { OfficerService } from './officers/officer-service.js';
import { ProgressRepository } from './store/progress-repository.js';
import { QuizRepository } from './store/quiz-repository.js';
import { ReviewCardRepository } from './store/review-card-repository.js';
import { AuditRepository } from './store/audit-repository.js';
import { BroadcastRepository } from './store/broadcast-repository.js';
import { checkpoint, openDatabase } from './store/database.js';
import { OfficerRepository } from './store/officer-repository.js';
import { Counter, Gauge } from './web/prometheus.js';
import { IntakeRepository } from './store/intake-repository.js';
import { LearnerRepository } from './store/learner-repository.js';
import { SettingsRepository } from './store/settings-repository.js';
import { WriteHealth } from './store/write-health.js';
import { countAnswers, ServiceMetrics } from './web/metrics.js';
import { ServiceAnnouncementDesk } from './web/admin/announcement-desk.js';
import { buildServer } from './web/server.js';
import { wireConversation } from './wiring.js';
import { wireDashboard } from './web/admin/wire.js';

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
  // The parts made before the metrics registry and the dispatcher reach each other through this holder.
  const late: { worker?: DeliveryThread; delivered?: Counter } = {};
  try {
    // Announcements are sent from a thread of their own (own SQLite connection and platform clients),
    // so a large broadcast does not slow citizens' replies on this event loop. Started first: it boots
    // while the rest of the service loads.
    const worker = new DeliveryThread({
      data: {
        databasePath: config.DATABASE_PATH,
        platforms: {
          telegram: config.TELEGRAM_BOT_TOKEN ? { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT } : undefined,
          zalo: config.ZALO_BOT_TOKEN ? { token: config.ZALO_BOT_TOKEN, apiUrl: config.ZALO_API_URL } : undefined,
          timeoutMs: config.PLATFORM_TIMEOUT_MS,
        },
        rates: { telegram: config.BROADCAST_RATE_TELEGRAM, zalo: config.BROADCAST_RATE_ZALO },
        concurrency: config.BROADCAST_CONCURRENCY,
        quietHours: config.QUIET_HOURS,
        logLevel: config.LOG_LEVEL,
      },
      onOutcome: (channel, outcome, n) => late.delivered?.inc({ channel, outcome }, n),
      logger: logger.child({ part: 'broadcast' }),
    });
    late.worker = worker;
    const curriculum = loadCurriculum(config.CONTENT_DIR);
    const settings = new SettingsRepository(db);
    const intake = new IntakeRepository(db);
    const metrics = new ServiceMetrics(() => (closed ? 0 : intake.pendingCount()));
    const baseAssistant = await createAssistant(config, curriculum, { db, logger: logger.child({ part: 'assistant' }) });
    const assistant = countAnswers(baseAssistant, metrics);
    const communeList = loadCommunes(join(config.CONTENT_DIR, 'communes.yaml'));
    const communes = communeList.communes;
    // Announcements: officers and the queue (the delivery thread, above, sends them).
    const audit = new AuditRepository(db);
    const broadcastRepo = new BroadcastRepository(db);
    const officers = new OfficerService(new OfficerRepository(db), audit, new Set(communes.map((c) => c.code)));
    const deliverable: ChannelId[] = [];
    if (config.TELEGRAM_BOT_TOKEN) deliverable.push('telegram');
    if (config.ZALO_BOT_TOKEN) deliverable.push('zalo');
    const broadcasts = new BroadcastService({
      repo: broadcastRepo,
      officers,
      audit,
      channels: deliverable,
      quietHours: config.QUIET_HOURS,
      onQueued: () => late.worker?.kick(),
    });
    // The links the bot sends after /dangnhap start with PUBLIC_URL, else with the address listened on.
    let serverUrl = '';
    const dashboard = wireDashboard(db, config, {
      communes: communeList,
      topics: curriculum.topics,
      settings,
      baseUrl: () => config.PUBLIC_URL ?? serverUrl,
      logger: logger.child({ part: 'dashboard' }),
      announcements: new ServiceAnnouncementDesk(broadcasts),
    });
    const conversation = wireConversation(db, curriculum, assistant, {
      communes,
      logger: logger.child({ part: 'conversation' }),
      officer: { officers, broadcasts },
      signIn: dashboard.signIn,
      questions: dashboard.questions,
    });
    const learners = new LearnerRepository(db);
    const writeHealth = new WriteHealth();
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
      writeHealth,
      onUnreachable: (inbound) => {
        if (!closed) learners.setUnreachable(inbound.channel, inbound.userId, true, new Date());
      },
      onInFlight: (n) => late.worker?.citizensInFlight(n),
    });

    // Platforms whose sends fail or hang for 3 call deadlines turn /readyz unready (with the reason).
    const sendHealth = new SendHealth(3 * config.PLATFORM_TIMEOUT_MS, metrics);
    const channels: Channel[] = [];
    if (config.TELEGRAM_BOT_TOKEN) {
      const url = config.TELEGRAM_WEBHOOK_URL;
      const telegram = new TelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        timeoutMs: config.PLATFORM_TIMEOUT_MS,
        intake: dispatcher,
        logger: logger.child({ channel: 'telegram' }),
        mode: url
          ? { kind: 'webhook', url, secret: webhookSecret(settings, config.TELEGRAM_WEBHOOK_SECRET, 'telegram.webhook_secret') }
          : { kind: 'polling' },
      });
      dispatcher.register(sendHealth.monitor(telegram.sender));
      channels.push(telegram);
    }
    if (config.ZALO_BOT_TOKEN) {
      const url = config.ZALO_WEBHOOK_URL;
      const client = new ZaloClient({ token: config.ZALO_BOT_TOKEN, apiUrl: config.ZALO_API_URL, timeoutMs: config.PLATFORM_TIMEOUT_MS });
      const zaloLogger = logger.child({ channel: 'zalo' });
      dispatcher.register(sendHealth.monitor(new ZaloSender({ client, logger: zaloLogger })));
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

    late.delivered = metrics.registry.register(
      new Counter('bot_broadcast_messages_total', 'Announcement and reminder deliveries since start, per channel and outcome (sent, failed, blocked, retry, in-doubt).'),
    );
    metrics.registry.register(
      new Gauge('bot_broadcast_recipients', 'Announcement and reminder recipient rows by state (queued, sending, sent, failed, blocked, in-doubt, skipped).', () =>
        closed ? [] : Object.entries(broadcastRepo.totals()).map(([state, n]) => [{ state }, n]),
      ),
    );
    metrics.registry.register(
      new Gauge('bot_broadcast_in_doubt_at_start', 'Rows found in flight at start (left by a crash) and marked in-doubt.', () => late.worker?.stats.inDoubtAtStart ?? 0),
    );
    const reminders = new ReminderService({
      repo: broadcastRepo,
      settings,
      audit,
      learners,
      progress: new ProgressService(new CurriculumIndex(curriculum), new ProgressRepository(db), new QuizRepository(db), new ReviewScheduler(new ReviewCardRepository(db)), learners),
      channels: deliverable,
      onQueued: () => late.worker?.kick(),
    });

    const app = buildServer({
      logger: logger.child({ part: 'http' }),
      metrics,
      webhooks: channels.map((c) => c.webhook).filter((w): w is WebhookEndpoint => w !== undefined),
      readiness: [
        {
          name: 'database',
          ready: () => !closed && db.open && !writeHealth.failing,
          reason: () => (closed || !db.open ? 'closed' : writeHealth.problem()),
        },
        { name: 'content', ready: () => curriculum.lessons.length > 0 },
        ...channels.map((c) => ({
          name: c.id,
          ready: () => c.isReady() && sendHealth.problem(c.id) === undefined,
          reason: () => (c.isReady() ? sendHealth.problem(c.id) : 'not connected'),
        })),
      ],
      plugins: [(a) => webChat.register(a), dashboard.register],
      trustProxy: config.TRUST_PROXY || (config.PUBLIC_URL?.startsWith('https:') ? '127.0.0.1,::1' : false),
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
    serverUrl = url;
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
    // Announcements resume after the recovery of citizens' updates: rows a crash left in flight become in-doubt.
    worker.start();
    const remind = () => {
      try {
        const r = reminders.runOnce();
        if (r.recipients > 0) logger.info('reminders queued', { broadcast: r.id, recipients: r.recipients });
      } catch (err) {
        logger.error('reminders failed', { err });
      }
    };
    remind();
    const reminderTimer = setInterval(remind, 3_600_000);
    reminderTimer.unref();

    const pruneWeb = () => {
      const n = pruneIdleWebLearners(learners, config.WEB_IDLE_DAYS, new Date());
      if (n > 0) logger.info('idle web-chat learners deleted', { count: n, idleDays: config.WEB_IDLE_DAYS });
    };
    pruneWeb();
    let sweeps = 0;
    // Failed deliveries stay pending: retry them every minute; forget dedupe keys after a week;
    // checkpoint the WAL; delete idle web-chat learners every hour.
    const sweep = setInterval(() => {
      if (++sweeps % 60 === 0) {
        try {
          pruneWeb();
        } catch (err) {
          logger.error('web learner prune failed', { err });
        }
      }
      try {
        if (writeHealth.failing) {
          // A small write tells whether the disk has room again (only while writes are failing).
          settings.set('health.write_probe', new Date().toISOString());
          writeHealth.ok();
        }
      } catch (err) {
        writeHealth.failed(err);
      }
      try {
        dispatcher.recover();
        intake.prune(7 * 86_400_000);
        // Handled text (and deleted learners) leave the WAL within a minute.
        checkpoint(db);
      } catch (err) {
        logger.error('intake sweep failed', { err });
      }
    }, 60_000);
    sweep.unref();

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        clearInterval(sweep);
        clearInterval(reminderTimer);
        await Promise.allSettled(channels.map((c) => c.stop()));
        // Keep-alive connections (a web-chat browser tab) would hold app.close() until they time out
        // (72 s): close each as soon as it is idle, and every connection after 8 s.
        const closeIdle = setInterval(() => app.server.closeIdleConnections(), 200);
        const closeAll = setTimeout(() => app.server.closeAllConnections(), 8_000);
        try {
          await Promise.all([dispatcher.close(8_000), app.close(), worker.stop()]);
        } finally {
          clearInterval(closeIdle);
          clearTimeout(closeAll);
        }
        await baseAssistant.close?.().catch((err: unknown) => logger.error('assistant close failed', { err }));
        closed = true;
        db.close();
        logger.info('stopped');
      })());
    return { url, platforms: channels.map((c) => c.id), stop, fatal };
  } catch (err) {
    closed = true;
    void late.worker?.stop(1000);
    db.close();
    throw err;
  }
}
