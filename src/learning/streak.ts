/** Vietnam is UTC+7 all year; "a day" for streaks is the learner's local calendar day. */
export const VIETNAM_OFFSET_MINUTES = 7 * 60;

/** The local calendar day of `now` as YYYY-MM-DD. */
export function localDay(now: Date, offsetMinutes = VIETNAM_OFFSET_MINUTES): string {
  return new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Consecutive active days ending today (or yesterday: the streak is not lost until a whole day is missed).
 * `days` may be in any order and contain duplicates.
 */
export function streakLength(days: readonly string[], today: string): number {
  const set = new Set(days);
  let day = set.has(today) ? today : previousDay(today);
  let n = 0;
  while (set.has(day)) {
    n++;
    day = previousDay(day);
  }
  return n;
}
