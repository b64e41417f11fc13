import { describe, expect, it } from 'vitest';
import { canonicalTone, fromTelex, fromVni, isSyllable, rewriteToken, SHORTHAND } from '../../src/knowledge/chat-writing.js';
import { foldDiacritics, tokenize } from '../../src/knowledge/normalize.js';

const words = (text: string) => tokenize(text).map((t) => t.accented).join(' ');
const folded = (text: string) => tokenize(text).map((t) => t.folded).join(' ');

describe('chat shorthand (src/knowledge/lexicon/shorthand.yaml)', () => {
  it.each([
    ['ko', 'không'],
    ['k', 'không'],
    ['kg', 'không'],
    ['hok', 'không'],
    ['hông', 'không'],
    ['dc', 'được'],
    ['đc', 'được'],
    ['đk', 'được'],
    ['j', 'gì'],
    ['gj', 'gì'],
    ['ntn', 'như thế nào'],
    ['bn', 'bao nhiêu'],
    ['bh', 'bây giờ'],
    ['r', 'rồi'],
    ['vs', 'với'],
    ['ck', 'chuyển khoản'],
    ['tk', 'tài khoản'],
    ['stk', 'số tài khoản'],
    ['sđt', 'số điện thoại'],
    ['sdt', 'số điện thoại'],
    ['nh', 'ngân hàng'],
    ['cccd', 'căn cước'],
    ['bhyt', 'bảo hiểm y tế'],
    ['mk', 'mật khẩu'],
    ['pass', 'mật khẩu'],
  ])('%s → %s', (typed, meant) => {
    expect(SHORTHAND.get(typed)?.join(' ')).toBe(meant);
    expect(words(typed)).toBe(meant);
  });

  it('rewrites whole tokens only, never inside a word', () => {
    expect(words('kon ko')).toBe('kon không');
    expect(words('dcm')).toBe('dcm');
    expect(words('hồng')).toBe('hồng'); // "hong" without accents is also "hồng": only "hông" is shorthand
    expect(words('hong')).toBe('hong');
  });

  it('expands a whole chat question', () => {
    expect(folded('quen mk vneid r lam sao dang nhap lai dc')).toBe('quen mat khau vneid roi lam sao dang nhap lai duoc');
    expect(folded('bj lua chuyen 15tr roi gio lam j truoc')).toBe('bi lua chuyen 15 trieu roi gio lam gi truoc');
    expect(folded('bây h ck cho ai ntn')).toBe('bay gio chuyen khoan cho ai nhu the nao');
  });
});

describe('amounts glued to a unit', () => {
  it.each([
    ['30tr', '30 triệu'],
    ['15tr', '15 triệu'],
    ['50k', '50 nghìn'],
    ['2ty', '2 tỷ'],
    ['5k', '5k'], // the "5K" health message, not an amount
    ['24h', '24h'],
  ])('%s → %s', (typed, meant) => expect(words(typed)).toBe(meant));
});

describe('j typed for i', () => {
  it.each([
    ['bj', 'bi'],
    ['gj', 'gì'],
    ['lam gj', 'lam gì'],
    ['tjm', 'tjm'], // not a syllable with i either: left alone
  ])('%s → %s', (typed, meant) => expect(words(typed)).toBe(meant));
});

describe('Telex and VNI residue', () => {
  it.each([
    ['chuyeenr', 'chuyển'],
    ['ddieenj', 'điện'],
    ['nguwowif', 'người'],
    ['khoong', 'khoong'], // no tone key: not rewritten (a tone key alone or a doubling alone is too ambiguous)
    ['bus', 'bus'],
    ['gas', 'gas'],
    ['down', 'down'],
  ])('Telex %s → %s', (typed, meant) => expect(words(typed)).toBe(words(meant)));

  it.each([
    ['chuye63n', 'chuyển'],
    ['d9ie65n', 'điện'],
    ['ngu7o72i', 'người'],
    ['minh2', 'minh2'], // trailing digits are names and codes
    ['covid19', 'covid19'],
  ])('VNI %s → %s', (typed, meant) => expect(words(typed)).toBe(words(meant)));

  it('decodes only into Vietnamese syllables', () => {
    expect(fromTelex('facebookj')).toBeUndefined();
    expect(fromVni('ab1cd')).toBeUndefined();
    expect(isSyllable('nghieng')).toBe(true);
    expect(isSyllable('vneid')).toBe(false);
  });
});

describe('one place for the tone mark', () => {
  it.each([
    ['hoà', 'hòa'],
    ['thuỷ', 'thủy'],
    ['khoẻ', 'khỏe'],
    ['Hoà Bình', 'Hòa Bình'],
  ])('%s and %s are the same word', (a, b) => {
    expect(words(a)).toBe(words(b));
    expect(foldDiacritics(words(a))).toBe(foldDiacritics(a));
  });

  it('leaves syllables with one vowel or a final consonant as written', () => {
    expect(canonicalTone('chuyển')).toBe('chuyển');
    expect(canonicalTone('được')).toBe('được');
    expect(rewriteToken('là', 'la')).toEqual(['là']);
  });
});
