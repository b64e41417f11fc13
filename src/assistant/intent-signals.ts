import type { Curriculum } from '../content/loader.js';
import { foldDiacritics, tokenize } from '../knowledge/normalize.js';
import { QUESTION_STOP_SYLLABLES } from '../knowledge/stop-syllables.js';
import { harmfulKind } from './harmful.js';
import { namesLessonSubject, offTopicSubject } from './offtopic.js';

/**
 * What the assistant's other readers say about a message, given to the intent model as features next
 * to its words: how many of its words the lessons' own text never uses (`#oov…`: a sign of another
 * subject, which the words alone cannot give for a word no example had), whether it names something only
 * the lessons are about, and whether the off-topic or harmful word lists fire. The model learns how far to
 * trust each from the examples.
 */
export function intentSignals(text: string, vocabulary: ReadonlySet<string>, lists: WordLists = wordLists(text)): string[] {
  const unknown = unknownWords(text, vocabulary).length;
  const out = [unknown === 0 ? '#oov0' : unknown === 1 ? '#oov1' : unknown === 2 ? '#oov2' : '#oov3+'];
  if (lists.namesLessonSubject) out.push('#names-lesson-subject');
  if (lists.offTopic) out.push('#listed-off-topic');
  if (lists.harmful) out.push('#listed-harmful');
  return out;
}

/** What the word lists say of a message (read once per message by the assistant, and passed on). */
export interface WordLists {
  harmful: boolean;
  offTopic: boolean;
  namesLessonSubject: boolean;
}

export function wordLists(text: string): WordLists {
  return { harmful: harmfulKind(text) !== undefined, offTopic: offTopicSubject(text) !== undefined, namesLessonSubject: namesLessonSubject(text) };
}

const STOP = new Set(QUESTION_STOP_SYLLABLES.map(foldDiacritics));

/** The message's words (folded syllables of two letters or more, question words aside) not in `vocabulary`. */
export function unknownWords(text: string, vocabulary: ReadonlySet<string>): string[] {
  return tokenize(text)
    .map((t) => t.folded)
    .filter((w) => /^\p{L}{2,}$/u.test(w) && !STOP.has(w) && !vocabulary.has(w));
}

/**
 * The folded words of the lessons' own text (titles, summaries, headings, sections), without their
 * question variants: those are written the way citizens ask, so they would hide the sign.
 */
export function lessonVocabulary(curriculum: Curriculum): Set<string> {
  const vocabulary = new Set<string>();
  const add = (text: string) => tokenize(text).forEach((t) => vocabulary.add(t.folded));
  for (const l of curriculum.lessons) {
    add(`${l.title} ${l.summary}`);
    for (const s of l.sections) add(`${s.heading} ${s.text}`);
  }
  return vocabulary;
}
