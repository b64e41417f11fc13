import { describe, expect, it } from 'vitest';
import { safeEqual, splitText } from '../../src/channels/contract.js';

describe('splitText', () => {
  it('keeps short text whole and drops empty text', () => {
    expect(splitText('  Xin chào  ', 100)).toEqual(['Xin chào']);
    expect(splitText('   ', 100)).toEqual([]);
  });

  it('cuts at paragraph boundaries first', () => {
    const a = 'a'.repeat(60);
    const b = 'b'.repeat(60);
    const c = 'c'.repeat(60);
    expect(splitText(`${a}\n\n${b}\n\n${c}`, 130)).toEqual([`${a}\n\n${b}`, c]);
  });

  it('falls back to line breaks, sentence ends, spaces, then a hard cut', () => {
    expect(splitText(`${'x'.repeat(50)}\n${'y'.repeat(50)}`, 60)).toEqual(['x'.repeat(50), 'y'.repeat(50)]);
    expect(splitText(`Câu một dài dài dài. Câu hai cũng dài dài.`, 30)).toEqual(['Câu một dài dài dài.', 'Câu hai cũng dài dài.']);
    expect(splitText('một hai ba bốn năm sáu', 10)).toEqual(['một hai ba', 'bốn năm', 'sáu']);
    expect(splitText('z'.repeat(25), 10)).toEqual(['z'.repeat(10), 'z'.repeat(10), 'z'.repeat(5)]);
  });

  it('never exceeds the limit and loses no words', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `từ${i}${i % 37 === 0 ? '.\n\n' : i % 11 === 0 ? '\n' : ' '}`).join('');
    const pieces = splitText(words, 500);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(500);
    expect(pieces.join(' ').split(/\s+/).filter(Boolean)).toEqual(words.split(/\s+/).filter(Boolean));
  });
});

describe('safeEqual', () => {
  it('matches only the exact secret', () => {
    expect(safeEqual('abc_123-XYZ', 'abc_123-XYZ')).toBe(true);
    expect(safeEqual('abc_123-XYz', 'abc_123-XYZ')).toBe(false);
    expect(safeEqual('abc', 'abc_123-XYZ')).toBe(false);
    expect(safeEqual(undefined, 'abc')).toBe(false);
    expect(safeEqual(['abc', 'abc'], 'abc')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
