import { describe, expect, it } from 'vitest';
import { foldDiacritics, hasDiacritics, normalizeText, tokenize } from '../../src/knowledge/normalize.js';

describe('normalize', () => {
  it('composes NFD input to NFC and lower-cases it', () => {
    const nfd = 'Đăng Ký Khai Sinh'.normalize('NFD');
    expect(nfd).not.toBe('Đăng Ký Khai Sinh');
    expect(normalizeText(nfd)).toBe('đăng ký khai sinh');
  });

  it('folds every tone and vowel mark, and đ to d', () => {
    expect(foldDiacritics('VNeID là gì?')).toBe('vneid la gi?');
    expect(foldDiacritics('Đường ở Ữ ạ ơ ư ê ô ă â')).toBe('duong o u a o u e o a a');
    expect(foldDiacritics('Chuyển khoản'.normalize('NFD'))).toBe('chuyen khoan');
  });

  it('tells accented from unaccented text', () => {
    expect(hasDiacritics('vneid la gi')).toBe(false);
    expect(hasDiacritics('là gì')).toBe(true);
    expect(hasDiacritics('đi')).toBe(true);
    expect(hasDiacritics('la gi'.normalize('NFD'))).toBe(false);
  });

  it('tokenises into syllables with accented and folded forms, phrases broken by punctuation', () => {
    const t = tokenize('VNeID là gì? Đăng nhập');
    expect(t.map((x) => x.accented)).toEqual(['vneid', 'là', 'gì', 'đăng', 'nhập']);
    expect(t.map((x) => x.folded)).toEqual(['vneid', 'la', 'gi', 'dang', 'nhap']);
    expect(t[2]!.phrase).toBeLessThan(t[3]!.phrase);
  });

  it('keeps web addresses and dates whole and also as parts', () => {
    const words = tokenize('Vào dichvucong.gov.vn ngày 10/10').map((x) => x.accented);
    expect(words).toContain('dichvucong.gov.vn');
    expect(words).toContain('dichvucong');
    expect(words).toContain('10/10');
  });

  it('gives identical tokens for NFC and NFD input', () => {
    const s = 'Thông báo lưu trú trên ứng dụng';
    expect(tokenize(s.normalize('NFD'))).toEqual(tokenize(s));
  });
});
