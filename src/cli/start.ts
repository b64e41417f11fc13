import { loadConfig, loadDotEnv } from '../config.js';
import { createLogger } from '../lib/logger.js';
import { startService } from '../main.js';
import { operatorMessage } from './operator-errors.js';

/** Signals this close to the first one are the same request to stop, delivered twice. */
const DUPLICATE_SIGNAL_MS = 1000;

/**
 * `npm start`: runs the service until SIGTERM/SIGINT. The first signal stops gracefully (intake
 * stopped, in-flight work finished or left pending for the next start, database closed); a second
 * signal exits at once. Configuration errors are printed by src/cli.ts (exit 1).
 */

export async function run(_args: string[]): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const service = await startService(config, logger);

  console.log(`Dịch vụ đang chạy: ${service.url}`);
  if (service.platforms.length === 0) {
    console.log(`Chưa cấu hình Telegram hay Zalo (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN).`);
  } else {
    console.log(`Kênh đang bật: ${service.platforms.join(', ')}`);
  }
  console.log(`Trò chuyện thử trên trình duyệt: ${service.url}/`);

  return new Promise<number>((resolve) => {
    let firstSignalAt: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstSignalAt !== undefined) {
        // A supervisor that signals the whole process group (systemd's default KillMode, `timeout`, a
        // shell job) reaches this process twice at once: directly and forwarded by `npm start`. Only a
        // second signal a moment later (a person pressing Ctrl+C again) means "exit now".
        if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
        logger.warn('second signal: exiting now', { signal });
        process.exit(130);
      }
      firstSignalAt = Date.now();
      logger.info('stopping', { signal });
      console.log('Đang dừng dịch vụ… (nhấn Ctrl+C lần nữa để thoát ngay)');
      const exitSoon = (code: number) => {
        // Everything is closed; a platform request still hanging must not keep the process alive.
        setTimeout(() => process.exit(code), 2000).unref();
        resolve(code);
      };
      service.stop().then(
        () => exitSoon(0),
        (err: unknown) => {
          logger.error('stop failed', { err });
          exitSoon(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // A platform refused its token: say which setting is wrong, stop, exit 1.
    void service.fatal.then((err) => {
      if (firstSignalAt !== undefined) return; // already stopping
      firstSignalAt = Date.now();
      console.error(operatorMessage(err) ?? err.message);
      service.stop().then(
        () => resolve(1),
        () => resolve(1),
      );
    });
  });
}
