import { existsSync } from 'node:fs';
import { z } from 'zod';
import { parseQuietHours } from './broadcast/quiet-hours.js';

/**
 * Every setting the service reads from the environment, validated in one place.
 * A wrong value stops start-up with a message naming the variable and what is expected
 * (see {@link ConfigError}); nothing else in the code reads `process.env`.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url({ message: 'phải là một URL đầy đủ, ví dụ https://example.org/path' }).optional())
  .optional();

/** A platform webhook's public URL: the platforms only call HTTPS addresses. */
const webhookUrl = optionalUrl.refine((v) => v === undefined || /^https:\/\//i.test(v), {
  message:
    'phải là địa chỉ https:// (Telegram và Zalo chỉ gửi webhook tới HTTPS). Đặt dịch vụ sau một reverse proxy có chứng chỉ (Caddy, nginx) rồi dùng địa chỉ https:// của nó, hoặc bỏ trống để dùng polling',
});

const intIn = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `phải là số nguyên từ ${min} đến ${max}` })
    .int({ message: `phải là số nguyên từ ${min} đến ${max}` })
    .min(min, { message: `phải là số nguyên từ ${min} đến ${max}` })
    .max(max, { message: `phải là số nguyên từ ${min} đến ${max}` })
    .default(fallback);

const secret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,256}$/, { message: 'phải dài 8–256 ký tự, chỉ gồm A-Z a-z 0-9 _ -' })
      .optional(),
  )
  .optional();

const schema = z.object({
  PORT: intIn(0, 65535, 3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().trim().min(1).default('./data/app.db'),
  CONTENT_DIR: z.string().trim().min(1).default('./content'),
  PROMPTS_DIR: z.string().trim().min(1).default('./prompts'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], {
    message: 'phải là một trong: debug, info, warn, error, silent',
  }).default('info'),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: webhookUrl,
  TELEGRAM_WEBHOOK_SECRET: secret,

  ZALO_BOT_TOKEN: optionalString,
  ZALO_API_URL: optionalUrl,
  ZALO_WEBHOOK_URL: webhookUrl,
  ZALO_WEBHOOK_SECRET: secret,

  RATE_LIMIT_MESSAGES: intIn(1, 1000, 6),
  RATE_LIMIT_WINDOW_SECONDS: intIn(1, 3600, 10),
  MAX_CONCURRENT_CHATS: intIn(1, 1000, 16),
  /** Web chat: new sessions one client address may open per 10 minutes. */
  WEB_NEW_SESSIONS_PER_ADDRESS: intIn(1, 100_000, 30),
  /** Web chat: a learner of the web channel idle this many days is deleted with all their data. */
  WEB_IDLE_DAYS: intIn(1, 3650, 30),
  /** The service runs behind a reverse proxy: take the client address from X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0', ''], { message: 'phải là true hoặc false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  PLATFORM_TIMEOUT_MS: intIn(100, 300_000, 10_000),

  BROADCAST_RATE_TELEGRAM: z.coerce
    .number({ message: 'phải là số tin mỗi giây, từ 0.1 đến 10000' })
    .min(0.1, { message: 'phải là số tin mỗi giây, từ 0.1 đến 10000' })
    .max(10_000, { message: 'phải là số tin mỗi giây, từ 0.1 đến 10000' })
    .default(25),
  BROADCAST_RATE_ZALO: z.coerce
    .number({ message: 'phải là số tin mỗi giây, từ 0.1 đến 10000' })
    .min(0.1, { message: 'phải là số tin mỗi giây, từ 0.1 đến 10000' })
    .max(10_000, { message: 'phải là số tin mỗi giây, từ 0.1 đến 10000' })
    .default(5),
  BROADCAST_CONCURRENCY: intIn(1, 256, 8),
  QUIET_HOURS: z
    .string()
    .trim()
    .default('21-7')
    .transform((v, ctx) => {
      const q = parseQuietHours(v);
      if (!q) {
        ctx.addIssue({ code: 'custom', message: 'phải có dạng "giờ bắt đầu-giờ kết thúc" theo giờ Việt Nam, ví dụ 21-7 (0-0: không có giờ nghỉ)' });
        return z.NEVER;
      }
      return q;
    }),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: optionalString,
  LLM_TIMEOUT_MS: intIn(100, 600_000, 20_000),
  LLM_DAILY_TOKEN_LIMIT: intIn(0, 1_000_000_000, 0),

  // Officers' dashboard (/admin): the public base of sign-in links (default: the server's own address);
  // https there also means Secure cookies and trusting a reverse proxy on 127.0.0.1.
  PUBLIC_URL: optionalUrl,
  ADMIN_SESSION_IDLE_MINUTES: intIn(1, 7 * 24 * 60, 480),
});

export type Config = z.infer<typeof schema>;

/** A configuration problem; `message` names every bad variable and what it expects. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Parses and validates the given environment (defaults to `process.env`).
 * Throws {@link ConfigError} listing each bad variable as `NAME: what is expected`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const given = env[name];
      const shown = name.includes('TOKEN') || name.includes('SECRET') || name.includes('KEY') ? '***' : JSON.stringify(given);
      return `${name}: ${issue.message} (đang là ${shown})`;
    });
    throw new ConfigError(problems);
  }
  return result.data;
}

/** Loads `.env` from the working directory into `process.env` when the file exists (never overrides). */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** True when an OpenAI-compatible model is configured (a key or a base URL). */
export function hasLlm(config: Config): boolean {
  return Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
}
