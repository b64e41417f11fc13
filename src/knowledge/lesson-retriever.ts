import { citizenLessons } from '../content/audience.js';
import type { Curriculum } from '../content/loader.js';
import type { Lesson } from '../content/schema.js';
import { SearchIndex, type SearchParams } from './search-index.js';
import { QUESTION_STOP_SYLLABLES } from './stop-syllables.js';
import type { Passage, PassageHit, PassageRetriever } from './types.js';

/** Splits every lesson into passages, one per `## ` section. */
export function lessonPassages(lessons: Lesson[]): Passage[] {
  return lessons.flatMap((lesson) =>
    lesson.sections.map((section, i) => ({
      id: `${lesson.id}#${i}`,
      lessonId: lesson.id,
      topic: lesson.topic,
      lessonTitle: lesson.title,
      heading: section.heading,
      text: section.text,
    })),
  );
}

/**
 * Lexical retrieval over the lessons. Each passage is indexed with its lesson's title and summary carried
 * into the searchable text (a section about "Các bước" is still found by "kích hoạt VNeID"), and its
 * heading twice (headings are phrased as the questions people ask). Officers' lessons are not indexed:
 * citizens' answers come only from citizens' lessons.
 */
export class LessonRetriever implements PassageRetriever {
  private readonly index: SearchIndex;
  private readonly byId: Map<string, Passage>;
  readonly passages: Passage[];

  constructor(curriculum: Curriculum, params: Partial<SearchParams> = {}) {
    const taught = citizenLessons(curriculum.lessons);
    this.passages = lessonPassages(taught);
    this.byId = new Map(this.passages.map((p) => [p.id, p]));
    const lessons = new Map(taught.map((l) => [l.id, l]));
    this.index = SearchIndex.build(
      this.passages.map((p) => {
        const lesson = lessons.get(p.lessonId)!;
        return { id: p.id, text: `${lesson.title}.\n${lesson.summary}\n${p.heading}.\n${p.heading}.\n${p.text}` };
      }),
      { stopSyllables: QUESTION_STOP_SYLLABLES, stopWeight: 0.3, ...params },
    );
  }

  search(question: string, limit = 5): PassageHit[] {
    return this.index.search(question, limit).map((hit) => ({
      passage: this.byId.get(hit.id)!,
      score: hit.score,
      coverage: hit.coverage,
    }));
  }
}
