/**
 * A tiny structured logger: one JSON line per event on stderr.
 * Never pass tokens, secrets or full message texts at info level. Every string in a line (message,
 * fields, error messages) goes through {@link redact} before the line is serialised, so a bot token in
 * a platform URL never reaches the log, and the JSON stays valid.
 *
 * Warnings and errors are rate-limited per message ({@link LogThrottle}): a flood (1,000 forged
 * webhook requests) writes a few lines, counts the rest (`/metrics`: bot_log_lines_suppressed_total),
 * and the next line written says how many were left out (`suppressed`).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Replaces anything that looks like a bot token (`/bot<id>:<secret>` or `<digits>:<secret>`) with `***`. */
export function redact(text: string): string {
  return text
    .replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot***')
    .replace(/\b\d{5,}:[A-Za-z0-9_-]{20,}/g, '***');
}

/** {@link redact} applied to every string inside a value (errors become `{name, message}`). */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 6) return '[…]';
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return redactDeep((toJSON as () => unknown).call(value), depth + 1);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth + 1)]));
}

/**
 * At most `burst` lines per message and level in each `windowMs`; the rest are counted. `admit`
 * returns undefined for a line to leave out, else how many were left out since the last one written.
 */
export class LogThrottle {
  private readonly windows = new Map<string, { start: number; count: number; suppressed: number }>();
  /** Lines left out since the start, per `level\tmessage`. */
  readonly totals = new Map<string, number>();

  constructor(
    readonly burst = 10,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  admit(level: string, msg: string): number | undefined {
    const key = `${level}\t${msg}`;
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      this.windows.set(key, { start: t, count: 1, suppressed: 0 });
      return w?.suppressed ?? 0;
    }
    if (w.count < this.burst) {
      w.count++;
      return 0;
    }
    w.suppressed++;
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    return undefined;
  }

  /** Lines left out so far, as `[{level, msg}, count]` (for `/metrics`). */
  suppressedSeries(): Array<[{ level: string; msg: string }, number]> {
    return [...this.totals].map(([key, n]) => {
      const [level = '', msg = ''] = key.split('\t');
      return [{ level, msg }, n];
    });
  }
}

/** The throttle shared by every logger of the process (read by `/metrics`). */
export const processLogThrottle = new LogThrottle();

/** Creates a logger writing to `sink` (stderr by default) at or above `level`. */
export function createLogger(
  level: LogLevel = 'info',
  base: Record<string, unknown> = {},
  sink: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  throttle: LogThrottle = processLogThrottle,
): Logger {
  const min = ORDER[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    let suppressed = 0;
    if (lvl === 'warn' || lvl === 'error') {
      const admitted = throttle.admit(lvl, msg);
      if (admitted === undefined) return;
      suppressed = admitted;
    }
    const record = redactDeep({ t: new Date().toISOString(), level: lvl, msg, ...base, ...fields }) as Record<string, unknown>;
    if (suppressed > 0) record.suppressed = suppressed;
    sink(JSON.stringify(record));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, sink, throttle),
  };
}

/** A logger that discards everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger('silent');
