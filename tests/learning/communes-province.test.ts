import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as communesCli } from '../../src/cli/communes.js';
import { assignInviteCodes, baseInviteCode } from '../../src/learning/commune-codes.js';
import { communesYaml, existingCodes, parseCommunesTsv } from '../../src/learning/communes-import.js';
import { loadCommunes } from '../../src/learning/communes-loader.js';
import { CommuneMatcher } from '../../src/learning/communes.js';

const SHIPPED = join(import.meta.dirname, '..', '..', 'content', 'communes.yaml');

describe('invitation codes from names', () => {
  it.each([
    ['Xã Yên Sơn', 'yenson'], ['Phường Hà Giang 1', 'hagiang1'], ['Xã Đồng Văn', 'dongvan'], ['Phường Mỹ Lâm', 'mylam'],
    ['Thị trấn Vĩnh Lộc', 'vinhloc'], ['Xã Nà Hang', 'nahang'],
  ])('%s → %s', (name, code) => {
    expect(baseInviteCode(name)).toBe(code);
  });

  it('adds the kind, then the administrative code, only where names collide; order does not matter', () => {
    const units = [
      { name: 'Xã Yên Sơn', adminCode: '00001' },
      { name: 'Phường Yên Sơn', adminCode: '00002' },
      { name: 'Xã Tân Long', adminCode: '00003' },
      { name: 'Xã Tân Long', adminCode: '00004' },
      { name: 'Xã Minh Quang', adminCode: '00005' },
    ];
    const codes = assignInviteCodes(units);
    expect(codes).toEqual(['xa-yenson', 'phuong-yenson', 'xa-tanlong-00003', 'xa-tanlong-00004', 'minhquang']);
    expect(assignInviteCodes([...units].reverse())).toEqual([...codes].reverse());
  });

  it('keeps codes already printed on posters when re-importing', () => {
    const units = [{ name: 'Xã Yên Sơn', adminCode: '00001' }, { name: 'Xã Minh Quang', adminCode: '00005' }];
    expect(assignInviteCodes(units, new Map([['00001', 'yson']]))).toEqual(['yson', 'minhquang']);
    // A kept code that a new derived code would repeat: the derived one gives way.
    expect(assignInviteCodes(units, new Map([['00001', 'minhquang']]))).toEqual(['minhquang', 'minhquang-2']);
  });
});

describe('importing a province list (TSV)', () => {
  it('reads comments, a header, codes and names, and names every problem with its line', () => {
    const ok = parseCommunesTsv('\uFEFF# Tỉnh A\ncode\tname\n00001\tXã Một\n\n00002\tPhường Hai\nXã Ba\n');
    expect(ok.problems).toEqual([]);
    expect(ok.comments).toEqual(['Tỉnh A']);
    expect(ok.units.map((u) => [u.adminCode, u.name])).toEqual([['00001', 'Xã Một'], ['00002', 'Phường Hai'], [undefined, 'Xã Ba']]);
    const bad = parseCommunesTsv('123\tXã Một\n00002\tXã Hai\n00002\tXã Ba\n00004\tXã Hai\n00005\t\n');
    expect(bad.problems).toEqual([
      'dòng 1: mã đơn vị hành chính phải gồm 5 chữ số (đang là "123")',
      'dòng 3: mã 00002 trùng với dòng 2',
      'dòng 4: tên "Xã Hai" trùng với dòng 2',
      'dòng 5: thiếu tên xã/phường',
    ]);
    expect(parseCommunesTsv('# chỉ có ghi chú\n').problems).toEqual(['tệp không có xã/phường nào']);
  });

  it('`communes import` writes a file the service loads, keeps printed codes, and refuses a bad list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'communes-import-'));
    try {
      const tsv = join(dir, 'tinh.tsv');
      const out = join(dir, 'communes.yaml');
      writeFileSync(tsv, '# Tỉnh thử\ncode\tname\n00010\tXã Yên Sơn\n00011\tPhường Yên Sơn\n00012\tXã Đồng Văn\n');
      expect(await communesCli(['import', tsv, '--out', out])).toBe(0);
      const list = loadCommunes(out);
      expect(list.sample).toBe(false);
      expect(list.communes).toEqual([
        { code: 'xa-yenson', name: 'Xã Yên Sơn', adminCode: '00010' },
        { code: 'phuong-yenson', name: 'Phường Yên Sơn', adminCode: '00011' },
        { code: 'dongvan', name: 'Xã Đồng Văn', adminCode: '00012' },
      ]);
      expect(readFileSync(out, 'utf8')).toContain('# Tỉnh thử');

      // Someone hand-tuned a printed code; the next import keeps it.
      writeFileSync(out, readFileSync(out, 'utf8').replace('code: dongvan', 'code: dv'));
      expect(existingCodes(readFileSync(out, 'utf8')).get('00012')).toBe('dv');
      expect(await communesCli(['import', tsv, '--out', out])).toBe(0);
      expect(loadCommunes(out).communes[2]?.code).toBe('dv');

      writeFileSync(tsv, '00010\tXã Yên Sơn\n00010\tXã Khác\n');
      expect(await communesCli(['import', tsv, '--out', out])).toBe(1);
      expect(loadCommunes(out).communes).toHaveLength(3);
      expect(await communesCli(['import'])).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips: the YAML it writes loads with the same names and codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'communes-yaml-'));
    try {
      const units = [{ name: 'Xã A: "B"', adminCode: '00001' }, { name: 'Phường # C' }];
      writeFileSync(join(dir, 'c.yaml'), communesYaml(units));
      expect(loadCommunes(join(dir, 'c.yaml')).communes).toEqual([
        { code: 'ab', name: 'Xã A: "B"', adminCode: '00001' },
        { code: 'c', name: 'Phường # C' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the shipped list: Tuyên Quang since 1 July 2025', () => {
  const list = loadCommunes(SHIPPED);
  const m = new CommuneMatcher(list.communes);

  it('has the 124 units with their official names and 5-digit codes, and codes derived from the names', () => {
    expect(list.sample).toBe(false);
    expect(list.communes).toHaveLength(124);
    expect(list.communes.filter((c) => c.name.startsWith('Phường '))).toHaveLength(7);
    expect(list.communes.filter((c) => c.name.startsWith('Xã '))).toHaveLength(117);
    for (const c of list.communes) {
      expect(c.adminCode).toMatch(/^\d{5}$/);
      expect(c.code).toMatch(/^[a-z0-9-]+$/);
    }
    expect(list.communes.map((c) => c.code)).toEqual(assignInviteCodes(list.communes));
    expect(new Set(list.communes.map((c) => c.code)).size).toBe(124);
  });

  it('matches what people type', () => {
    const cases: [string, string][] = [
      ['yen son', 'Xã Yên Sơn'], ['xa yen son', 'Xã Yên Sơn'], ['Yên Sơn', 'Xã Yên Sơn'], ['XÃ YÊN SƠN', 'Xã Yên Sơn'],
      ['yen sonn', 'Xã Yên Sơn'], ['yenson', 'Xã Yên Sơn'], ['tôi ở xã Yên Sơn', 'Xã Yên Sơn'], ['dạ cháu sống ở yên sơn ạ', 'Xã Yên Sơn'],
      ['ha giang 1', 'Phường Hà Giang 1'], ['00694', 'Phường Hà Giang 1'], ['meo vac', 'Xã Mèo Vạc'], ['Tân Trào', 'Xã Tân Trào'],
      ['minh xuan', 'Phường Minh Xuân'], ['p minh xuan', 'Phường Minh Xuân'], ['dong van', 'Xã Đồng Văn'], ['lung cu', 'Xã Lũng Cú'],
    ];
    for (const [typed, name] of cases) {
      const r = m.match(typed);
      expect(r.kind === 'found' ? r.commune.name : r, typed).toBe(name);
    }
    const hg = m.match('ha giang');
    expect(hg.kind === 'ambiguous' ? hg.candidates.map((c) => c.name).sort() : hg).toEqual(['Phường Hà Giang 1', 'Phường Hà Giang 2']);
    expect(m.match('Hà Nội').kind).toBe('none');
  });

  it('never takes a greeting, an "ok" or "I don\'t know" for a commune', () => {
    const cases: [string, string][] = [
      ['chào', 'greeting'], ['Chào!', 'greeting'], ['alo', 'greeting'], ['xin chào', 'greeting'], ['hello', 'greeting'],
      ['ok', 'filler'], ['OK ạ', 'filler'], ['vâng', 'filler'], ['dạ', 'filler'], ['cảm ơn', 'filler'], ['ừ', 'filler'],
      ['không biết', 'dont-know'], ['ko biet a', 'dont-know'], ['Chưa biết', 'dont-know'], ['không nhớ', 'dont-know'],
    ];
    for (const [typed, chatter] of cases) expect(m.match(typed), typed).toEqual({ kind: 'chatter', chatter });
  });
});
