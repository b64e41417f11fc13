import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Outbound } from '../../src/core/types.js';
import { actionOf, Harness, lastChoices, quizQuestion, textOf } from './harness.js';

/**
 * A whole conversation, as a new person lives it, against a real SQLite file:
 * first contact → commune → lesson → quiz with right and wrong answers → progress → review due → deletion.
 */
describe('a learner’s journey', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('goes from first contact to data deletion', async () => {
    // First contact: welcome, then the commune question (skippable).
    let out = await h.say('/start');
    expect(textOf(out)).toContain('Xin chào Bà Lan');
    expect(out.at(-1)?.text).toContain('xã hay phường nào');
    expect(lastChoices(out).map((c) => c.label)).toEqual(['Bỏ qua']);

    // Commune typed without accents, lower case, with a small typo.
    out = await h.say('phuong tan dinh');
    expect(out[0]?.text).toContain('Phường Tân Định');
    expect(out.at(-1)?.text).toContain('thông báo');
    out = await h.say('có');
    expect(out[0]?.text).toContain('Đã bật nhận thông báo');
    const learner = h.learners.find('telegram', 'u1');
    expect(learner).toMatchObject({ communeCode: 'tandinh', communeName: 'Phường Tân Định', subscribed: true, communeAsked: true });

    // Learn: plain word "hoc" → topics → a topic → the first lesson, page by page ("1" = Tiếp).
    out = await h.say('hoc');
    expect(out[0]?.text).toContain('chủ đề');
    out = await h.say('1');
    expect(out[0]?.text).toContain('Dùng ứng dụng VNeID');
    out = await h.tap(actionOf(out, 'VNeID là gì?'));
    expect(out[0]?.text).toMatch(/VNeID là gì\? · trang 1\/3/);
    expect(lastChoices(out).map((c) => c.label)).toEqual(['Tiếp ▶️', '✅ Làm bài kiểm tra', '↩️ Chủ đề khác']);
    out = await h.say('1');
    expect(out[0]?.text).toContain('trang 2/3');
    out = await h.say('tiếp');
    expect(out[0]?.text).toContain('trang 3/3');
    expect(out[0]?.text).toContain('🔗 Nguồn: Nguồn thử nghiệm A');
    expect(out[1]?.text).toContain('đọc xong');

    // The lesson's quiz: 4 questions, one at a time. Right, wrong, right, right.
    out = await h.say('1');
    expect(out[0]?.text).toContain('Kiểm tra: VNeID là gì?');
    let q = quizQuestion(h, out);
    expect(out[1]?.text).toMatch(/^Câu 1\/4/);
    out = await h.say(String(q.right + 1));
    expect(out[0]?.text).toMatch(/^✅ Đúng rồi!/);
    q = quizQuestion(h, out);
    out = await h.tap(q.actions[q.wrong] as string);
    expect(out[0]?.text).toMatch(/^❌ Chưa đúng\. Đáp án đúng là/);
    expect(out[1]?.text).toMatch(/^Câu 3\/4/);
    q = quizQuestion(h, out);
    out = await h.say(`số ${q.right + 1}`);
    q = quizQuestion(h, out);
    out = await h.say(`đáp án ${q.right + 1}`);
    const result = textOf(out);
    expect(result).toContain('đúng 3/4 câu (75%)');
    expect(result).toContain('Cần đúng từ 80%');
    expect(result).toContain('Nên đọc lại: “VNeID là gì?”');
    expect(lastChoices(out).map((c) => c.label)).toContain('🔁 Làm lại');

    // Progress shows the lesson opened and the lesson quiz taken (never "not tested"), today's streak,
    // and a suggestion that follows the failed quiz.
    out = await h.say('tiến độ');
    let progress = out[0]?.text ?? '';
    expect(progress).toContain('📊 Tiến độ của Bà Lan');
    expect(progress).toMatch(/1\. Dùng ứng dụng VNeID\n▰▱▱▱▱ 20% · đã mở 1\/2 bài · kiểm tra từng bài: đạt 0\/2/);
    expect(progress).toContain('2. Phòng tránh lừa đảo\n▱▱▱▱▱ 0% · đã mở 0/1 bài · chưa làm bài kiểm tra nào');
    expect(progress).not.toContain('chưa kiểm tra');
    expect(progress).toContain('Chưa có câu cần ôn hôm nay');
    expect(progress).toContain('🔥 Hôm nay bạn đã học');
    expect(progress).toContain('Gợi ý: bài kiểm tra “VNeID là gì?” lần trước chưa đạt');
    expect(lastChoices(out).map((c) => c.label)).toEqual(['📖 Đọc lại: VNeID là gì?', '🔁 Làm lại kiểm tra: VNeID là gì?', '🏠 Về trang chính']);

    // Nothing to review yet today; the wrong answer becomes due the next day.
    out = await h.say('ôn tập');
    expect(out[0]?.text).toContain('chưa có câu nào cần ôn');
    h.advanceDays(1);
    out = await h.say('/tiendo');
    progress = out[0]?.text ?? '';
    expect(progress).toContain('Câu cần ôn hôm nay: 1');
    expect(progress).toContain('🔥 Học 2 ngày liên tiếp');
    expect(progress).toContain('Gợi ý: bài kiểm tra “VNeID là gì?” lần trước chưa đạt');
    out = await h.say('ôn tập');
    expect(out[0]?.text).toContain('Ôn tập: 1 câu');
    q = quizQuestion(h, out);
    out = await h.say(String(q.right + 1));
    expect(textOf(out)).toContain('Ôn xong: đúng 1/1 câu');
    out = await h.say('/ontap');
    expect(out[0]?.text).toContain('chưa có câu nào cần ôn');

    // Passing the lesson quiz on a retry: the suggestion moves on to the next lesson.
    out = await h.tap('lq:vneid-la-gi');
    for (let i = 0; i < 4; i++) {
      q = quizQuestion(h, out);
      out = await h.tap(q.actions[q.right] as string);
    }
    progress = textOf(await h.say('tiến độ'));
    expect(progress).toContain('kiểm tra từng bài: đạt 1/2');
    expect(progress).toContain('Gợi ý: đọc bài “Tài khoản mức 2”');

    // Deleting the data: confirmation first, then every row about the person is gone.
    const id = learner?.id as number;
    expect(Object.values(h.rowsFor(id)).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    out = await h.say('xoá dữ liệu');
    expect(out[0]?.text).toContain('không lấy lại được');
    out = await h.say('1');
    expect(out[0]?.text).toContain('Đã xoá toàn bộ');
    const rows = h.rowsFor(id);
    expect(Object.values(rows).every((n) => n === 0), JSON.stringify(rows)).toBe(true);
    expect(h.learners.find('telegram', 'u1')).toBeUndefined();

    // Writing again starts afresh.
    out = await h.say('menu');
    expect(textOf(out)).toContain('Xin chào!');
    expect(h.learners.find('telegram', 'u1')?.id).not.toBe(id);
  });

  async function passTopicQuiz(topic: string): Promise<Outbound[]> {
    let out = await h.tap(`tq:${topic}`);
    const total = Number(/Câu 1\/(\d+)/.exec(textOf(out))?.[1]);
    expect(total).toBe(topic === 'vneid' ? 8 : 4);
    for (let i = 0; i < total; i++) {
      const q = quizQuestion(h, out);
      out = await h.tap(q.actions[q.right] as string);
    }
    expect(textOf(out)).toContain(`đúng ${total}/${total} câu (100%)`);
    return out;
  }
  const CODE = /(HVS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3})/;

  it('passes a topic only with its lessons opened and its quiz passed, and records both in the completion code', async () => {
    await h.say('/start');
    await h.say('bỏ qua');
    await h.say('không');
    // Topic quizzes first, no lesson opened: the quizzes are passed, the topics are not yet.
    let out = await passTopicQuiz('vneid');
    expect(textOf(out)).toContain('Bạn đã đạt bài kiểm tra chủ đề “Dùng ứng dụng VNeID” 👍 Còn 2 bài chưa mở: “VNeID là gì?”, “Tài khoản mức 2”');
    expect(textOf(out)).not.toContain('🏆');
    expect(lastChoices(out).map((c) => c.label)).toContain('📖 Đọc bài: VNeID là gì?');
    h.advanceDays(1);
    out = await passTopicQuiz('lua-dao');
    expect(textOf(out)).not.toMatch(CODE);
    let progress = textOf(await h.say('tiến độ'));
    expect(progress).toContain('1. Dùng ứng dụng VNeID\n▰▱▱▱▱ 20% · đã mở 0/2 bài · kiểm tra chủ đề: 8/8 (đạt) · còn 2 bài chưa mở');
    expect(progress).not.toContain('Mã hoàn thành');
    expect(progress).toContain('Gợi ý: đọc bài “VNeID là gì?”');

    // Opening the lessons: the last one completes the curriculum, and the code comes right away.
    h.advanceDays(1);
    await h.tap('l:vneid-la-gi:0');
    out = await h.tap('l:vneid-muc-2:0');
    expect(textOf(out)).not.toMatch(CODE);
    out = await h.tap('l:nhan-dien-lua-dao:0');
    const code = CODE.exec(textOf(out))?.[1] as string;
    expect(code).toBeDefined();
    expect(textOf(out)).toContain('Hãy đưa mã này cho cán bộ');
    progress = textOf(await h.say('tiến độ'));
    expect(progress).toContain(`Mã hoàn thành: ${code}`);
    expect(progress).toContain('1. Dùng ứng dụng VNeID ✅\n▰▰▰▰▰ 100%');
    expect(progress).toContain('Bạn đã học xong tất cả');

    const record = h.completions.verify(code);
    expect(record?.topics.map((t) => [t.topicId, t.correct, t.total, t.lessonsOpened, t.lessonsTotal])).toEqual([
      ['vneid', 8, 8, 2, 2],
      ['lua-dao', 4, 4, 1, 1],
    ]);
    // Passed when the last of quiz and lesson openings happened: day 2 for both, as the lessons were opened then.
    const day = (iso: string | undefined) => iso?.slice(0, 10);
    expect(record?.topics.map((t) => day(t.passedAt))).toEqual([day(h.now.toISOString()), day(h.now.toISOString())]);
  });

  it('issues the code at the last topic quiz when the lessons were opened before', async () => {
    await h.say('/start');
    await h.say('bỏ qua');
    await h.say('không');
    for (const lesson of ['vneid-la-gi', 'vneid-muc-2', 'nhan-dien-lua-dao']) await h.tap(`l:${lesson}:0`);
    let out = await passTopicQuiz('vneid');
    expect(textOf(out)).toContain('🏆 Bạn đã vượt qua chủ đề');
    out = await passTopicQuiz('lua-dao');
    const code = CODE.exec(textOf(out))?.[1] as string;
    expect(code).toBeDefined();
    expect(h.completions.verify(code)?.topics).toHaveLength(2);
  });
});
