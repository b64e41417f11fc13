import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/content/loader.js';
import { canonicalCompletionCode, makeCompletionCode } from '../../src/learning/completion-code.js';
import { CommunesFileError, loadCommunes } from '../../src/learning/communes-loader.js';
import { CommuneMatcher, communeKey, editDistance } from '../../src/learning/communes.js';
import { plainText } from '../../src/content/plain-text.js';
import { lessonPages } from '../../src/learning/lesson-pages.js';
import { isPass } from '../../src/learning/quiz-service.js';
import { randomOrder, seededRandom } from '../../src/learning/random.js';
import { ratingFor } from '../../src/learning/review-scheduler.js';
import { localDay, streakLength } from '../../src/learning/streak.js';
import { sampleTopicQuestions } from '../../src/learning/topic-sampler.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

describe('communes', () => {
  const m = new CommuneMatcher([
    { code: 'tandinh', name: 'Phường Tân Định' },
    { code: 'xp', name: 'Xã Xuân Phương' },
    { code: 'xp2', name: 'Phường Xuân Phương' },
    { code: 'hoaan', name: 'Xã Hòa An' },
    { code: 'p1', name: 'Phường 1' },
    { code: 'thitran', name: 'Thị trấn Đông Anh' },
  ]);
  const found = (text: string) => {
    const r = m.match(text);
    return r.kind === 'found' ? r.commune.code : r.kind;
  };

  it.each([
    ['Phường Tân Định', 'tandinh'], ['tan dinh', 'tandinh'], ['TÂN ĐỊNH', 'tandinh'], ['p. tan dinh', 'tandinh'],
    ['tan dihn', 'tandinh'], ['Hoà An', 'hoaan'], ['hoa an', 'hoaan'], ['xa hoa an', 'hoaan'], ['xã xuân phương', 'xp'],
    ['phuong xuan phuong', 'xp2'], ['phuong 1', 'p1'], ['dong anh', 'thitran'], ['thi tran dong anh', 'thitran'], ['HOAAN', 'hoaan'],
  ])('"%s" → %s', (text, code) => {
    expect(found(text)).toBe(code);
  });

  it('asks when several fit, and says none when nothing is close', () => {
    expect(m.match('xuan phuong')).toEqual({
      kind: 'ambiguous',
      candidates: [{ code: 'xp', name: 'Xã Xuân Phương' }, { code: 'xp2', name: 'Phường Xuân Phương' }],
    });
    expect(found('Hà Nội')).toBe('none');
    expect(found('   ')).toBe('none');
  });

  it('accepts any name when the list is empty', () => {
    expect(new CommuneMatcher([]).match(' Xã  Mới ')).toEqual({ kind: 'free', name: 'Xã Mới' });
  });

  it('normalises keys and measures typos', () => {
    expect(communeKey('Phường Tân-Định')).toBe('tan dinh');
    expect(editDistance('tan dinh', 'tan dihn', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  it('loads the file format, tolerates a missing file and names problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'communes-'));
    try {
      expect(loadCommunes(join(dir, 'none.yaml'))).toEqual({ communes: [], sample: false });
      expect(loadCommunes(join(FIXTURES, 'communes.yaml')).communes).toHaveLength(4);
      writeFileSync(join(dir, 'a.yaml'), 'sample: true\ncommunes:\n  - code: 123\n    name: Xã Số\n');
      expect(loadCommunes(join(dir, 'a.yaml'))).toEqual({ sample: true, communes: [{ code: '123', name: 'Xã Số' }] });
      writeFileSync(join(dir, 'b.yaml'), 'communes:\n  - code: "có dấu"\n    name: X\n');
      expect(() => loadCommunes(join(dir, 'b.yaml'))).toThrow(CommunesFileError);
      writeFileSync(join(dir, 'c.yaml'), 'communes:\n  - {code: a, name: A}\n  - {code: A, name: B}\n');
      expect(() => loadCommunes(join(dir, 'c.yaml'))).toThrow(/bị trùng/);
      writeFileSync(join(dir, 'd.yaml'), 'communes: [oops');
      expect(() => loadCommunes(join(dir, 'd.yaml'))).toThrow(/YAML/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the shipped content/communes.yaml is valid and is the real list, not a sample', () => {
    const list = loadCommunes(join(import.meta.dirname, '..', '..', 'content', 'communes.yaml'));
    expect(list.communes.length).toBeGreaterThan(0);
    expect(list.sample).toBe(false);
  });
});

describe('completion codes', () => {
  const bytes = (seed: number) => {
    const r = seededRandom(seed);
    return Uint8Array.from({ length: 8 }, () => Math.floor(r() * 256));
  };

  it('look like HVS-XXXX-XXXX-XXX and verify leniently', () => {
    const code = makeCompletionCode(bytes(1));
    expect(code).toMatch(/^HVS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$/);
    expect(canonicalCompletionCode(code)).toBe(code);
    expect(canonicalCompletionCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(canonicalCompletionCode(code.slice(4))).toBe(code);
    const withO = code.replace(/0/g, 'O');
    expect(canonicalCompletionCode(withO)).toBe(code);
  });

  it('catch a mistyped symbol with the check symbol', () => {
    const code = makeCompletionCode(bytes(2));
    const body = code.replace(/^HVS-/, '').replace(/-/g, '');
    let caught = 0;
    for (let i = 0; i < body.length; i++) {
      const swapped = body.slice(0, i) + (body[i] === 'A' ? 'B' : 'A') + body.slice(i + 1);
      if (canonicalCompletionCode(swapped) === undefined) caught++;
    }
    expect(caught).toBe(body.length);
    expect(canonicalCompletionCode('HVS-1234')).toBeUndefined();
  });

  it('differ for different random bytes', () => {
    const codes = new Set(Array.from({ length: 200 }, (_, i) => makeCompletionCode(bytes(i + 10))));
    expect(codes.size).toBe(200);
  });
});

describe('quizzes and review', () => {
  const curriculum = loadCurriculum(join(FIXTURES, 'curriculum'));
  const vneid = curriculum.lessons.filter((l) => l.topic === 'vneid');

  it('samples topic questions across lessons before repeating one', () => {
    const ids = sampleTopicQuestions(vneid, 4, seededRandom(3));
    expect(ids).toHaveLength(4);
    expect(new Set(ids.map((id) => id.split(':')[0]))).toEqual(new Set(['vneid-la-gi', 'vneid-muc-2']));
    expect(ids.filter((id) => id.startsWith('vneid-la-gi')).length).toBe(2);
    expect(sampleTopicQuestions(vneid, 50, seededRandom(3))).toHaveLength(8);
  });

  it('shuffles choice orders as permutations', () => {
    const r = seededRandom(5);
    const orders = Array.from({ length: 30 }, () => randomOrder(3, r));
    for (const o of orders) expect([...o].sort()).toEqual([0, 1, 2]);
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(3);
  });

  it('passes at 80%', () => {
    expect(isPass(8, 10)).toBe(true);
    expect(isPass(4, 5)).toBe(true);
    expect(isPass(3, 4)).toBe(false);
    expect(isPass(0, 0)).toBe(false);
  });

  it('rates answers by correctness and plausible response time', () => {
    expect(ratingFor(false, 1000)).toBe(Rating.Again);
    expect(ratingFor(true)).toBe(Rating.Good);
    expect(ratingFor(true, 5000)).toBe(Rating.Easy);
    expect(ratingFor(true, 40_000)).toBe(Rating.Good);
    expect(ratingFor(true, 200_000)).toBe(Rating.Hard);
    expect(ratingFor(true, 3 * 3600_000)).toBe(Rating.Good);
  });
});

describe('streaks and pages', () => {
  it('counts consecutive local days ending today or yesterday', () => {
    expect(localDay(new Date('2026-03-01T18:00:00Z'))).toBe('2026-03-02');
    expect(streakLength(['2026-03-02', '2026-03-01', '2026-02-28', '2026-02-26'], '2026-03-02')).toBe(3);
    expect(streakLength(['2026-03-01', '2026-02-28'], '2026-03-02')).toBe(2);
    expect(streakLength(['2026-02-28'], '2026-03-02')).toBe(0);
    expect(streakLength([], '2026-03-02')).toBe(0);
  });

  it('turns Markdown into short plain pages', () => {
    expect(plainText('**Đậm** và [link](https://a.vn/x)\n- mục')).toBe('Đậm và link (https://a.vn/x)\n• mục');
    const lessons = loadCurriculum(join(FIXTURES, 'curriculum')).lessons;
    for (const l of lessons) {
      for (const p of lessonPages(l)) expect(p.text.length).toBeLessThanOrEqual(600);
    }
    const first = lessonPages(lessons[0]!);
    expect(first).toHaveLength(3);
    expect(first[2]?.text).toContain('▸ Cảnh báo');
  });
});
