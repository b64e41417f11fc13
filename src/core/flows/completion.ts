import { texts } from '../texts.js';
import type { Outbound } from '../types.js';
import { menu, type FlowDeps, type Turn } from './context.js';

/**
 * The completion code, issued the moment every topic counts as passed (its lessons opened and its topic
 * quiz passed, in either order): after a topic quiz, or on opening the last lesson still unopened.
 * Returns the code (existing or new), or undefined while something is missing.
 */
export function earnedCompletion(deps: FlowDeps, turn: Turn): string | undefined {
  const topics = deps.progress.completionTopics(turn.learner.id);
  return topics ? deps.completions.issue(turn.learner.id, turn.now, topics) : undefined;
}

/** After opening a lesson: the congratulation, if this opening completed the last topic. */
export function completionOnOpening(deps: FlowDeps, turn: Turn): Outbound[] {
  if (deps.completions.find(turn.learner.id)) return [];
  const code = earnedCompletion(deps, turn);
  return code ? [menu(turn, texts.completion(code))] : [];
}
