import { foldDiacritics, normalizeText } from '../knowledge/normalize.js';
import type { Lesson, QuizQuestion } from './schema.js';

/**
 * Mechanical rules that keep quizzes honest (issue 10, item 4), checked per topic by `content:check`:
 * (a) the right choice must not give itself away by its length: it is strictly the longest choice in at
 *     most {@link MAX_LONGEST_SHARE} of a topic's questions, and never more than {@link MAX_LENGTH_RATIO}×
 *     the next longest choice;
 * (b) every question has at least {@link MIN_CHOICES} choices;
 * (d) a topic quiz never asks the same question twice: two questions of a topic are near-duplicates when
 *     the folded words of their questions have a Jaccard similarity ≥ {@link NEAR_DUPLICATE_JACCARD}, or
 *     the words of question + right answer ≥ {@link QUESTION_ANSWER_JACCARD} (the same point asked in
 *     other words: on the audit's four pairs this measure reads 0.61–0.74, other pairs of the 2026-11
 *     curriculum stay ≤ 0.52).
 * Every problem names the offending question as `file: quiz[i]: …` (i counts from 0, as in the file).
 */
export const MAX_LONGEST_SHARE = 0.3;
export const MAX_LENGTH_RATIO = 1.5;
export const MIN_CHOICES = 3;
export const NEAR_DUPLICATE_JACCARD = 0.8;
export const QUESTION_ANSWER_JACCARD = 0.6;

type QuizLesson = Pick<Lesson, 'id' | 'file' | 'topic' | 'audience'> & { quiz: readonly QuizQuestion[] };

/** Length of a choice as a learner sees it (NFC characters, outer spaces trimmed). */
function length(choice: string): number {
  return [...choice.normalize('NFC').trim()].length;
}

export interface LengthCue {
  /** The right choice is strictly longer than every other choice. */
  rightIsLongest: boolean;
  /** Right choice length ÷ longest other choice (≥ 1 only when the right choice is the longest). */
  ratio: number;
}

/** How much the right choice's length stands out among the choices. */
export function lengthCue(q: QuizQuestion): LengthCue {
  const right = length(q.choices[q.answer] ?? '');
  const others = q.choices.filter((_, i) => i !== q.answer).map(length);
  const next = others.length ? Math.max(...others) : 0;
  return { rightIsLongest: right > next, ratio: next > 0 ? right / next : Number.POSITIVE_INFINITY };
}

/** The folded word set of a text, for near-duplicate detection. */
function words(text: string): Set<string> {
  return new Set(
    foldDiacritics(normalizeText(text))
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `“${t.length > 90 ? `${t.slice(0, 89)}…` : t}”`;
}

/** Per-topic measures of the length cue (also printed by `content:stats`). */
export interface TopicQuizStats {
  questions: number;
  rightLongest: number;
  maxRatio: number;
}

export function topicQuizStats(lessons: readonly QuizLesson[]): TopicQuizStats {
  let questions = 0;
  let rightLongest = 0;
  let maxRatio = 0;
  for (const l of lessons) {
    for (const q of l.quiz) {
      questions++;
      const cue = lengthCue(q);
      if (cue.rightIsLongest) {
        rightLongest++;
        maxRatio = Math.max(maxRatio, cue.ratio);
      }
    }
  }
  return { questions, rightLongest, maxRatio };
}

/**
 * Checks rules (a), (b) and (d) on the lessons of one topic (pass only one topic's lessons; citizens'
 * and officers' lessons are checked as separate quizzes, since a topic quiz never mixes them).
 * Returns problems as `file: quiz[i]: what is wrong`.
 */
export function checkTopicQuiz(topic: string, lessons: readonly QuizLesson[]): string[] {
  const problems: string[] = [];
  const all = lessons.flatMap((l) => l.quiz.map((q, i) => ({ l, q, i, where: `${l.file}: quiz[${i}]` })));
  if (all.length === 0) return problems;

  // (b) enough choices
  for (const { q, where } of all) {
    if (q.choices.length < MIN_CHOICES) {
      problems.push(`${where}: cần ít nhất ${MIN_CHOICES} lựa chọn (đang có ${q.choices.length}), mỗi lựa chọn sai là một hiểu lầm có thật: ${quote(q.question)}`);
    }
  }

  // (a) length cue: per question ratio, per topic share
  const longest = all.filter(({ q }) => lengthCue(q).rightIsLongest);
  for (const { q, where } of longest) {
    const { ratio } = lengthCue(q);
    if (ratio > MAX_LENGTH_RATIO) {
      problems.push(`${where}: đáp án đúng dài gấp ${ratio.toFixed(2)} lần lựa chọn dài thứ hai (tối đa ${MAX_LENGTH_RATIO}) — người học đoán được mà không cần hiểu: ${quote(q.question)}`);
    }
  }
  const share = longest.length / all.length;
  if (share > MAX_LONGEST_SHARE) {
    const pct = Math.round(share * 100);
    for (const { q, where } of longest) {
      problems.push(`${where}: đáp án đúng là lựa chọn dài nhất — chủ đề "${topic}" có ${longest.length}/${all.length} câu (${pct} %) như vậy, tối đa ${Math.round(MAX_LONGEST_SHARE * 100)} %; hãy làm một lựa chọn sai dài bằng hoặc hơn: ${quote(q.question)}`);
    }
  }

  // (d) near-duplicates within the topic
  const keyed = all.map((x) => ({ ...x, qw: words(x.q.question), qa: words(`${x.q.question} ${x.q.choices[x.q.answer] ?? ''}`) }));
  for (let a = 0; a < keyed.length; a++) {
    for (let b = a + 1; b < keyed.length; b++) {
      const x = keyed[a]!;
      const y = keyed[b]!;
      const sq = jaccard(x.qw, y.qw);
      const sqa = jaccard(x.qa, y.qa);
      if (sq >= NEAR_DUPLICATE_JACCARD || sqa >= QUESTION_ANSWER_JACCARD) {
        problems.push(`${y.where}: gần trùng với ${x.where} (câu hỏi giống ${Math.round(sq * 100)} % từ, câu hỏi + đáp án giống ${Math.round(sqa * 100)} %) — bài kiểm tra chủ đề có thể hỏi cả hai: ${quote(y.q.question)}`);
      }
    }
  }
  return problems;
}
