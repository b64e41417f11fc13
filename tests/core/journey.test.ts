import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

    // Progress shows the lesson read, nothing passed yet, today's streak, a suggestion.
    out = await h.say('tiến độ');
    let progress = out[0]?.text ?? '';
    expect(progress).toContain('📊 Tiến độ của Bà Lan');
    expect(progress).toMatch(/1\. Dùng ứng dụng VNeID\n▰▱▱▱▱ 20% · đọc 1\/2 bài · chưa kiểm tra/);
    expect(progress).toContain('2. Phòng tránh lừa đảo\n▱▱▱▱▱ 0% · đọc 0/1 bài');
    expect(progress).toContain('Chưa có câu cần ôn hôm nay');
    expect(progress).toContain('🔥 Hôm nay bạn đã học');
    expect(progress).toContain('Gợi ý: đọc bài “Tài khoản mức 2”');

    // Nothing to review yet today; the wrong answer becomes due the next day.
    out = await h.say('ôn tập');
    expect(out[0]?.text).toContain('chưa có câu nào cần ôn');
    h.advanceDays(1);
    out = await h.say('/tiendo');
    progress = out[0]?.text ?? '';
    expect(progress).toContain('Câu cần ôn hôm nay: 1');
    expect(progress).toContain('🔥 Học 2 ngày liên tiếp');
    expect(progress).toContain('Gợi ý: ôn lại 1 câu');
    out = await h.tap(actionOf(out, 'Ôn tập ngay'));
    expect(out[0]?.text).toContain('Ôn tập: 1 câu');
    q = quizQuestion(h, out);
    out = await h.say(String(q.right + 1));
    expect(textOf(out)).toContain('Ôn xong: đúng 1/1 câu');
    out = await h.say('/ontap');
    expect(out[0]?.text).toContain('chưa có câu nào cần ôn');

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

  it('passes topic quizzes and gets a verifiable completion code', async () => {
    await h.say('/start');
    await h.say('bỏ qua');
    await h.say('không');
    for (const topic of ['vneid', 'lua-dao']) {
      let out = await h.tap(`tq:${topic}`);
      const total = Number(/Câu 1\/(\d+)/.exec(textOf(out))?.[1]);
      expect(total).toBe(topic === 'vneid' ? 8 : 4);
      for (let i = 0; i < total; i++) {
        const q = quizQuestion(h, out);
        out = await h.tap(q.actions[q.right] as string);
      }
      expect(textOf(out)).toContain(`đúng ${total}/${total} câu (100%)`);
      expect(textOf(out)).toContain('🏆 Bạn đã vượt qua chủ đề');
      if (topic === 'lua-dao') {
        const code = /(HVS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3})/.exec(textOf(out))?.[1];
        expect(code).toBeDefined();
        expect(textOf(out)).toContain('Hãy đưa mã này cho cán bộ');
        const progress = textOf(await h.say('tiến độ'));
        expect(progress).toContain(`Mã hoàn thành: ${code}`);
        expect(progress).toContain('▰▰▰▰▰ 100%');
        expect(progress).toContain('Bạn đã học xong tất cả');
      }
    }
  });
});
