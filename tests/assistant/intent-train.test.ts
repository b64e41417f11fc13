import { beforeAll, describe, expect, it } from 'vitest';
import { INTENT_CLASSES } from '../../src/assistant/intent-model.js';
import { classOf, DEV_FILE, fit, foldsOf, lessonExamples, modelOf, objective, readQuestions } from '../../src/assistant/intent-train.js';
import { loadCurriculum, type Curriculum } from '../../src/content/loader.js';

let curriculum: Curriculum;
beforeAll(() => {
  curriculum = loadCurriculum('content');
});

describe('training', () => {
  it('is deterministic: the same examples give the same weights', () => {
    const examples = readQuestions(DEV_FILE)
      .items.filter((_, i) => i % 2 === 0)
      .map((q) => ({ text: q.text, label: classOf(q) }));
    const a = fit(examples, { epochs: 40 });
    const b = fit(examples, { epochs: 40 });
    expect([...b.weights.entries()]).toEqual([...a.weights.entries()]);
    expect(Array.from(b.bias)).toEqual(Array.from(a.bias));
  });

  it('learns: a model trained on the lessons alone tells their topics apart on the dev questions', () => {
    const model = modelOf(fit(lessonExamples(curriculum), { epochs: 60 }));
    const answers = readQuestions(DEV_FILE).items.filter((q) => q.kind === 'answer');
    const right = answers.filter((q) => {
      const p = model.classify(q.text);
      return INTENT_CLASSES.slice(0, 5).every((c) => p[c] <= p[q.topic!]);
    }).length;
    expect(right / answers.length).toBeGreaterThan(0.8);
  });

  it('spreads every class over the folds', () => {
    const folds = foldsOf(['vneid', 'vneid', 'chat', 'vneid', 'chat', 'outside'], 2);
    expect(folds).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('scores a policy by declines, small talk, right topics and help, wrong answers weighing four times, never below the help floor', () => {
    const f = { inScope: 1, rightTopic: 0.9, helped: 0.96, wrong: 0.02, declined: 0.95, smallTalk: 0.97 };
    expect(objective(f)).toBeCloseTo(0.9 + 0.96 + 0.95 + 0.97 - 0.08, 12);
    expect(objective(f, 0.961)).toBeCloseTo(objective(f), 12); // within the tolerance
    expect(objective(f, 0.97)).toBe(-Infinity);
  });
});
