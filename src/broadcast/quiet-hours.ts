/**
 * Quiet hours in Vietnam time (UTC+7, no daylight saving): announcements wait until morning.
 * `start`–`end` in whole hours, e.g. 21–7 (the default): 21:00 to 06:59 is quiet. start = end: never quiet.
 */
export interface QuietHours {
  start: number;
  end: number;
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

function vnHour(at: Date): number {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCHours();
}

export function isQuiet(q: QuietHours, at: Date): boolean {
  if (q.start === q.end) return false;
  const h = vnHour(at);
  return q.start < q.end ? h >= q.start && h < q.end : h >= q.start || h < q.end;
}

/** When quiet hours end (the next `end`:00 Vietnam time), or `at` itself when it is not quiet. */
export function quietUntil(q: QuietHours, at: Date): Date {
  if (!isQuiet(q, at)) return at;
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const end = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), q.end) - VIETNAM_OFFSET_MS;
  return new Date(end > at.getTime() ? end : end + 86_400_000);
}

/** Parses "21-7" (hours, Vietnam time). */
export function parseQuietHours(text: string): QuietHours | undefined {
  const m = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return start <= 23 && end <= 23 ? { start, end } : undefined;
}

/** The default quiet hours: 21:00–07:00 Vietnam time (QUIET_HOURS). */
export const DEFAULT_QUIET_HOURS: QuietHours = { start: 21, end: 7 };
