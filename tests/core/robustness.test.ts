import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, lastChoices, textOf } from './harness.js';

describe('questions, odd input and ordering', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('passes a question to the assistant and offers the matching lesson', async () => {
    await h.say('/start');
    const out = await h.say('VNeID là gì vậy?');
    expect(out[0]?.text).toBe('VNeID là ứng dụng định danh điện tử của Bộ Công an.');
    expect(lastChoices(out).map((c) => c.label)).toEqual(['📖 Đọc bài: VNeID là gì?', '🏠 Về trang chính']);
    const lesson = await h.say('1');
    expect(lesson[0]?.text).toMatch(/^📖 VNeID là gì\? · trang 1\//);
    expect(h.assistant.asked).toEqual(['VNeID là gì vậy?']);
    // The follow-up memory key is the person on the platform (as the assistant's chat_turns expect).
    expect(h.assistant.contexts).toEqual([{ conversationKey: 'telegram:u1' }]);
  });

  it('passes a sensitive-data warning on as it is and never stores question texts', async () => {
    const secret = 'mật khẩu của tôi là Lan123456, giữ giúp nhé';
    const out = await h.say(secret);
    expect(textOf(out)).toContain('⚠️ Đừng gửi mật khẩu hay mã OTP cho ai');
    await h.say('một câu hỏi khác hoàn toàn riêng tư về gia đình tôi');
    h.db.pragma('wal_checkpoint(TRUNCATE)');
    const tables = h.db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
    for (const { name } of tables) {
      const dump = JSON.stringify(h.db.prepare(`SELECT * FROM ${name}`).all());
      expect(dump, name).not.toContain('Lan123456');
      expect(dump, name).not.toContain('gia đình tôi');
    }
  });

  it('tells the person kindly when the assistant fails', async () => {
    h.assistant.fail = true;
    const out = await h.say('vneid có mất phí không');
    expect(textOf(out)).toContain('lúc này tôi chưa trả lời được');
  });

  it('refuses very long messages and stickers kindly, without creating anything', async () => {
    let out = await h.say('a'.repeat(2001));
    expect(out).toEqual([{ text: 'Tin nhắn dài quá (hơn 2.000 chữ). Bạn gửi câu hỏi ngắn hơn giúp tôi nhé.' }]);
    out = await h.send({ channel: 'telegram', chatId: 'c-u1', userId: 'u1', kind: 'unsupported' });
    expect(out[0]?.text).toContain('chỉ đọc được tin nhắn chữ');
    expect(h.learners.find('telegram', 'u1')).toBeUndefined();
    expect(h.assistant.asked).toEqual([]);
    // Exactly 2,000 characters is still read.
    out = await h.say('b'.repeat(2000));
    expect(h.assistant.asked).toHaveLength(1);
    // Empty text and a malformed stored state do not break anything.
    out = await h.say('   ');
    expect(out[0]?.text).toContain('gõ “trang chủ”');
    const id = h.learners.find('telegram', 'u1')?.id as number;
    h.db.prepare('UPDATE conversation_states SET state = ? WHERE learner_id = ?').run('{not json', id);
    expect(textOf(await h.say('học'))).toContain('Bạn muốn học chủ đề nào?');
    h.db.prepare('UPDATE conversation_states SET state = ? WHERE learner_id = ?').run('{"quiz":{"attemptId":"x"}}', id);
    // Unreadable state is a fresh start: the number no longer refers to anything, and nothing breaks.
    expect(textOf(await h.say('1'))).toContain('Tôi chưa hiểu số này');
    expect(textOf(await h.say('1'))).toContain('Bạn muốn học chủ đề nào?');
  });

  it('handles one person’s messages in order, even when they arrive together', async () => {
    await h.say('/start');
    await h.say('bỏ qua');
    await h.say('không');
    const [a, b, c] = await Promise.all([h.say('học'), h.say('1'), h.say('1')]);
    expect(a?.[0]?.text).toBe('Bạn muốn học chủ đề nào?');
    expect(b?.[0]?.text).toContain('📚 Dùng ứng dụng VNeID');
    expect(c?.[0]?.text).toMatch(/^📖 VNeID là gì\?/);
  });

  it('keeps two people apart', async () => {
    await h.say('/start', 'u1', 'An');
    await h.say('/start', 'u2', 'Bình');
    const one = await h.say('phường tân định', 'u1', 'An');
    const two = await h.say('hòa an', 'u2', 'Bình');
    expect(one[0]?.text).toContain('Phường Tân Định');
    expect(two[0]?.text).toContain('Xã Hòa An');
  });

  it('drops a quiz whose questions disappeared from the content', async () => {
    await h.say('/start');
    await h.tap('lq:vneid-muc-2');
    h.db.prepare(`UPDATE quiz_attempt_items SET question_id = 'gone:1'`).run();
    const out = await h.say('1');
    expect(textOf(out)).toContain('vừa được cập nhật nội dung');
    expect(textOf(await h.say('menu'))).not.toContain('Làm tiếp');
  });
});
