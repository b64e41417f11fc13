import { describe, expect, it } from 'vitest';
import { INTENT_CLASSES, type IntentClass, type IntentProbabilities } from '../../src/assistant/intent-model.js';
import { decideWithModel, NO_POLICY, type IntentPolicy, type RuleReading } from '../../src/assistant/intent-policy.js';
import type { Understanding } from '../../src/assistant/extractive.js';
import type { PassageHit } from '../../src/knowledge/types.js';
import type { TopicId } from '../../src/content/schema.js';

const hit = (topic: TopicId, score: number, coverage = 0.5, id = `${topic}-${score}`): PassageHit => ({
  passage: { id, lessonId: id, topic, lessonTitle: id, heading: id, section: 0, text: '' },
  score,
  coverage,
});
const probs = (p: Partial<Record<IntentClass, number>>): IntentProbabilities => {
  const rest = (1 - Object.values(p).reduce((a, b) => a + b, 0)) / (INTENT_CLASSES.length - Object.keys(p).length);
  return Object.fromEntries(INTENT_CLASSES.map((c) => [c, p[c] ?? rest])) as IntentProbabilities;
};
const reading = (rule: Understanding, hits: PassageHit[], evidence = 12, settled = false): RuleReading => ({ text: 'x', rule, settled, hits, evidence });
const policy: IntentPolicy = { ...NO_POLICY, chatAt: 0.8, chatEvidence: 10, outsideAt: 0.7, outsideCoverage: 0.9, answerAt: 0.8, doubtAt: 0.05, rescueAt: 0.9 };

describe('decideWithModel', () => {
  const vneid = hit('vneid', 20);
  const pay = hit('thanh-toan', 18);

  it('never overrules a word list (settled readings)', () => {
    const rule: Understanding = { intent: 'decline', harmful: true };
    expect(decideWithModel(reading(rule, [], 0, true), probs({ vneid: 0.99 }), policy)).toBe(rule);
  });

  it('reads a word list’s decline again from the scores only when the model is sure of one topic or of small talk', () => {
    const listed = (scores: Understanding): RuleReading => ({ ...reading({ intent: 'decline', harmful: true }, [vneid, pay]), listed: true, scores });
    const sure = { ...policy, overruleAt: 0.9 };
    expect(decideWithModel(listed({ intent: 'answer', hits: [vneid, pay] }), probs({ vneid: 0.95 }), sure)).toEqual({ intent: 'answer', hits: [vneid, pay] });
    expect(decideWithModel(listed({ intent: 'answer', hits: [vneid, pay] }), probs({ vneid: 0.85 }), sure)).toEqual({ intent: 'decline', harmful: true });
    expect(decideWithModel(listed({ intent: 'answer', hits: [vneid, pay] }), probs({ chat: 0.95 }), sure).intent).toBe('smalltalk');
    // sure of the topic but the scores find nothing there: "did you mean" on that topic (rescue)
    expect(decideWithModel(listed({ intent: 'decline', harmful: false }), probs({ 'thanh-toan': 0.95 }), sure)).toEqual({ intent: 'clarify', hits: [pay] });
  });

  it('small talk or another subject only when the model finds it likelier than a question on the lessons', () => {
    const rule: Understanding = { intent: 'answer', hits: [vneid] };
    const low = { ...policy, chatAt: 0.3, outsideAt: 0.3 };
    expect(decideWithModel(reading(rule, [vneid], 5), probs({ chat: 0.35, vneid: 0.6 }), low)).toBe(rule);
    expect(decideWithModel(reading(rule, [vneid], 5), probs({ outside: 0.35, vneid: 0.6 }), low)).toBe(rule);
    expect(decideWithModel(reading(rule, [vneid], 5), probs({ outside: 0.55, vneid: 0.4 }), low)).toEqual({ intent: 'decline', harmful: false });
  });

  it('changes nothing under NO_POLICY, whatever the probabilities', () => {
    for (const p of [probs({ chat: 0.99 }), probs({ outside: 0.99 }), probs({ vneid: 0.99 }), probs({ 'thanh-toan': 0.99 })]) {
      for (const rule of [{ intent: 'answer', hits: [vneid] }, { intent: 'clarify', hits: [vneid, pay] }, { intent: 'decline', harmful: false }] as Understanding[]) {
        expect(decideWithModel(reading(rule, [vneid, pay], 5), p, NO_POLICY)).toBe(rule);
      }
    }
  });

  it('small talk when the model says chat and the evidence is weak; quit when it says quit', () => {
    const rule: Understanding = { intent: 'clarify', hits: [vneid] };
    expect(decideWithModel(reading(rule, [vneid], 5), probs({ chat: 0.9 }), policy)).toEqual({ intent: 'smalltalk', kind: 'ack' });
    expect(decideWithModel(reading(rule, [vneid], 5), probs({ quit: 0.6, chat: 0.3 }), policy)).toEqual({ intent: 'smalltalk', kind: 'quit' });
    // strong evidence: a real question in friendly words is still answered
    expect(decideWithModel(reading(rule, [vneid], 15), probs({ chat: 0.9 }), policy)).toBe(rule);
  });

  it('declines another subject unless the best passage covers nearly all of the question', () => {
    const rule: Understanding = { intent: 'answer', hits: [vneid] };
    expect(decideWithModel(reading(rule, [vneid]), probs({ outside: 0.75 }), policy)).toEqual({ intent: 'decline', harmful: false });
    expect(decideWithModel(reading(rule, [vneid]), probs({ outside: 0.65, vneid: 0.3 }), policy)).toBe(rule);
    const covered = hit('vneid', 20, 0.95);
    expect(decideWithModel(reading({ intent: 'answer', hits: [covered] }, [covered]), probs({ outside: 0.75, vneid: 0.2 }), policy).intent).toBe('answer');
  });

  it('answers a clarification when the model is sure of the best passage’s topic', () => {
    const rule: Understanding = { intent: 'clarify', hits: [vneid, pay] };
    expect(decideWithModel(reading(rule, [vneid, pay]), probs({ vneid: 0.85 }), policy)).toEqual({ intent: 'answer', hits: [vneid, pay] });
    expect(decideWithModel(reading(rule, [vneid, pay]), probs({ 'thanh-toan': 0.85 }), policy)).toBe(rule);
  });

  it('asks back when the model doubts the answer’s topic, offering the model’s topic too', () => {
    const u = decideWithModel(reading({ intent: 'answer', hits: [vneid, hit('vneid', 19), pay] }, [vneid, hit('vneid', 19), pay]), probs({ 'thanh-toan': 0.96, vneid: 0.01 }), policy);
    expect(u.intent).toBe('clarify');
    expect(u.intent === 'clarify' && u.hits.map((h) => h.passage.topic).slice(0, 2)).toEqual(['vneid', 'thanh-toan']);
  });

  it('offers the model’s topic instead of declining for weak evidence, when it is sure', () => {
    const u = decideWithModel(reading({ intent: 'decline', harmful: false }, [vneid, pay], 6), probs({ 'thanh-toan': 0.95 }), policy);
    expect(u).toEqual({ intent: 'clarify', hits: [pay] });
    expect(decideWithModel(reading({ intent: 'decline', harmful: false }, [vneid], 6), probs({ 'thanh-toan': 0.95 }), policy)).toEqual({ intent: 'decline', harmful: false });
  });
});
