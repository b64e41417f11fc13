import type { Curriculum } from '../content/loader.js';
import { plainText } from '../content/plain-text.js';
import type { Lesson } from '../content/schema.js';
import { LessonRetriever } from '../knowledge/lesson-retriever.js';
import type { PassageHit, PassageRetriever } from '../knowledge/types.js';
import { detectSensitive, isPromptAttack, redactSensitive } from './safety.js';
import { emptyQuestion, notCovered, readMore, sensitiveWarning } from '../core/texts.js';
import type { Answer, AnswerSource, Assistant } from './types.js';
import { sectionLink } from '../content/section-link.js';

export interface ExtractiveOptions {
  /** Longest answer body in characters (before the "read more" line). */
  maxChars?: number;
  /**
   * Least share of the question's information (IDF mass of its syllables and bigrams) that the best
   * passage must contain to count as relevant. Chosen on the domain dev set and our own calibration
   * questions (tests/fixtures/calibration-questions.jsonl): in-scope questions' best passages cover
   * ≥ 0.32 of the question, out-of-scope ones ≤ 0.26; 0.29 sits between.
   */
  minCoverage?: number;
  /** A retriever to use instead of the lexical one over the lessons (hybrid retrieval plugs in here). */
  retriever?: PassageRetriever;
}

const DEFAULTS = { maxChars: 900, minCoverage: 0.29 };

/** Trims text to at most `max` characters at a paragraph, line or sentence boundary. */
export function trimToBoundary(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  for (const sep of ['\n\n', '\n', '. ', '; ', ', ', ' ']) {
    const at = cut.lastIndexOf(sep);
    if (at > max * 0.5) return cut.slice(0, at + (sep.startsWith('.') ? 1 : 0)).trimEnd() + ' …';
  }
  return cut.trimEnd() + ' …';
}

/**
 * Answers a question from the lessons without any model: the best passage (and the next one from the same
 * lesson when it fits), trimmed to a readable length, ending with where to read more. Questions that match
 * nothing well enough, and attempts to extract prompts or others' data, get an honest "not covered" reply
 * listing the five topics. A question carrying an OTP, password, card number or citizen id is answered
 * after a warning, and is echoed back redacted.
 */
export class ExtractiveAssistant implements Assistant {
  private readonly retriever: PassageRetriever;
  private readonly lessons: Map<string, Lesson>;
  private readonly topicTitles: string[];
  private readonly options: typeof DEFAULTS;

  constructor(curriculum: Curriculum, options: ExtractiveOptions = {}) {
    this.retriever = options.retriever ?? new LessonRetriever(curriculum);
    this.lessons = new Map(curriculum.lessons.map((l) => [l.id, l]));
    this.topicTitles = curriculum.topics.map((t) => t.title);
    this.options = { maxChars: options.maxChars ?? DEFAULTS.maxChars, minCoverage: options.minCoverage ?? DEFAULTS.minCoverage };
  }

  /** The best passages for a question, or none when the best is not relevant enough. */
  retrieve(question: string, limit = 8): PassageHit[] {
    const hits = this.retriever.search(question, limit);
    const best = hits[0];
    if (!best || best.coverage < this.options.minCoverage) return [];
    return hits;
  }

  /** The lessons behind the hits, best first, one entry per lesson. */
  sourcesOf(hits: PassageHit[], max = 3): AnswerSource[] {
    const seen = new Set<string>();
    const out: AnswerSource[] = [];
    for (const h of hits) {
      if (seen.has(h.passage.lessonId) || out.length >= max) continue;
      seen.add(h.passage.lessonId);
      const lesson = this.lessons.get(h.passage.lessonId)!;
      out.push({
        lessonId: lesson.id,
        topic: lesson.topic,
        title: lesson.title,
        url: sectionLink(lesson, h.passage.heading).url,
        score: Math.round(h.score * 1000) / 1000,
      });
    }
    return out;
  }

  /** The reply for a question the assistant does not cover (or declines). */
  decline(question: string, prefix = ''): Answer {
    return {
      question: redactSensitive(question),
      answer: prefix + notCovered(this.topicTitles),
      grounded: false,
      mode: 'extractive',
      sources: [],
    };
  }

  async answer(question: string): Promise<Answer> {
    const q = question.normalize('NFC').trim();
    const sensitive = detectSensitive(q);
    const prefix = sensitive.length ? sensitiveWarning(sensitive) + '\n\n' : '';
    if (!q) return { question: '', answer: emptyQuestion, grounded: false, mode: 'extractive', sources: [] };
    if (isPromptAttack(q)) return this.decline(q, prefix);
    const hits = this.retrieve(q);
    if (!hits.length) return this.decline(q, prefix);
    const sources = this.sourcesOf(hits);
    return {
      question: redactSensitive(q),
      answer: prefix + this.compose(hits) + '\n\n' + this.readMoreFor(hits[0]!),
      grounded: true,
      mode: 'extractive',
      sources,
    };
  }

  /** "📖 Đọc thêm": the lesson's title, linked to the source that backs the best passage's section. */
  private readMoreFor(best: PassageHit): string {
    const lesson = this.lessons.get(best.passage.lessonId)!;
    return readMore(lesson.title, sectionLink(lesson, best.passage.heading).url);
  }

  /** The best passage, plus the next best from the same lesson when it is nearly as good and fits. */
  private compose(hits: PassageHit[]): string {
    const [best, ...rest] = hits as [PassageHit, ...PassageHit[]];
    const block = (h: PassageHit) => plainText(h.passage.heading ? `${h.passage.heading}\n${h.passage.text}` : h.passage.text);
    let body = block(best);
    const extra = rest.find((h) => h.passage.lessonId === best.passage.lessonId && h.score >= best.score * 0.75);
    if (extra && body.length + extra.passage.text.length + 2 <= this.options.maxChars) body += '\n\n' + block(extra);
    return trimToBoundary(body, this.options.maxChars);
  }
}
