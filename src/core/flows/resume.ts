import { texts } from '../texts.js';
import type { Outbound } from '../types.js';
import { menu, reply, type FlowDeps, type Turn } from './context.js';
import { start } from './onboarding.js';
import { askCurrent } from './quiz.js';

/**
 * What a person sees when they come back to a chat that shows no history (the web page reopened):
 * a greeting and what the chat is waiting for, with the same choices the chat last offered, so a
 * typed "2" maps to what is on screen. Free questions and answers are not stored (privacy), so the
 * earlier messages themselves cannot be shown again.
 */

/** For someone never seen: exactly what `/start` would say, without storing anything. */
export function greetNew(deps: FlowDeps, turn: Turn): Outbound[] {
  return start(deps, turn, '');
}

/** For a known person: welcome back, then the question or the choices that are pending. */
export function greetReturning(deps: FlowDeps, turn: Turn): Outbound[] {
  const { state } = turn;
  const out: Outbound[] = [{ text: texts.welcomeBack(turn.learner.displayName) }];
  const choices = state.choices ?? [];
  if (state.quiz) return [...out, { text: texts.resumeQuiz }, ...askCurrent(deps, turn)];
  if (state.awaiting === 'commune') {
    const text = turn.learner.communeName ? texts.askCommuneAgain(turn.learner.communeName) : texts.askCommune(deps.communes.communes[0]?.name);
    return [...out, reply(text, choices)];
  }
  if (state.awaiting === 'subscribe') return [...out, reply(texts.askSubscribe, choices)];
  if (state.awaiting === 'delete') return [...out, reply(texts.confirmDelete, choices)];
  const main = menu(turn);
  const isMenu = choices.map((c) => c.action).join() === (main.choices ?? []).map((c) => c.action).join();
  if (choices.length && !isMenu) return [...out, reply(texts.resumeChoices, choices)];
  return [...out, main];
}
