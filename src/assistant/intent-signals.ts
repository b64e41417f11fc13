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
export function intentSignals(text: string, vocabulary: ReadonlySet<string>): string[] {
  const unknown = tokenize(text).filter((t) => /^\p{L}{2,}$/u.test(t.folded) && !STOP.has(t.folded) && !vocabulary.has(t.folded)).length;
  const out = [unknown === 0 ? '#oov0' : unknown === 1 ? '#oov1' : unknown === 2 ? '#oov2' : '#oov3+'];
  if (namesLessonSubject(text)) out.push('#names-lesson-subject');
  if (offTopicSubject(text)) out.push('#listed-off-topic');
  if (harmfulKind(text)) out.push('#listed-harmful');
  return out;
}

const STOP = new Set(QUESTION_STOP_SYLLABLES.map(foldDiacritics));

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
