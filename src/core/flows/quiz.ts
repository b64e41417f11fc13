import type { QuizResult } from '../../learning/quiz-service.js';
import type { QuizScope } from '../../learning/types.js';
import { act } from '../actions.js';
import { hasButtons } from '../choices.js';
import { labels, texts } from '../texts.js';
import type { Choice, Outbound } from '../types.js';
import { earnedCompletion } from './completion.js';
import { menu, reply, type FlowDeps, type Turn } from './context.js';

/** `/kiemtra` and `/ontap`: one question at a time, feedback after each, a score at the end. */

/** `/kiemtra`: continue the quiz in progress, check the lesson just read, or pick a topic. */
export function chooseQuiz(deps: FlowDeps, turn: Turn): Outbound[] {
  const choices: Choice[] = [];
  if (turn.state.quiz) choices.push({ label: labels.resume, action: act.resume });
  const lesson = turn.state.lessonId ? deps.index.lesson(turn.state.lessonId) : undefined;
  if (lesson) choices.push({ label: labels.lastLessonQuiz(lesson.title), action: act.lessonQuiz(deps.index.lessonKey(lesson.id)) });
  for (const t of deps.index.topics) choices.push({ label: labels.topicQuizOf(t.title), action: act.topicQuiz(t.id) });
  return [reply(texts.chooseQuiz, choices)];
}

/** Starts a lesson quiz, a topic quiz or a review session, and asks its first question. */
export function startQuiz(deps: FlowDeps, turn: Turn, scope: QuizScope, scopeId: string): Outbound[] {
  const title =
    scope === 'lesson'
      ? deps.index.lesson(scopeId)?.title
      : scope === 'topic'
        ? deps.index.topic(scopeId)?.title
        : 'review';
  const attempt = title ? deps.quizzes.start(turn.learner.id, scope, scopeId, turn.now) : undefined;
  if (!attempt || !title) {
    if (scope === 'review') {
      return [menu(turn, deps.quizzes.hasAnswered(turn.learner.id) ? texts.noReviewDue : texts.noReviewCards)];
    }
    return chooseQuiz(deps, turn);
  }
  turn.state.quiz = { attemptId: attempt.id, position: 0 };
  const intro = scope === 'review' ? texts.reviewStart(attempt.total) : texts.quizStart(title, attempt.total, hasButtons(turn.inbound.channel));
  return [{ text: intro }, ...askCurrent(deps, turn)];
}

/** Starts a lesson quiz from its action key. */
export function startLessonQuiz(deps: FlowDeps, turn: Turn, lessonKey: string): Outbound[] {
  const lesson = deps.index.lessonByActionKey(lessonKey) ?? deps.index.lesson(lessonKey);
  if (!lesson) return [{ text: texts.unknownLesson }, ...chooseQuiz(deps, turn)];
  turn.state.lessonId = lesson.id;
  return startQuiz(deps, turn, 'lesson', lesson.id);
}

/** (Re)sends the question awaiting an answer; drops the quiz if it can no longer be shown. */
export function askCurrent(deps: FlowDeps, turn: Turn): Outbound[] {
  const pending = turn.state.quiz;
  if (!pending) return [menu(turn)];
  const q = deps.quizzes.show(turn.learner.id, pending.attemptId, pending.position, turn.now);
  if (!q || q.attempt.finishedAt) {
    turn.state.quiz = undefined;
    return [menu(turn, texts.quizChanged)];
  }
  return [
    reply(
      texts.question(q.position + 1, q.attempt.total, q.text),
      q.choices.map((label, k) => ({ label, action: act.answer(q.attempt.id, q.position, k) })),
    ),
  ];
}

/** An answer button (or a typed number mapped to one). */
export function answer(deps: FlowDeps, turn: Turn, attemptId: number, position: number, choice: number): Outbound[] {
  const pending = turn.state.quiz;
  if (!pending || pending.attemptId !== attemptId || pending.position !== position) {
    return pending ? [{ text: texts.staleAnswer }, ...askCurrent(deps, turn)] : [menu(turn, texts.staleButton)];
  }
  const outcome = deps.quizzes.answer(turn.learner.id, attemptId, position, choice, turn.now);
  if (outcome.kind === 'stale') return [{ text: texts.staleAnswer }, ...askCurrent(deps, turn)];

  const out: Outbound[] = [
    { text: outcome.correct ? texts.right(outcome.explain) : texts.wrong(outcome.correctChoice, outcome.explain) },
  ];
  if (outcome.next !== undefined) {
    turn.state.quiz = { attemptId, position: outcome.next };
    return [...out, ...askCurrent(deps, turn)];
  }
  turn.state.quiz = undefined;
  if (outcome.result) out.push(...finished(deps, turn, outcome.result));
  else out.push(menu(turn));
  return out;
}

/** The end of an attempt: score, what to read again, a topic pass, the completion code. */
function finished(deps: FlowDeps, turn: Turn, r: QuizResult): Outbound[] {
  if (r.scope === 'review') {
    return [menu(turn, texts.reviewDone(r.correct, r.total))];
  }
  const lines = [texts.score(r.correct, r.total, r.percent), r.passed ? texts.passed : texts.notPassed];
  if (r.reread.length) lines.push(texts.rereadList(r.reread.map((l) => l.title)));
  const choices: Choice[] = [];
  const first = r.reread[0];
  if (first) choices.push({ label: labels.reread(first.title), action: act.page(deps.index.lessonKey(first.id), 0) });
  if (!r.passed) {
    const retry = r.scope === 'lesson' ? act.lessonQuiz(deps.index.lessonKey(r.scopeId)) : act.topicQuiz(r.scopeId);
    choices.push({ label: labels.retry, action: retry });
  }
  const out: Outbound[] = [];
  if (r.scope === 'lesson') {
    const lesson = deps.index.lesson(r.scopeId);
    if (r.passed && lesson) choices.push({ label: labels.topicQuiz, action: act.topicQuiz(lesson.topic) });
    choices.push({ label: labels.otherTopic, action: act.learn });
    out.push(reply(lines.join('\n'), choices));
    return out;
  }
  const topic = deps.index.topic(r.scopeId);
  // The quiz alone is not the topic: it counts once every lesson of it was opened too.
  const unopened = r.passed && topic ? deps.progress.unopenedLessons(turn.learner.id, topic.id) : [];
  if (r.passed && topic) lines.push(unopened.length ? texts.topicNeedsLessons(topic.title, unopened.map((l) => l.title)) : texts.topicPassed(topic.title));
  const firstUnopened = unopened[0];
  if (firstUnopened) choices.push({ label: labels.openLesson(firstUnopened.title), action: act.page(deps.index.lessonKey(firstUnopened.id), 0) });
  const code = r.passed ? earnedCompletion(deps, turn) : undefined;
  if (code) {
    out.push({ text: lines.join('\n') }, menu(turn, texts.completion(code)));
    return out;
  }
  choices.push({ label: labels.menu, action: act.menu });
  out.push(reply(lines.join('\n'), choices));
  return out;
}
