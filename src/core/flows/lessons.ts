import type { Lesson } from '../../content/schema.js';
import { act } from '../actions.js';
import { labels, texts } from '../texts.js';
import type { Choice, Outbound } from '../types.js';
import { completionOnOpening } from './completion.js';
import { menu, reply, type FlowDeps, type Turn } from './context.js';
import { lessonLink } from '../../content/section-link.js';

/** `/hoc`: topics → a topic's lessons → a lesson read in short pages. */

/** The list of topics, each marked with how far the learner got. */
export function chooseTopic(deps: FlowDeps, turn: Turn): Outbound[] {
  const read = deps.progress.lessonsRead(turn.learner.id);
  const passed = deps.progress.topicsPassed(turn.learner.id);
  const choices: Choice[] = deps.index.topics.map((t) => {
    const lessons = deps.index.lessonsOf(t.id);
    const n = lessons.filter((l) => read.has(l.id)).length;
    return { label: labels.topicWithProgress(t.title, n, lessons.length, passed.has(t.id)), action: act.topic(t.id) };
  });
  return [reply(texts.chooseTopic, choices)];
}

/** A topic's lessons, then its quiz and a way back. */
export function topicLessons(deps: FlowDeps, turn: Turn, topicId: string): Outbound[] {
  const topic = deps.index.topic(topicId);
  if (!topic) return chooseTopic(deps, turn);
  const read = deps.progress.lessonsRead(turn.learner.id);
  const choices: Choice[] = deps.index.lessonsOf(topic.id).map((l) => ({
    label: labels.lessonItem(l.title, read.has(l.id)),
    action: act.page(deps.index.lessonKey(l.id), 0),
  }));
  choices.push({ label: labels.topicQuiz, action: act.topicQuiz(topic.id) });
  choices.push({ label: labels.otherTopic, action: act.learn });
  return [reply(texts.topicLessons(topic.title, topic.description), choices)];
}

/** The lesson after this one in its topic, if any. */
function nextLesson(deps: FlowDeps, lesson: Lesson): Lesson | undefined {
  const list = deps.index.lessonsOf(lesson.topic);
  return list[list.indexOf(lesson) + 1];
}

/** Opens a lesson at a page (0-based); records reading progress. */
export function lessonPage(deps: FlowDeps, turn: Turn, lessonKey: string, page: number): Outbound[] {
  const lesson = deps.index.lessonByActionKey(lessonKey) ?? deps.index.lesson(lessonKey);
  if (!lesson) return [{ text: texts.unknownLesson }, ...chooseTopic(deps, turn)];
  return showLesson(deps, turn, lesson, page);
}

/** Shows page `page` (clamped) of `lesson`. */
export function showLesson(deps: FlowDeps, turn: Turn, lesson: Lesson, page: number): Outbound[] {
  const pages = deps.index.pages(lesson);
  const p = Math.max(0, Math.min(page, pages.length - 1));
  const current = pages[p] ?? { text: lesson.summary };
  const key = deps.index.lessonKey(lesson.id);
  const last = p === pages.length - 1;
  deps.progress.recordPage(turn.learner.id, lesson, p + 1, pages.length, turn.now);
  turn.state.lessonId = lesson.id;

  const body = texts.lessonPage(lesson.title, p + 1, pages.length, current.text);
  // Opening a lesson may complete the last topic (its quiz was passed before all its lessons were opened).
  const completed = p === 0 ? completionOnOpening(deps, turn) : [];
  if (!last) {
    return [
      reply(body, [
        { label: labels.next, action: act.page(key, p + 1) },
        { label: labels.takeQuiz, action: act.lessonQuiz(key) },
        { label: labels.otherTopic, action: act.learn },
      ]),
      ...completed,
    ];
  }
  const source = lessonLink(lesson);
  const text = `${body}\n\n${texts.lessonSource(source.title, source.url)}`;
  const after = nextLesson(deps, lesson);
  const choices: Choice[] = [{ label: labels.takeQuiz, action: act.lessonQuiz(key) }];
  if (after) choices.push({ label: labels.nextLesson(after.title), action: act.page(deps.index.lessonKey(after.id), 0) });
  choices.push({ label: labels.otherTopic, action: act.learn });
  return [{ text }, reply(texts.lessonDone, choices), ...completed];
}

/** The menu, for when a flow has nothing better to offer. */
export function backToMenu(turn: Turn): Outbound[] {
  return [menu(turn)];
}
