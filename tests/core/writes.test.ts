import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inbound, Outbound } from '../../src/core/types.js';
import { Harness, quizQuestion, textOf } from './harness.js';

const tapOf = (action: string): Inbound => ({ channel: 'telegram', chatId: 'c-u1', userId: 'u1', userName: 'Bà Lan', action, kind: 'action' });
const sayOf = (text: string): Inbound => ({ channel: 'telegram', chatId: 'c-u1', userId: 'u1', userName: 'Bà Lan', text, kind: 'text' });

describe('what a message writes', () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });
  afterEach(() => h.close());

  it('records each active day once, and the streak across days', async () => {
    await h.say('/start');
    await h.say('menu');
    expect(h.learners.find('telegram', 'u1')?.lastActiveDay).toBe('2026-03-02');
    h.advanceDays(1);
    await h.say('menu');
    expect(h.learners.find('telegram', 'u1')?.lastActiveDay).toBe('2026-03-03');
    const id = h.learners.find('telegram', 'u1')?.id ?? -1;
    expect(h.learners.activeDays(id)).toEqual(['2026-03-03', '2026-03-02']);
    expect(textOf(await h.say('tiến độ'))).toContain('🔥 Học 2 ngày liên tiếp');
  });

  it('hands the replies to keep inside its last write, for buttons and for questions', async () => {
    const kept: Outbound[][] = [];
    const keep = (r: Outbound[]) => kept.push(r);
    const started = await h.conversation.handle(sayOf('/start'), { keep });
    const asked = await h.conversation.handle(sayOf('VNeID là gì vậy?'), { keep });
    const tapped = await h.conversation.handle(tapOf('menu'), { keep });
    expect(kept).toHaveLength(3);
    expect(kept[0]).toBe(started);
    expect(kept[1]).toBe(asked);
    expect(kept[2]).toBe(tapped);
    // A sticker writes nothing: its reply is not handed over (the caller stores it).
    const sticker = await h.conversation.handle({ channel: 'telegram', chatId: 'c-u1', userId: 'u1', kind: 'unsupported' }, { keep });
    expect(kept).toHaveLength(3);
    expect(sticker).toHaveLength(1);
  });

  it('writes a button press all or nothing: a failure records no answer, so the same button works again', async () => {
    await h.say('/start');
    await h.say('bỏ qua');
    await h.say('không');
    const q = quizQuestion(h, await h.tap('lq:vneid-muc-2'));
    const right = q.actions[q.right] as string;
    const failed = await h.conversation.handle(tapOf(right), {
      keep: () => {
        throw new Error('disk full');
      },
    });
    expect(textOf(failed)).toContain('có trục trặc nhỏ');
    expect(h.db.prepare('SELECT answered, correct FROM quiz_attempts').get()).toEqual({ answered: 0, correct: 0 });
    const again = await h.tap(right);
    expect(again[0]?.text).toMatch(/^✅ Đúng rồi!/);
    expect(h.db.prepare('SELECT answered, correct FROM quiz_attempts').get()).toEqual({ answered: 1, correct: 1 });
  });
});
