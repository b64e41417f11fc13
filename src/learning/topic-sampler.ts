import type { Lesson } from '../content/schema.js';
import { shuffled, type Random } from './random.js';

/** How many questions a topic quiz asks (fewer when the topic has fewer). */
export const TOPIC_QUIZ_SIZE = 10;

/**
 * Picks up to `size` question ids across a topic's lessons: each lesson's questions are shuffled, then
 * taken round-robin so every lesson is represented before any lesson gives a second question; the final
 * order is shuffled too.
 */
export function sampleTopicQuestions(lessons: readonly Lesson[], size: number, random: Random): string[] {
  const pools = lessons.map((l) => shuffled(l.quiz.map((q) => q.id), random));
  const picked: string[] = [];
  for (let round = 0; picked.length < size; round++) {
    let took = false;
    for (const pool of pools) {
      const id = pool[round];
      if (id === undefined) continue;
      took = true;
      picked.push(id);
      if (picked.length >= size) break;
    }
    if (!took) break;
  }
  return shuffled(picked, random);
}
