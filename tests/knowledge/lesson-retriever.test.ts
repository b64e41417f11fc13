import { describe, expect, it } from 'vitest';
import type { Curriculum } from '../../src/content/loader.js';
import type { Lesson, LessonSection } from '../../src/content/schema.js';
import { LessonRetriever, numberContexts } from '../../src/knowledge/lesson-retriever.js';

function lesson(id: string, title: string, sections: LessonSection[], audience: 'citizen' | 'officer' = 'citizen'): Lesson {
  return {
    id,
    topic: 'vneid',
    title,
    summary: title,
    level: 'co-ban',
    sources: [{ title: 'Nguồn', url: 'https://example.gov.vn/' + id }],
    audience,
    updated: '2025-01-01',
    file: `${id}.md`,
    sections,
    quiz: [],
  };
}

const section = (heading: string, text: string, asks: string[] = []): LessonSection => ({ heading, text, asks });

const curriculum: Curriculum = {
  version: 'test',
  topics: [{ id: 'vneid', title: 'VNeID', description: 'VNeID' }],
  lessons: [
    lesson('muc', 'Tài khoản định danh', [
      section('Mức 1 và mức 2 khác nhau thế nào?', 'Tài khoản mức 1 dùng một phần tính năng. Tài khoản mức 2 dùng toàn bộ tính năng.'),
      section('Làm tài khoản ở đâu?', 'Mang thẻ căn cước đến công an xã để được cấp tài khoản.', [
        'muốn lên mức 2 thì mang gì ra công an',
        'kich hoat muc 2 o dau',
      ]),
    ]),
    lesson('lua', 'Cuộc gọi giả danh', [
      section('Định danh mức 3 có thật không?', 'Không có định danh mức 3. Người gọi bảo nâng cấp định danh mức 3 là kẻ lừa đảo.'),
    ]),
    lesson('can-bo', 'Văn bản cho cán bộ', [section('Kế hoạch mức 2', 'Chỉ tiêu mức 2 của xã, tài khoản định danh.')], 'officer'),
  ],
};

describe('LessonRetriever', () => {
  const retriever = new LessonRetriever(curriculum);

  it('ranks first the section whose question variants (asks) match, even when its text shares few words', () => {
    const [best] = retriever.search('muon len muc 2 thi mang gi ra cong an');
    expect(best?.passage.heading).toBe('Làm tài khoản ở đâu?');
    expect(best?.passage.section).toBe(1);
  });

  it('counts the asks field in the coverage of the question', () => {
    const withAsks = retriever.search('kich hoat muc 2 o dau')[0]!;
    const without = new LessonRetriever({ ...curriculum, lessons: curriculum.lessons.map((l) => ({ ...l, sections: l.sections.map((s) => ({ ...s, asks: [] })) })) })
      .search('kich hoat muc 2 o dau')[0]!;
    expect(withAsks.coverage).toBeGreaterThan(without.coverage);
  });

  it.each(['làm sao để lên mức 2', 'lam sao len muc 2', 'nâng cấp định danh mức 2'])('never ranks a "mức 3" passage first for "%s"', (q) => {
    const [best] = retriever.search(q);
    expect(best?.passage.lessonId).toBe('muc');
  });

  it('still finds the "mức 3" passage when mức 3 is asked', () => {
    expect(retriever.search('định danh mức 3 là gì')[0]?.passage.lessonId).toBe('lua');
  });

  it('leaves officers\' lessons out of the citizens\' retrieval', () => {
    expect(retriever.passages.some((p) => p.lessonId === 'can-bo')).toBe(false);
    expect(retriever.search('kế hoạch chỉ tiêu mức 2 của xã').every((h) => h.passage.lessonId !== 'can-bo')).toBe(true);
  });
});

describe('aside sections ("Bạn có biết?")', () => {
  const withAside: Curriculum = {
    ...curriculum,
    lessons: [
      lesson('the', 'Thẻ căn cước', [
        section('Khi nào phải đổi thẻ căn cước?', 'Đổi thẻ căn cước khi đủ 25 tuổi, 40 tuổi và 60 tuổi.'),
        section('Bạn có biết?', 'Thẻ căn cước có gắn chip. Đổi thẻ căn cước ở công an xã.'),
      ]),
    ],
  };

  it.each([
    [1, 1],
    [0.8, 0.8],
    [0.5, 0.5],
  ])('scores an aside section × asideWeight (%s), other sections unchanged', (weight, factor) => {
    const base = new LessonRetriever(withAside, { asideWeight: 1 }).search('đổi thẻ căn cước ở đâu');
    const weighted = new LessonRetriever(withAside, { asideWeight: weight }).search('đổi thẻ căn cước ở đâu');
    const score = (hits: typeof base, heading: string) => hits.find((h) => h.passage.heading === heading)!.score;
    expect(score(weighted, 'Bạn có biết?')).toBeCloseTo(score(base, 'Bạn có biết?') * factor);
    expect(score(weighted, 'Khi nào phải đổi thẻ căn cước?')).toBeCloseTo(score(base, 'Khi nào phải đổi thẻ căn cước?'));
  });
});

describe('numberContexts', () => {
  it('pairs each number with the word before it', () => {
    expect(numberContexts('lên mức 2 VNeID, chuyển 10 triệu')).toEqual([
      { word: 'muc', number: '2' },
      { word: 'chuyen', number: '10' },
    ]);
    expect(numberContexts('2 lớp')).toEqual([]);
  });
});
