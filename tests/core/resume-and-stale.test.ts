import { quizHowToLeave } from '../../src/core/texts.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionOf, Harness, lastChoices, quizQuestion, textOf } from './harness.js';

async function intoQuiz(h: Harness) {
  await h.say('/start');
  await h.say('bỏ qua');
  await h.say('không');
  await h.say('bỏ qua');
  return h.tap('lq:vneid-muc-2');
}

describe('pending state survives a restart', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('resumes a quiz after a restart in the middle of it', async () => {
    let out = await intoQuiz(h);
    let q = quizQuestion(h, out);
    out = await h.say(String(q.right + 1));
    q = quizQuestion(h, out);
    expect(out[1]?.text).toMatch(/^Câu 2\/4/);

    h.restart();
    // The number typed after the restart answers question 2 of the same attempt.
    out = await h.say(String(q.right + 1));
    expect(out[0]?.text).toMatch(/^✅ Đúng rồi!/);
    expect(out[1]?.text).toMatch(/^Câu 3\/4/);

    h.restart();
    // Coming back with /start continues with the waiting question.
    out = await h.say('/start');
    expect(out[0]?.text).toContain('quay lại');
    expect(out[1]?.text).toContain('làm dở bài kiểm tra');
    expect(out[2]?.text).toMatch(/^Câu 3\/4/);
    // Wandering off and coming back: the menu and /kiemtra offer to continue.
    out = await h.say('menu');
    expect(lastChoices(out)[0]?.label).toBe('▶️ Làm tiếp bài kiểm tra');
    out = await h.say('kiểm tra');
    out = await h.tap(actionOf(out, 'Làm tiếp'));
    expect(out[0]?.text).toMatch(/^Câu 3\/4/);
    q = quizQuestion(h, out);
    out = await h.tap(q.actions[q.right] as string);
    q = quizQuestion(h, out);
    out = await h.tap(q.actions[q.right] as string);
    expect(textOf(out)).toContain('đúng 4/4 câu (100%)');
    expect(textOf(out)).toContain('Bạn đã đạt!');
  });
});

describe('stale and unknown input', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('answers an old question button by showing the current one, counting nothing twice', async () => {
    let out = await intoQuiz(h);
    const first = quizQuestion(h, out);
    out = await h.tap(first.actions[first.right] as string);
    const second = quizQuestion(h, out);
    // The same button again (a double tap, or an old message).
    out = await h.tap(first.actions[first.wrong] as string);
    expect(out[0]?.text).toContain('Câu đó đã qua rồi');
    expect(out[1]?.text).toBe(`Câu 2/4\n${second.text}\n${quizHowToLeave}`);
    const attempt = h.db.prepare('SELECT answered, correct FROM quiz_attempts').get();
    expect(attempt).toEqual({ answered: 1, correct: 1 });
  });

  it('handles forged, unknown and out-of-date actions kindly', async () => {
    await h.say('/start');
    for (const action of ['zzz', 'a:999:0:0', 'l:no-such-lesson:0', 'lq:nope', 't:nope', 'a:1:x:0', 'x'.repeat(200), '']) {
      const out = await h.tap(action);
      expect(out.length, action).toBeGreaterThan(0);
      expect(textOf(out)).not.toContain('trục trặc');
    }
    expect(textOf(await h.tap('zzz'))).toContain('Nút này đã cũ');
    expect(textOf(await h.tap('l:no-such-lesson:0'))).toContain('Bài này không còn nữa');
    // A page number past the end shows the last page.
    expect(textOf(await h.tap('l:vneid-muc-2:99'))).toContain('Tài khoản mức 2');
  });

  it('never deletes on an old confirmation button', async () => {
    await h.say('/start');
    const out = await h.tap('del:yes');
    expect(out[0]?.text).toContain('Yêu cầu xoá đó đã cũ');
    expect(h.learners.find('telegram', 'u1')).toBeDefined();
    // Asked, then something else: the pending confirmation is dropped.
    await h.say('xoá dữ liệu');
    await h.say('học');
    await h.tap('del:yes');
    expect(h.learners.find('telegram', 'u1')).toBeDefined();
    // Asked, then "không": nothing deleted.
    await h.say('/xoadulieu');
    expect(textOf(await h.say('không'))).toContain('Đã giữ nguyên');
    expect(h.learners.find('telegram', 'u1')).toBeDefined();
  });

  it('asks for a number in range during a quiz and re-shows the question', async () => {
    let out = await intoQuiz(h);
    const q = quizQuestion(h, out);
    out = await h.say('7');
    // Telegram shows buttons without numbers: the reply says to press one.
    expect(out[0]?.text).toBe('Bạn bấm một nút bên dưới để chọn nhé.');
    expect(out[1]?.text).toBe(`Câu 1/4\n${q.text}\n${quizHowToLeave}`);
    out = await h.say('ừm');
    expect(out[0]?.text).toBe('Bạn bấm một nút bên dưới để chọn nhé.');
    expect(h.assistant.asked).toEqual([]);
  });

  it('answers a real question asked in the middle of a quiz, then re-asks the quiz question', async () => {
    let out = await intoQuiz(h);
    const q = quizQuestion(h, out);
    out = await h.say('vneid dùng để làm gì vậy?');
    expect(out[0]?.text).toContain('VNeID là ứng dụng định danh');
    expect(out[0]?.choices).toBeUndefined();
    expect(out[1]?.text).toContain('vẫn đang làm bài');
    expect(out[2]?.text).toBe(`Câu 1/4\n${q.text}\n${quizHowToLeave}`);
    out = await h.say(String(q.right + 1));
    expect(out[0]?.text).toMatch(/Đúng rồi/);
  });

  it('replies to a lone number when nothing was offered', async () => {
    const first = await h.say('5');
    expect(textOf(first)).toContain('Tôi chưa hiểu số này');
    expect(lastChoices(first)[0]?.label).toBe('📖 Học bài');
  });

  it('asks for a number in range of the last choices', async () => {
    await h.say('/start');
    await h.tap('cskip');
    await h.tap('sub:0');
    await h.tap('af:-');
    await h.say('vneid là gì'); // reply has two choices
    const out = await h.say('9');
    expect(out[0]?.text).toBe('Bạn bấm một nút bên dưới để chọn nhé.');
  });
});

describe('answers typed in every accepted form', () => {
  const forms: [string, number][] = [
    ['1', 0],
    ['1.', 0],
    ['1)', 0],
    [' 2 ', 1],
    ['a', 0],
    ['A)', 0],
    ['b.', 1],
    ['số 1', 0],
    ['so 2', 1],
    ['Số 2 ạ', 1],
    ['đáp án 1', 0],
    ['dap an 2', 1],
    ['chọn hai', 1],
    ['1️⃣', 0],
    ['(b)', 1],
  ];
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it.each(forms)('"%s" picks choice %i', async (typed, index) => {
    const out = await intoQuiz(h);
    const q = quizQuestion(h, out);
    const reply = await h.say(typed);
    expect(reply[0]?.text).toMatch(index === q.right ? /^✅/ : /^❌/);
    const item = h.db.prepare('SELECT chosen, choice_order FROM quiz_attempt_items WHERE position = 0').get() as {
      chosen: number;
      choice_order: string;
    };
    expect(item.chosen).toBe(Number(item.choice_order.split(',')[index]));
  });

  it('accepts the label itself, typed without accents', async () => {
    const out = await intoQuiz(h);
    const q = quizQuestion(h, out);
    const label = (out[1]?.choices?.[q.right]?.label ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
    expect((await h.say(label.toUpperCase()))[0]?.text).toMatch(/^✅/);
  });
});
