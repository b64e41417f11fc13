import { act } from '../actions.js';
import { labels, texts } from '../texts.js';
import type { Choice, Outbound } from '../types.js';
import { reply, type FlowDeps, type Turn } from './context.js';

/**
 * Any other text is a question for the assistant. Its answer is passed on as it is (including a
 * sensitive-data warning or a refusal), followed by a button to open the best matching lesson.
 * The question's text is never stored or logged here.
 */
export async function askAssistant(deps: FlowDeps, turn: Turn, question: string): Promise<Outbound[]> {
  let answer;
  try {
    answer = await deps.assistant.answer(question, { conversationKey: `${turn.inbound.channel}:${turn.inbound.userId}` });
  } catch (err) {
    deps.logger.error('assistant failed', { learner: turn.learner.id, err });
    return [{ text: texts.assistantFailed }];
  }
  try {
    deps.questions?.record(question, answer, turn.now);
  } catch (err) {
    deps.logger.error('question stats not recorded', { err });
  }
  const choices: Choice[] = [];
  const source = answer.sources[0];
  const lesson = source ? deps.index.lesson(source.lessonId) : undefined;
  if (lesson) choices.push({ label: labels.openLesson(lesson.title), action: act.page(deps.index.lessonKey(lesson.id), 0) });
  choices.push({ label: labels.menu, action: act.menu });
  return [reply(answer.answer, choices)];
}
