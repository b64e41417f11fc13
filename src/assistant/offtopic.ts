import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { foldForMatching } from './smalltalk.js';

/**
 * Subjects the lessons never teach (opening hours, weather, lottery, cooking, symptoms, prices, exams,
 * vehicles, marriage and land…), declined before searching: they share everyday words with the lessons
 * ("đăng ký", "giờ", "mua", "xe"), so the closest passage can look close enough. A message that also
 * names, outside those words, something the lessons are about (an anchor: a scam, VNeID, OTP, a link…)
 * is searched as usual.
 * Subjects and anchors live in `lexicon/offtopic.yaml`.
 */
interface OffTopicFile {
  subjects: Record<string, string[]>;
  anchors: string[];
  in_scope: string[];
}

const data = parse(readFileSync(new URL('./lexicon/offtopic.yaml', import.meta.url), 'utf8')) as OffTopicFile;
const SUBJECTS = Object.entries(data.subjects).flatMap(([subject, list]) => list.map((p) => ({ subject, re: new RegExp(p) })));
const ANCHORS = data.anchors.map((p) => new RegExp(p));
const IN_SCOPE = data.in_scope.map((p) => new RegExp(p));

/**
 * True when the message names something only the lessons are about (a scam, VNeID, OTP, VietQR…): then
 * weak evidence means "ask back", not "not covered".
 */
export function namesLessonSubject(text: string): boolean {
  const folded = foldForMatching(text);
  return IN_SCOPE.some((re) => re.test(folded));
}

/** The subject outside the lessons that the message is about, or undefined (in scope, or unsure). */
export function offTopicSubject(text: string): string | undefined {
  const folded = foldForMatching(text);
  const hit = SUBJECTS.find((s) => s.re.test(folded));
  if (!hit) return undefined;
  // Anchors count outside the subject's own words ("trồng lúa" is not "lừa", folded alike).
  const span = hit.re.exec(folded)!;
  const [from, to] = [span.index, span.index + span[0].length];
  const outside = (re: RegExp) =>
    [...folded.matchAll(new RegExp(re.source, 'g'))].some((m) => m.index < from || m.index + m[0].length > to);
  return ANCHORS.some(outside) ? undefined : hit.subject;
}
