import { act } from '../actions.js';
import { sectionAnswer } from '../../assistant/section-answer.js';
import { clarifyPrompt, labels, sectionGone, texts } from '../texts.js';
import type { Choice, Outbound } from '../types.js';
import { menu, reply, type FlowDeps, type Turn } from './context.js';

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
  if (answer.intent !== 'smalltalk') {
    try {
      deps.questions?.record(question, answer, turn.now);
    } catch (err) {
      deps.logger.error('question stats not recorded', { err });
    }
  }
  if (answer.intent === 'smalltalk') return [menu(turn, answer.answer)];
  if (answer.intent === 'clarify') {
    // "Có phải bạn muốn hỏi…?": one button per suggested section, opening its answer in one tap.
    const warning = answer.answer.slice(0, Math.max(0, answer.answer.indexOf(clarifyPrompt)));
    const options: Choice[] = [];
    for (const s of answer.sources) {
      const lesson = deps.index.lesson(s.lessonId);
      if (lesson && s.section !== undefined) {
        options.push({ label: s.heading || lesson.title, action: act.section(deps.index.lessonKey(lesson.id), s.section) });
      }
    }
    if (options.length) return [reply(warning + clarifyPrompt, [...options, { label: labels.menu, action: act.menu }])];
  }
  const choices: Choice[] = [];
  const source = answer.intent === 'answer' ? answer.sources[0] : undefined;
  const lesson = source ? deps.index.lesson(source.lessonId) : undefined;
  if (lesson) choices.push({ label: labels.openLesson(lesson.title), action: act.page(deps.index.lessonKey(lesson.id), 0) });
  choices.push({ label: labels.menu, action: act.menu });
  return [reply(answer.answer, choices)];
}

/** A suggested section tapped: its own answer, then its lesson and the menu. */
export function showSection(deps: FlowDeps, turn: Turn, lessonKey: string, section: number): Outbound[] {
  const lesson = deps.index.lessonByActionKey(lessonKey) ?? deps.index.lesson(lessonKey);
  const text = lesson ? sectionAnswer(lesson, section) : undefined;
  if (!lesson || !text) return [menu(turn, sectionGone)];
  return [
    reply(text, [
      { label: labels.openLesson(lesson.title), action: act.page(deps.index.lessonKey(lesson.id), 0) },
      { label: labels.menu, action: act.menu },
    ]),
  ];
}
