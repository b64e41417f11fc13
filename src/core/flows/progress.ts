import type { Suggestion } from '../../learning/progress-service.js';
import { act } from '../actions.js';
import { labels, progressBar, texts } from '../texts.js';
import type { Choice, Outbound } from '../types.js';
import { reply, type FlowDeps, type Turn } from './context.js';

/** `/tiendo`: a bar per topic, review due, streak, the completion code if any, and one suggestion. */
export function showProgress(deps: FlowDeps, turn: Turn): Outbound[] {
  const s = deps.progress.summary(turn.learner.id, turn.now);
  const lines = [texts.progressTitle(turn.learner.displayName), ''];
  s.topics.forEach((t, i) => {
    lines.push(
      texts.progressTopic(i + 1, t.topic.title, progressBar(t.percent), t),
    );
  });
  lines.push('', texts.progressDue(s.dueReviews), texts.progressStreak(s.streak));
  const completion = deps.completions.find(turn.learner.id);
  if (completion) lines.push(texts.completionReminder(completion.code));
  lines.push('', suggestionText(s.suggestion));
  const choices: Choice[] = [];
  if (turn.state.quiz) choices.push({ label: labels.resume, action: act.resume });
  choices.push(...suggestionChoices(deps, s.suggestion));
  choices.push({ label: labels.menu, action: act.menu });
  return [reply(lines.join('\n'), choices)];
}

function suggestionText(s: Suggestion): string {
  switch (s.kind) {
    case 'retry-lesson-quiz':
      return texts.suggestRetryLessonQuiz(s.lesson.title);
    case 'retry-topic-quiz':
      return texts.suggestRetryTopicQuiz(s.topic.title);
    case 'review':
      return texts.suggestReview(s.count);
    case 'read':
      return texts.suggestRead(s.lesson.title);
    case 'lesson-quiz':
      return texts.suggestLessonQuiz(s.lesson.title);
    case 'topic-quiz':
      return texts.suggestTopicQuiz(s.topic.title);
    case 'done':
      return texts.suggestDone;
  }
}

function suggestionChoices(deps: FlowDeps, s: Suggestion): Choice[] {
  const one = suggestionChoice(deps, s);
  if (s.kind !== 'retry-lesson-quiz') return one ? [one] : [];
  // Read it again first, or retry straight away.
  return [{ label: labels.reread(s.lesson.title), action: act.page(deps.index.lessonKey(s.lesson.id), 0) }, ...(one ? [one] : [])];
}

function suggestionChoice(deps: FlowDeps, s: Suggestion): Choice | undefined {
  switch (s.kind) {
    case 'retry-lesson-quiz':
      return { label: labels.retryLessonQuiz(s.lesson.title), action: act.lessonQuiz(deps.index.lessonKey(s.lesson.id)) };
    case 'retry-topic-quiz':
      return { label: labels.retryTopicQuiz(s.topic.title), action: act.topicQuiz(s.topic.id) };
    case 'review':
      return { label: labels.reviewNow, action: act.review };
    case 'read':
      return { label: labels.openLesson(s.lesson.title), action: act.page(deps.index.lessonKey(s.lesson.id), 0) };
    case 'lesson-quiz':
      return { label: labels.lessonQuizOf(s.lesson.title), action: act.lessonQuiz(deps.index.lessonKey(s.lesson.id)) };
    case 'topic-quiz':
      return { label: labels.topicQuizOf(s.topic.title), action: act.topicQuiz(s.topic.id) };
    case 'done':
      return undefined;
  }
}
