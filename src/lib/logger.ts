/**
 * A tiny structured logger: one JSON line per event on stderr.
 * Never pass tokens, secrets or full message texts at info level; use {@link redact} on anything
 * that might contain a bot token (URLs of platform calls carry it in the path).
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
    .replace(/bot[^/\s]+:[^/\s]+/g, 'bot***')
    .replace(/\b\d{5,}:[A-Za-z0-9_-]{20,}\b/g, '***');
}

/** Creates a logger writing to `sink` (stderr by default) at or above `level`. */
export function createLogger(
  level: LogLevel = 'info',
  base: Record<string, unknown> = {},
  sink: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const min = ORDER[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const record: Record<string, unknown> = { t: new Date().toISOString(), level: lvl, msg: redact(msg), ...base, ...fields };
    if (record.err instanceof Error) {
      const e = record.err;
      record.err = { name: e.name, message: redact(e.message) };
    }
    sink(redact(JSON.stringify(record)));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, sink),
  };
}

/** A logger that discards everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger('silent');
