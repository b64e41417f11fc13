import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderChoicesAsText } from '../../src/core/choices.js';
import { addressAs, clarifyPrompt as rawClarifyPrompt, quizHowToLeave, quizLeft as rawQuizLeft } from '../../src/core/texts.js';

const clarifyPrompt = addressAs(rawClarifyPrompt);
const quizLeft = addressAs(rawQuizLeft);
import { Harness, lastChoices, quizQuestion, textOf } from './harness.js';
import { ExtractiveAssistant } from '../../src/assistant/extractive.js';
import { smallTalkKind } from '../../src/assistant/smalltalk.js';
import { loadCurriculum } from '../../src/content/loader.js';

async function ready(h: Harness) {
  await h.say('/start');
  await h.say('bỏ qua');
  await h.say('không');
  await h.say('bỏ qua'); // how to be addressed: the neutral "bạn"
}

describe('small talk in the conversation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness();
    await ready(h);
  });
  afterEach(() => h.close());

  it.each(['cảm ơn nhé', 'cam on chau nhieu', 'ok', 'vâng', 'được rồi', '👍', '🙏', 'có', 'không', 'ko', 'tạm biệt nhé', 'bác cảm ơn cháu nhiều nhé, cháu giỏi quá'])(
    '"%s" gets a short reply and the menu, never the assistant',
    async (text) => {
      const out = await h.say(text);
      expect(h.assistant.asked).toEqual([]);
      expect(textOf(out)).not.toMatch(/Xin lỗi/);
      expect(lastChoices(out).map((c) => c.action)).toContain('learn');
    },
  );

  it('still sends real questions to the assistant', async () => {
    await h.say('vneid là gì');
    expect(h.assistant.asked).toEqual(['vneid là gì']);
  });
});

describe('quitting words', () => {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness();
    await ready(h);
  });
  afterEach(() => h.close());

  it('every quiz question says how to leave', async () => {
    const out = await h.tap('lq:vneid-muc-2');
    expect(out.find((o) => /^Câu 1\//.test(o.text))?.text).toContain(quizHowToLeave);
  });

  it.each(['dừng', 'thôi không làm nữa', 'huy', 'thoat', 'ko lam nua', 'không muốn làm bài kiểm tra nữa'])('"%s" leaves a quiz politely; it can be resumed', async (text) => {
    let out = await h.tap('lq:vneid-muc-2');
    const q = quizQuestion(h, out);
    out = await h.say(text);
    expect(out[0]?.text).toBe(quizLeft);
    expect(h.assistant.asked).toEqual([]);
    expect(lastChoices(out)[0]?.action).toBe('resume');
    out = await h.tap('resume');
    expect(quizQuestion(h, out).text).toBe(q.text);
  });

  it('a quitting message the word lists do not know leaves the quiz, as the assistant reads it', async () => {
    const text = 'bác không làm bài này nữa đâu';
    expect(smallTalkKind(text)).toBeUndefined();
    const real = new ExtractiveAssistant(loadCurriculum('content'));
    Object.assign(h.assistant, { smallTalk: (t: string) => real.smallTalk(t) });
    await h.tap('lq:vneid-muc-2');
    const out = await h.say(text);
    expect(out[0]?.text).toBe(quizLeft);
    expect(h.assistant.asked).toEqual([]);
  });

  it('leaves a lesson and goes to the menu', async () => {
    await h.tap('l:vneid-la-gi:0');
    const out = await h.say('thôi');
    expect(textOf(out)).toMatch(/dừng đọc bài/);
    expect(lastChoices(out).map((c) => c.action)).toContain('learn');
  });

  it('after an answer (its "Đọc bài" button), a quitting word does not claim a lesson was being read', async () => {
    await h.say('vneid là gì');
    const out = await h.say('thôi');
    expect(textOf(out)).not.toMatch(/dừng đọc bài/);
    expect(lastChoices(out).map((c) => c.action)).toContain('learn');
  });

  it('"ừm" during a quiz question asks for a number, not the assistant', async () => {
    await h.tap('lq:vneid-muc-2');
    const out = await h.say('ừm');
    expect(out[0]?.text).toMatch(/bấm một nút/);
    expect(h.assistant.asked).toEqual([]);
  });
});

describe('"Có phải bạn muốn hỏi…?"', () => {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness();
    await ready(h);
  });
  afterEach(() => h.close());

  it('offers the suggested sections as buttons that open their answer in one tap', async () => {
    const out = await h.say('định danh');
    expect(out.at(-1)?.text).toBe(clarifyPrompt);
    const choices = lastChoices(out);
    expect(choices.map((c) => c.label)).toEqual(['VNeID là gì?', 'Căn cước điện tử', '🏠 Về trang chính']);
    expect(choices[1]?.action).toBe('s:vneid-la-gi:1');
    const opened = await h.tap(choices[1]!.action);
    expect(opened[0]?.text).toMatch(/^Căn cước điện tử/);
    expect(opened[0]?.text).toMatch(/📖 Đọc thêm: «VNeID là gì\?» — https:\/\//);
  });

  it('offers them as numbered lines where there are no buttons, and a typed number opens one', async () => {
    const out = await h.say('định danh');
    const text = renderChoicesAsText(out.at(-1)!);
    expect(text).toMatch(/1\. VNeID là gì\?\n2\. Căn cước điện tử/);
    const opened = await h.say('2');
    expect(opened[0]?.text).toMatch(/^Căn cước điện tử/);
  });

  it('during a quiz, lists the suggested sections as lines (the numbers answer the quiz), then the question again', async () => {
    await h.tap('lq:vneid-muc-2');
    const out = await h.say('định danh?');
    expect(out[0]?.text).toContain(clarifyPrompt);
    expect(out[0]?.text).toContain('• VNeID là gì?');
    expect(out[0]?.choices ?? []).toEqual([]);
    expect(out.some((o) => /^Câu 1\//.test(o.text))).toBe(true);
  });

  it('answers an old or forged section button kindly', async () => {
    const out = await h.tap('s:vneid-la-gi:99');
    expect(textOf(out)).toMatch(/không còn nữa/);
  });
});
