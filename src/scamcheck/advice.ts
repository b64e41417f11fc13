import type { RuleData } from './rule-data.js';
import type { Reason, Verdict } from './types.js';

/** The lessons matching the reasons (strongest reason first), at most `max`, without repeats. */
export function pickLessons(reasons: Reason[], data: RuleData, max = 3): string[] {
  const ids: string[] = [];
  for (const r of [...reasons].sort((a, b) => b.weight - a.weight)) {
    for (const id of data.lessons.get(r.kind) ?? []) if (!ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, max);
}

/** What to do now (data/advice.yaml): the lines for the kinds found, then where to report. */
export function buildAdvice(verdict: Verdict, reasons: Reason[], data: RuleData): string[] {
  const kinds = new Set(reasons.map((r) => r.kind));
  const lines = data.advice.lines.filter((l) => l.kinds.some((k) => kinds.has(k))).map((l) => l.text);
  if (verdict === 'no-signs') lines.push(data.advice.noSigns);
  else lines.push(data.advice.report);
  return lines;
}
