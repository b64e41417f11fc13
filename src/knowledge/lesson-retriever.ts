import { citizenLessons } from '../content/audience.js';
import type { Curriculum } from '../content/loader.js';
import type { Lesson } from '../content/schema.js';
import { foldDiacritics } from './normalize.js';
import { SearchIndex, type SearchParams } from './search-index.js';
import { QUESTION_STOP_SYLLABLES } from './stop-syllables.js';
import type { Passage, PassageHit, PassageRetriever } from './types.js';

/** Splits every citizens' lesson into passages, one per `## ` section (officers' lessons are left out). */
export function lessonPassages(lessons: Lesson[]): Passage[] {
  return lessons
    .filter((lesson) => lesson.audience !== 'officer')
    .flatMap((lesson) =>
      lesson.sections.map((section, i) => ({
        id: `${lesson.id}#${i}`,
        lessonId: lesson.id,
        topic: lesson.topic,
        lessonTitle: lesson.title,
        heading: section.heading,
        section: i,
        text: section.text,
      })),
    );
}

export interface RetrieverOptions {
  params?: Partial<SearchParams>;
  /** Weight of the best matching question variant (`asks`) against the section's own text. */
  asksWeight?: number;
  /** Score multiplier for a passage that names the question's key word with another number ("mức 3" for "mức 2"). */
  numberMismatch?: number;
  /**
   * Score multiplier for an aside section ("Bạn có biết?"): a handful of side facts under no question of
   * its own, which shares a word or two with many questions it does not answer.
   */
  asideWeight?: number;
}

const DEFAULT_OPTIONS = { asksWeight: 0.7, numberMismatch: 0.5, asideWeight: 0.8 };

/** Headings of aside sections (folded). */
const ASIDE_HEADINGS = new Set(['ban co biet']);
const isAside = (heading: string) => ASIDE_HEADINGS.has(foldDiacritics(heading).replace(/[^\p{L}\p{N}]+/gu, ' ').trim());

/** Candidates taken from each field before fusing. */
const CANDIDATES = 40;

/**
 * Lexical retrieval over the lessons, with two fields per section:
 * - the section itself, indexed with its lesson's title and summary carried into the searchable text
 *   (a section about "Các bước" is still found by "kích hoạt VNeID") and its heading twice (headings
 *   are phrased as the questions people ask);
 * - its question variants (`asks`, the ways citizens ask what the section answers), each indexed as a
 *   short document of its own; a section's score there is that of its best matching variant.
 * The two scores are added (BM25F-like), and a passage's coverage of the question is the better of the
 * two fields'. A question's numbers are significant: a passage that has the question's key word with
 * another number ("mức 3" when asked about "mức 2") and never with the asked one is pushed down.
 * Officers' lessons are not indexed: citizens' answers come only from citizens' lessons.
 */
export class LessonRetriever implements PassageRetriever {
  private readonly index: SearchIndex;
  private readonly asks: SearchIndex | undefined;
  private readonly byId: Map<string, Passage>;
  private readonly folded: Map<string, { heading: string; text: string }>;
  private readonly options: typeof DEFAULT_OPTIONS;
  readonly passages: Passage[];

  constructor(curriculum: Curriculum, options: RetrieverOptions = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    const taught = citizenLessons(curriculum.lessons);
    this.passages = lessonPassages(taught);
    this.byId = new Map(this.passages.map((p) => [p.id, p]));
    const lessons = new Map(taught.map((l) => [l.id, l]));
    const params = { stopSyllables: QUESTION_STOP_SYLLABLES, stopWeight: 0.3, ...options.params };
    const textOf = (p: Passage) => {
      const lesson = lessons.get(p.lessonId)!;
      return `${lesson.title}.\n${lesson.summary}\n${p.heading}.\n${p.heading}.\n${p.text}`;
    };
    this.index = SearchIndex.build(this.passages.map((p) => ({ id: p.id, text: textOf(p) })), params);
    const fold = (t: string) => ' ' + foldDiacritics(t).replace(/[^\p{L}\p{N}]+/gu, ' ') + ' ';
    this.folded = new Map(this.passages.map((p) => [p.id, { heading: fold(p.heading), text: fold(textOf(p)) }]));
    const asks = this.passages.flatMap((p) =>
      (lessons.get(p.lessonId)!.sections[p.section]?.asks ?? []).map((text, i) => ({ id: `${p.id}|${i}`, text })),
    );
    this.asks = asks.length ? SearchIndex.build(asks, params) : undefined;
  }

  search(question: string, limit = 5): PassageHit[] {
    const fused = new Map<string, { score: number; coverage: number }>();
    for (const hit of this.index.search(question, CANDIDATES)) fused.set(hit.id, { score: hit.score, coverage: hit.coverage });
    if (this.asks) {
      const best = new Map<string, { score: number; coverage: number }>();
      for (const hit of this.asks.search(question, CANDIDATES)) {
        const id = hit.id.slice(0, hit.id.lastIndexOf('|'));
        const b = best.get(id);
        if (!b || hit.score > b.score) best.set(id, { score: hit.score, coverage: Math.max(hit.coverage, b?.coverage ?? 0) });
      }
      for (const [id, a] of best) {
        const f = fused.get(id) ?? { score: 0, coverage: 0 };
        fused.set(id, { score: f.score + this.options.asksWeight * a.score, coverage: Math.max(f.coverage, a.coverage) });
      }
      // Back to one field's scale, so score thresholds hold with or without question variants.
      for (const f of fused.values()) f.score /= 1 + this.options.asksWeight;
    }
    const numbers = numberContexts(question);
    const hits: PassageHit[] = [];
    for (const [id, f] of fused) {
      let score = f.score;
      if (numbers.length && this.mismatchesNumbers(id, numbers)) score *= this.options.numberMismatch;
      if (isAside(this.byId.get(id)!.heading)) score *= this.options.asideWeight;
      hits.push({ passage: this.byId.get(id)!, score, coverage: f.coverage });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, limit);
  }

  /**
   * True when the passage's heading, or else its text, has a question's key word followed by another
   * number and never by the asked one ("Định danh mức 3 có thật không?" for "lên mức 2").
   */
  private mismatchesNumbers(id: string, numbers: { word: string; number: string }[]): boolean {
    const { heading, text } = this.folded.get(id)!;
    const other = (t: string, word: string, number: string) => !t.includes(` ${word} ${number} `) && new RegExp(` ${word} \\d`).test(t);
    return numbers.some(({ word, number }) => other(heading, word, number) || other(text, word, number));
  }
}

/** "mức 2", "lớp 5", "2 lớp": the numbers of a question with the word before them (folded), e.g. {word: "muc", number: "2"}. */
export function numberContexts(question: string): { word: string; number: string }[] {
  const words = foldDiacritics(question).replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ');
  const out: { word: string; number: string }[] = [];
  for (let i = 1; i < words.length; i++) {
    if (/^\d+$/.test(words[i]!) && /^\p{L}+$/u.test(words[i - 1]!)) out.push({ word: words[i - 1]!, number: words[i]! });
  }
  return out;
}
