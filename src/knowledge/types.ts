import type { TopicId } from '../content/schema.js';

/** A searchable piece of a lesson: one section, with the lesson's title and summary carried along. */
export interface Passage {
  /** `${lessonId}#${sectionIndex}` */
  id: string;
  lessonId: string;
  topic: TopicId;
  lessonTitle: string;
  heading: string;
  /** 0-based index of the section in its lesson. */
  section: number;
  /** The section's own text (what an answer quotes). */
  text: string;
}

/** A retrieved passage and its score (higher is better; comparable only within one query). */
export interface PassageHit {
  passage: Passage;
  score: number;
  /** Share (0–1) of the query's information (IDF mass) that the passage contains. */
  coverage: number;
}

/** Retrieves passages for a question, best first. */
export interface PassageRetriever {
  search(question: string, limit?: number): PassageHit[];
}
