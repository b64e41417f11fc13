import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/knowledge/search-index.js';

const docs = [
  { id: 'ba', text: 'Bà ngoại dạy cháu dùng điện thoại.' },
  { id: 'ba-folded', text: 'Ba mẹ dạy con dùng điện thoại.' },
  { id: 'vneid', text: 'VNeID là ứng dụng định danh điện tử của Bộ Công an.' },
  { id: 'qr', text: 'Quét mã QR để chuyển khoản, kiểm tra tên người nhận.' },
  { id: 'nfd', text: 'Thông báo lưu trú trên ứng dụng VNeID.'.normalize('NFD') },
  { id: 'other', text: 'Thời tiết hôm nay đẹp.' },
];
const index = SearchIndex.build(docs);

describe('SearchIndex', () => {
  it('finds accented documents from an unaccented query', () => {
    expect(index.search('vneid la gi')[0]!.id).toBe('vneid');
    expect(index.search('quet ma qr chuyen khoan')[0]!.id).toBe('qr');
  });

  it('ranks the exact accented match first when the query has diacritics', () => {
    expect(index.search('bà dạy')[0]!.id).toBe('ba');
    expect(index.search('ba dạy')[0]!.id).toBe('ba-folded');
  });

  it('does not penalise an unaccented query: both accent variants are found', () => {
    const ids = index.search('ba day dung dien thoai').map((h) => h.id);
    expect(ids.slice(0, 2).sort()).toEqual(['ba', 'ba-folded']);
  });

  it('indexes decomposed (NFD) documents like composed ones', () => {
    expect(index.search('thông báo lưu trú')[0]!.id).toBe('nfd');
  });

  it('returns nothing for an empty or unknown query and respects the limit', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('xyzzy')).toEqual([]);
    expect(index.search('điện thoại', 1)).toHaveLength(1);
  });

  it('reports coverage: the share of the question found in the document', () => {
    const full = index.search('ứng dụng định danh điện tử')[0]!;
    expect(full.id).toBe('vneid');
    expect(full.coverage).toBeGreaterThan(0.9);
    const partial = index.search('định danh giá vàng chứng khoán')[0]!;
    expect(partial.coverage).toBeLessThan(0.5);
  });

  it('gives the same results on repeated queries (the accumulator is reset)', () => {
    const a = index.search('dùng điện thoại');
    const b = index.search('dùng điện thoại');
    expect(b).toEqual(a);
  });

  it('handles an empty corpus', () => {
    expect(SearchIndex.build([]).search('vneid')).toEqual([]);
  });
});
