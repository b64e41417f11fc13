import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/assistant/types.js';
import { normaliseQuestion, outcomeOf, weekOf } from '../../src/reports/question-log.js';
import { csrfOf, DashboardFixture } from '../web/admin/fixture.js';

const answer = (grounded: boolean, intent?: string): Answer => ({ question: '', answer: '', grounded, mode: 'extractive', sources: [], ...(intent ? { intent } : {}) }) as Answer;

describe('question counts', () => {
  it('reads the outcome from the intent when the answer has one, else from grounded', () => {
    expect(outcomeOf(answer(true))).toBe('answered');
    expect(outcomeOf(answer(false))).toBe('unanswered');
    expect(outcomeOf(answer(false, 'clarify'))).toBe('clarify');
    expect(outcomeOf(answer(false, 'decline'))).toBe('decline');
    expect(outcomeOf(answer(false, 'smalltalk'))).toBeUndefined();
  });

  it('redacts numbers, links and e-mails, and groups wordings that differ only in accents and case', () => {
    const a = normaliseQuestion('Số của tôi 0912 345 678, mã OTP 123456 gửi cho ai?')!;
    expect(a.shown).not.toMatch(/\d{3}/);
    expect(normaliseQuestion('xem https://lua.dao/x và gửi a@b.vn')!.shown).toBe('xem *** và gửi ***');
    expect(normaliseQuestion('VNeID là gì?')!.key).toBe(normaliseQuestion('  vneid   LA GI ')!.key);
    expect(normaliseQuestion('/dangnhap')).toBeUndefined();
  });

  it('weeks start on Monday, Vietnam time', () => {
    expect(weekOf(new Date('2026-11-29T18:00:00Z'))).toBe('2026-11-30'); // Monday 01:00 in Vietnam
    expect(weekOf(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-23'); // still Sunday 23:00
  });
});

describe('questions page', () => {
  let f: DashboardFixture;
  beforeEach(() => {
    f = new DashboardFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('counts what citizens ask without storing who, and an officer marks one handled', async () => {
    await f.say('c1', 'VNeID là gì?');
    await f.say('c2', 'vneid la gi');
    await f.say('c1', 'Làm sao đăng ký xe máy 0912345678?');
    await f.say('c3', 'lam sao dang ky xe may 0987654321');
    const rows = f.db.prepare('SELECT * FROM question_stats ORDER BY outcome').all() as Record<string, unknown>[];
    expect(rows.map((r) => [r.outcome, r.count])).toEqual([
      ['answered', 2],
      ['decline', 2],
    ]);
    // Nothing in the row names a person, a chat or a commune; the phone numbers are gone.
    expect(Object.keys(rows[0]!).sort()).toEqual(['count', 'handled_at', 'handled_by', 'last_at', 'outcome', 'question', 'shown', 'week']);
    expect(JSON.stringify(rows)).not.toMatch(/c1|c2|c3|0912|0987/);

    f.grant('officer-1', 'officer', ['tandinh']);
    const b = f.browser();
    await b.signIn((await f.linkFor('officer-1'))!);
    const page = await b.get('/admin/cau-hoi');
    expect(page.body).toContain('Làm sao đăng ký xe máy ***?');
    const unanswered = rows.find((r) => r.outcome === 'decline')!;
    const res = await b.post('/admin/cau-hoi/da-xu-ly', { _csrf: csrfOf(page.body), week: String(unanswered.week), outcome: 'decline', question: String(unanswered.question) });
    expect(res.statusCode).toBe(303);
    expect((await b.get('/admin/cau-hoi')).body).toContain('Đã xử lý');
  });
});
