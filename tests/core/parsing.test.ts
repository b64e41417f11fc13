import { describe, expect, it } from 'vitest';
import { act, parseAction } from '../../src/core/actions.js';
import { matchChoiceLabel, parseChoiceInput, renderChoicesAsText, renderChoiceLines } from '../../src/core/choices.js';
import { isSkipWord, parseCommand, parseYesNo } from '../../src/core/commands.js';
import { readState } from '../../src/core/state.js';
import { progressBar } from '../../src/core/texts.js';

describe('parseChoiceInput', () => {
  it.each([
    ['1', 0], ['1.', 0], ['1)', 0], ['2 ', 1], ['a', 0], ['A)', 0], ['b.', 1], ['C', 2], ['số 1', 0], ['so 2', 1],
    ['Số 3 ạ', 2], ['đáp án 1', 0], ['Dap an 2', 1], ['chọn ba', 2], ['1️⃣', 0], ['(2)', 1], ['phương án 2', 1], ['câu 3', 2],
  ])('"%s" → choice %i of 3', (text, index) => {
    expect(parseChoiceInput(text, 3)).toEqual({ index });
  });

  it('says when a number is out of range', () => {
    expect(parseChoiceInput('4', 3)).toEqual({ outOfRange: 4 });
    expect(parseChoiceInput('0', 3)).toEqual({ outOfRange: 0 });
    expect(parseChoiceInput('d', 3)).toEqual({ outOfRange: 4 });
    expect(parseChoiceInput('1', 0)).toEqual({ outOfRange: 1 });
  });

  it.each(['vneid là gì', 'phường 1', '1 2', 'abc', '', '12345', 'bỏ qua'])('"%s" is not a choice number', (text) => {
    expect(parseChoiceInput(text, 3)).toBeUndefined();
  });
});

describe('choice labels and rendering', () => {
  it('matches a typed label without accents or emoji', () => {
    expect(matchChoiceLabel('lam bai kiem tra', ['Tiếp ▶️', '✅ Làm bài kiểm tra'])).toBe(1);
    expect(matchChoiceLabel('TIEP', ['Tiếp ▶️', '✅ Làm bài kiểm tra'])).toBe(0);
    expect(matchChoiceLabel('kiem', ['Tiếp ▶️', '✅ Làm bài kiểm tra'])).toBeUndefined();
  });

  it('renders choices as numbered lines under the text', () => {
    const out = { text: 'Chọn:', choices: [{ label: 'Một', action: 'a' }, { label: 'Hai', action: 'b' }] };
    expect(renderChoicesAsText(out)).toBe('Chọn:\n\n1. Một\n2. Hai\n👉 Gõ số để chọn.');
    expect(renderChoiceLines([])).toBe('');
    expect(renderChoicesAsText({ text: 'Chỉ chữ' })).toBe('Chỉ chữ');
  });
});

describe('parseCommand', () => {
  it.each([
    ['/start', 'start', ''], ['/start xamau1', 'start', 'xamau1'], ['/hoc', 'hoc', ''], ['/học', 'hoc', ''], ['/hoc@Bot', 'hoc', ''],
    ['học', 'hoc', ''], ['Hoc bai', 'hoc', ''], ['kiểm tra', 'kiemtra', ''], ['KIEM TRA', 'kiemtra', ''], ['/kiemtra', 'kiemtra', ''],
    ['ôn tập', 'ontap', ''], ['/ontap', 'ontap', ''], ['tiến độ', 'tiendo', ''], ['tien do!', 'tiendo', ''], ['/xa', 'xa', ''],
    ['xã', 'xa', ''], ['thông báo', 'thongbao', ''], ['/thongbao', 'thongbao', ''], ['xoá dữ liệu', 'xoadulieu', ''],
    ['xóa dữ liệu', 'xoadulieu', ''], ['/xoadulieu', 'xoadulieu', ''], ['giúp', 'giup', ''], ['giup', 'giup', ''],
    ['/giup', 'giup', ''], ['Xin chào', 'start', ''], ['menu', 'menu', ''],
  ])('"%s" → %s', (text, name, arg) => {
    expect(parseCommand(text)).toEqual({ name, arg });
  });

  it.each(['học ở đâu', 'vneid là gì', 'kiểm tra tài khoản ngân hàng thế nào', '/khongco', 'xã tân định'])('"%s" is not a command', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });

  it('reads yes, no and skip', () => {
    expect(parseYesNo('Có')).toBe(true);
    expect(parseYesNo('vâng ạ')).toBe(true);
    expect(parseYesNo('ko')).toBe(false);
    expect(parseYesNo('để tôi nghĩ')).toBeUndefined();
    expect(isSkipWord('Bỏ qua')).toBe(true);
    expect(isSkipWord('Tân Định')).toBe(false);
  });
});

describe('actions', () => {
  it('round-trips every action and rejects malformed ones', () => {
    expect(parseAction(act.page('vneid-la-gi', 2))).toEqual({ kind: 'page', lesson: 'vneid-la-gi', page: 2 });
    expect(parseAction(act.answer(12, 3, 1))).toEqual({ kind: 'answer', attemptId: 12, position: 3, choice: 1 });
    expect(parseAction(act.topicQuiz('lua-dao'))).toEqual({ kind: 'topicQuiz', topic: 'lua-dao' });
    expect(parseAction(act.subscribe(false))).toEqual({ kind: 'subscribe', on: false });
    expect(parseAction(act.delete(true))).toEqual({ kind: 'delete', confirm: true });
    expect(parseAction('menu')).toEqual({ kind: 'menu' });
    for (const bad of ['', 'a:1:2', 'a:x:1:2', 'l:abc', 'sub:2', 'del:maybe', 't:', 'nope', `t:${'x'.repeat(70)}`]) {
      expect(parseAction(bad), bad).toBeUndefined();
    }
  });
});

describe('state and progress bar', () => {
  it('reads malformed state as empty', () => {
    expect(readState(undefined)).toEqual({});
    expect(readState({ quiz: { attemptId: 'x', position: 0 } })).toEqual({});
    expect(readState({ awaiting: 'commune', onboarding: true })).toEqual({ awaiting: 'commune', onboarding: true });
  });

  it('draws five segments', () => {
    expect(progressBar(0)).toBe('▱▱▱▱▱');
    expect(progressBar(60)).toBe('▰▰▰▱▱');
    expect(progressBar(100)).toBe('▰▰▰▰▰');
    expect(progressBar(9)).toBe('▱▱▱▱▱');
    expect(progressBar(10)).toBe('▰▱▱▱▱');
  });
});
