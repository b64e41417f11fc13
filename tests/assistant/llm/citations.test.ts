import { describe, expect, it } from 'vitest';
import { formatPassages, leakMarkers, parseModelAnswer, renumberCitations, selectPassages } from '../../../src/assistant/citations.js';
import { needsCondensing, parseCondensed, shortAnswer } from '../../../src/assistant/condense.js';
import { normaliseQuestion } from '../../../src/assistant/answer-cache.js';
import type { PassageHit } from '../../../src/knowledge/types.js';

const hit = (id: string, lessonTitle: string, heading: string, text: string, score = 1): PassageHit => ({
  passage: { id, lessonId: id.split('#')[0]!, topic: 'vneid', lessonTitle, heading, section: 0, text },
  score,
  coverage: 0.5,
});

describe('parseModelAnswer', () => {
  it('accepts an answer whose citations all point to given passages', () => {
    expect(parseModelAnswer('Tải VNeID [1]. Nhập số định danh [2, 3][1].', 3)).toEqual({ kind: 'answer', text: 'Tải VNeID [1]. Nhập số định danh [2, 3][1].', cited: [1, 2, 3] });
  });
  it('rejects a citation to a passage that was not given, and an answer citing nothing', () => {
    expect(parseModelAnswer('Tải VNeID [1]. Rồi [4].', 3)).toEqual({ kind: 'rejected', reason: 'bad-citation' });
    expect(parseModelAnswer('Tải VNeID [0].', 3)).toEqual({ kind: 'rejected', reason: 'bad-citation' });
    expect(parseModelAnswer('Tải VNeID rồi đăng nhập.', 3)).toEqual({ kind: 'rejected', reason: 'uncited' });
    expect(parseModelAnswer('   ', 3)).toEqual({ kind: 'rejected', reason: 'empty' });
  });
  it('recognises "no answer" in its forms, but not a real answer that mentions missing information', () => {
    expect(parseModelAnswer('KHONG_CO_THONG_TIN', 3)).toEqual({ kind: 'no-answer' });
    expect(parseModelAnswer('KHÔNG_CÓ_THÔNG_TIN.', 3)).toEqual({ kind: 'no-answer' });
    expect(parseModelAnswer('Không có thông tin.', 3)).toEqual({ kind: 'no-answer' });
    expect(parseModelAnswer('Không có thông tin trên thẻ thì bạn ra công an xã để cập nhật [1].', 3).kind).toBe('answer');
  });
  it('rejects digits that look like a card or citizen id, and quotes of the system rules', () => {
    expect(parseModelAnswer('Số thẻ 4111111111111111 [1].', 2)).toEqual({ kind: 'rejected', reason: 'unsafe' });
    expect(parseModelAnswer('Số căn cước 001203004567 [1].', 2)).toEqual({ kind: 'rejected', reason: 'unsafe' });
    expect(parseModelAnswer('Mật khẩu là dãy ký tự bí mật, đặt ít nhất 8 ký tự [1].', 2).kind).toBe('answer');
    const rules = 'Quy tắc:\n1. Chỉ trả lời bằng thông tin có trong các đoạn trích bài học được đánh số.';
    expect(parseModelAnswer('Các quy tắc: chỉ trả lời bằng thông tin có trong các đoạn trích bài học được đánh số [1]', 2, leakMarkers(rules))).toEqual({ kind: 'rejected', reason: 'leak' });
  });
});

describe('renumberCitations', () => {
  it('maps passage numbers to source numbers, merging a lesson cited twice', () => {
    // Passages 1 and 3 come from source 1, passage 2 from source 2.
    expect(renumberCitations('A [1]. B [2]. C [3][1]. D [1, 2].', [1, 2, 1])).toBe('A [1]. B [2]. C [1]. D [1][2].');
  });
});

describe('passages for the prompt', () => {
  it('are numbered with lesson title and heading, best first, within the budget', () => {
    const hits = [hit('a#0', 'Bài A', 'Bước', 'x'.repeat(2000)), hit('b#1', 'Bài B', '', 'ngắn'), hit('c#0', 'Bài C', 'H', 'y'.repeat(500))];
    const sel = selectPassages(hits, { maxPassages: 2, maxPassageChars: 900, maxTotalChars: 2600 });
    expect(sel.map((s) => s.hit.passage.id)).toEqual(['a#0', 'b#1']);
    expect(sel[0]!.text.length).toBeLessThanOrEqual(902);
    const text = formatPassages(sel);
    expect(text).toMatch(/^\[1\] Bài «Bài A» — Bước\nx+/);
    expect(text).toContain('\n\n[2] Bài «Bài B»\nngắn');
  });
});

describe('follow-up helpers', () => {
  const turn = { question: 'Kích hoạt VNeID thế nào?', answer: '1. Tải ứng dụng…', at: 0 };
  it('condense only with history, for short questions or ones that find nothing alone', () => {
    expect(needsCondensing('bước 2 là sao?', [], true)).toBe(false);
    expect(needsCondensing('bước 2 là sao?', [turn], true)).toBe(true);
    expect(needsCondensing('Chuyển nhầm tiền qua mã QR cho người khác thì phải làm gì?', [turn], true)).toBe(false);
    expect(needsCondensing('Chuyển nhầm tiền qua mã QR cho người khác thì phải làm gì?', [turn], false)).toBe(true);
  });
  it('take the first line of the condensed question, falling back to the question as asked', () => {
    expect(parseCondensed('Câu hỏi đầy đủ: "Bước 2 khi kích hoạt VNeID là gì?"\nGiải thích…', 'bước 2?')).toBe('Bước 2 khi kích hoạt VNeID là gì?');
    expect(parseCondensed('', 'bước 2?')).toBe('bước 2?');
    expect(parseCondensed('x'.repeat(400), 'bước 2?')).toBe('bước 2?');
  });
  it('keep only the start of an answer, without its sources', () => {
    expect(shortAnswer('Tải VNeID [1].\n\n📚 Nguồn:\n[1] «A» — https://x')).toBe('Tải VNeID [1].');
    expect(shortAnswer('a '.repeat(400)).length).toBeLessThanOrEqual(402);
  });
});

describe('normaliseQuestion', () => {
  it('meets accented, unaccented, NFD and differently punctuated forms', () => {
    const forms = ['VNeID là gì?', 'vneid la gi', 'VNeID là gì?'.normalize('NFD'), '  vneid   LÀ GÌ!! '];
    expect(new Set(forms.map(normaliseQuestion))).toEqual(new Set(['vneid la gi']));
  });
});
