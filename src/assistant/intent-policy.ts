import type { PassageHit } from '../knowledge/types.js';
import { inScope, topTopic, type IntentProbabilities } from './intent-model.js';
import type { WordLists } from './intent-signals.js';
import { kindOf, type SmallTalkKind } from './smalltalk.js';
import type { Understanding } from './extractive.js';

/**
 * How the intent model (intent-model.ts) revises what the retrieval scores alone say about a message
 * (never what a word list decided: small talk, harmful requests, listed other subjects). The numbers are
 * chosen by cross-validation in `npm run intent:model` and stored with the model.
 */
export interface IntentPolicy {
  /** Small talk when the model gives chat + quit at least this… */
  chatAt: number;
  /** …and the best passage's evidence is below this (a real question in friendly words is searched)… */
  chatEvidence: number;
  /** …and it covers less than this share of the message ("vneid", "chuyển khoản" alone name a subject). */
  chatCoverage: number;
  /** Declined as another subject when the model gives `outside` and `harmful` together at least this… */
  outsideAt: number;
  /** …or at least `outsideStrongAt` when the best passage's evidence is `outsideEvidence` or more… */
  outsideEvidence: number;
  outsideStrongAt: number;
  /** …unless the best passage covers at least this share of the question. */
  outsideCoverage: number;
  /** Declined as a harmful request when the model gives `harmful` at least this. */
  harmfulAt: number;
  /** A clarification becomes an answer when the best passage's topic is the model's, with at least this. */
  answerAt: number;
  /** An answer becomes a clarification when the model gives the best passage's topic less than this. */
  doubtAt: number;
  /** A decline for lack of evidence becomes "did you mean" when the model gives one topic at least this. */
  rescueAt: number;
  /**
   * A harmful request or listed other subject (word lists) is read again from the scores, as any other
   * message, when the model gives at least this to one topic (or to small talk).
   */
  overruleAt: number;
}

/** The model changes nothing (what the assistant does without a model file). */
export const NO_POLICY: IntentPolicy = {
  chatAt: 2,
  chatEvidence: Number.MAX_VALUE,
  chatCoverage: 2,
  outsideAt: 2,
  outsideEvidence: Number.MAX_VALUE,
  outsideStrongAt: 2,
  outsideCoverage: 2,
  harmfulAt: 2,
  answerAt: 2,
  doubtAt: 0,
  rescueAt: 2,
  overruleAt: 2,
};

/** What the word lists and the retrieval scores made of a message (ExtractiveAssistant.read). */
export interface RuleReading {
  /** The message, NFC and trimmed. */
  text: string;
  rule: Understanding;
  /** True when a word list decided for good (the model does not overrule it). */
  settled: boolean;
  /** True when `rule` is a word list's decline (harmful request, listed other subject). */
  listed?: boolean;
  /** What the retrieval scores alone say (absent when settled). */
  scores?: Understanding;
  hits: PassageHit[];
  /** The best passage's score × √coverage. */
  evidence: number;
  /** The small-talk kinds found in the message, if it was short enough to read for them. */
  smallTalk?: Set<SmallTalkKind>;
  /** What the word lists said (absent when settled). */
  lists?: WordLists;
}

/** Sections offered in a clarification, at most. */
export const MAX_SUGGESTIONS = 3;

/** The scores' reading revised by the model's probabilities under a policy. */
export function decideWithModel(reading: RuleReading, p: IntentProbabilities, policy: IntentPolicy): Understanding {
  const { hits, evidence } = reading;
  let rule = reading.rule;
  if (reading.settled) return rule;
  const best = hits[0];
  const smallTalk = (): Understanding => ({ intent: 'smalltalk', kind: p.quit > p.chat ? 'quit' : kindOf(reading.smallTalk ?? new Set()) });
  const top = topTopic(p);
  if (reading.listed) {
    // A word list declined it: only a model sure of small talk or of one topic reads it again, from the scores.
    if (p.chat + p.quit >= policy.overruleAt) return smallTalk();
    if (top.probability < policy.overruleAt || !reading.scores) return rule;
    rule = reading.scores;
  }
  if (p.harmful >= policy.harmfulAt) return { intent: 'decline', harmful: true };
  // Small talk or another subject only when the model finds that likelier than a question on the lessons.
  const question = inScope(p);
  const chat = p.chat + p.quit;
  if (chat >= policy.chatAt && chat > question && evidence < policy.chatEvidence && (best?.coverage ?? 0) < policy.chatCoverage) return smallTalk();
  const outsideAt = evidence >= policy.outsideEvidence ? Math.max(policy.outsideAt, policy.outsideStrongAt) : policy.outsideAt;
  const outside = p.outside + p.harmful;
  if (outside >= outsideAt && outside > question && !(best && best.coverage >= policy.outsideCoverage)) return { intent: 'decline', harmful: false };
  if (!best) return rule;
  if (rule.intent === 'decline' && top.probability >= policy.rescueAt && inScope(p) >= policy.rescueAt) {
    const inTopic = hits.filter((h) => h.passage.topic === top.topic);
    if (inTopic.length) return { intent: 'clarify', hits: inTopic.slice(0, MAX_SUGGESTIONS) };
  }
  if (rule.intent === 'clarify' && best.passage.topic === top.topic && top.probability >= policy.answerAt) return { intent: 'answer', hits };
  if (rule.intent === 'answer' && p[best.passage.topic] < policy.doubtAt) {
    // The model doubts the best passage's topic: offer it with the best of the model's topic.
    const other = hits.find((h) => h.passage.topic === top.topic && h.passage.topic !== best.passage.topic);
    return { intent: 'clarify', hits: [best, ...(other ? [other] : []), ...hits.filter((h) => h !== best && h !== other)].slice(0, MAX_SUGGESTIONS) };
  }
  return rule;
}
