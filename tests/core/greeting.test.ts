import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/core/types.js';
import { Harness, lastChoices, quizQuestion, textOf } from './harness.js';

/** The web chat's greeting (Conversation.greeting) and a first message sent after it (`greeted`). */
describe('greeting a chat that shows no history', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  const web = (session: string, rest: Partial<Inbound>): Inbound => ({ channel: 'web', chatId: session, userId: session, greeted: true, kind: 'text', ...rest });

  it('greets someone new like /start but stores nothing until their first real message', async () => {
    const out = await h.conversation.greeting('web', 's1');
    expect(out[0]?.text).toContain('Xin chào');
    expect(out[1]?.text).toContain('Bạn sống ở xã hay phường nào?');
    expect(lastChoices(out).map((c) => c.label)).toEqual(['Bỏ qua']);
    // Opening (and reopening) a chat creates no learner and no state.
    await h.conversation.greeting('web', 's1');
    expect(h.learners.find('web', 's1')).toBeUndefined();
    expect(h.db.prepare('SELECT count(*) AS n FROM learners').get()).toEqual({ n: 0 });
    expect(h.db.prepare('SELECT count(*) AS n FROM conversation_states').get()).toEqual({ n: 0 });
  });

  it('carries on from the greeting: a commune name typed first is taken as the answer, with no second hello', async () => {
    await h.conversation.greeting('web', 's2');
    const out = await h.send(web('s2', { text: 'Phường Tân Định' }));
    expect(textOf(out)).not.toContain('Xin chào');
    expect(out[0]?.text).toBe('Đã ghi nhận: Phường Tân Định ✅');
    expect(out[1]?.text).toContain('nhận thông báo');
    expect(h.learners.find('web', 's2')?.communeName).toBe('Phường Tân Định');
  });

  it('the "Bỏ qua" button pressed first skips the commune and asks about announcements', async () => {
    const out = await h.send(web('s3', { kind: 'action', action: 'cskip' }));
    expect(textOf(out)).not.toContain('Xin chào');
    expect(out[1]?.text).toContain('nhận thông báo');
    expect(h.learners.find('web', 's3')?.communeAsked).toBe(true);
  });

  it('welcomes back with the pending quiz question and its buttons; a typed number answers it', async () => {
    await h.send(web('s4', { kind: 'action', action: 'cskip' }));
    await h.send(web('s4', { kind: 'action', action: 'sub:0' }));
    const started = await h.send(web('s4', { kind: 'action', action: 'lq:vneid-muc-2' }));
    const q = quizQuestion(h, started);
    const back = await h.conversation.greeting('web', 's4');
    expect(back[0]?.text).toContain('quay lại');
    expect(back.at(-1)?.text).toMatch(/^Câu 1\/4/);
    expect(lastChoices(back)).toEqual(lastChoices(started));
    const out = await h.send(web('s4', { text: String(q.right + 1) }));
    expect(out[0]?.text).toMatch(/^✅ Đúng rồi!/);
  });

  it('welcomes back with the last choices (a lesson page) or the menu', async () => {
    await h.send(web('s5', { kind: 'action', action: 'cskip' }));
    await h.send(web('s5', { kind: 'action', action: 'sub:0' }));
    const page = await h.send(web('s5', { kind: 'action', action: 'l:vneid-muc-2:0' }));
    const back = await h.conversation.greeting('web', 's5');
    expect(back[1]?.text).toBe('Lần trước bạn dừng ở đây. Bấm một nút để làm tiếp, hoặc gõ câu hỏi:');
    expect(lastChoices(back)).toEqual(lastChoices(page));
    await h.send(web('s5', { text: 'menu' }));
    const menu = await h.conversation.greeting('web', 's5');
    expect(menu[1]?.text).toContain('Bạn muốn làm gì?');
  });

  it('says "bấm nút" where buttons carry no numbers, "gõ số" where choices are numbered lines', async () => {
    await h.send(web('s6', { kind: 'action', action: 'cskip' }));
    await h.send(web('s6', { kind: 'action', action: 'sub:0' }));
    await h.send(web('s6', { kind: 'action', action: 'lq:vneid-muc-2' }));
    const onWeb = await h.send(web('s6', { text: '9' }));
    expect(onWeb[0]?.text).toBe('Bạn bấm một nút bên dưới để chọn nhé.');
    expect(textOf(await h.send(web('s6', { text: 'giúp' })))).not.toMatch(/gõ số/);

    const zalo = (text: string): Inbound => ({ channel: 'zalo', chatId: 'z1', userId: 'z1', kind: 'text', text });
    await h.send(zalo('/start'));
    await h.send(zalo('bỏ qua'));
    await h.send(zalo('không'));
    const quiz = await h.send({ channel: 'zalo', chatId: 'z1', userId: 'z1', kind: 'action', action: 'lq:vneid-muc-2' });
    expect(quiz[0]?.text).toContain('gõ số');
    const onZalo = await h.send(zalo('9'));
    expect(onZalo[0]?.text).toMatch(/^Bạn gõ một số từ 1 đến \d để chọn nhé\.$/);
  });
});
