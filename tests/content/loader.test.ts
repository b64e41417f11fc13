import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, loadCurriculum, splitSections } from '../../src/content/loader.js';

const TOPICS = `- id: vneid
  title: Dùng VNeID
  description: Tài khoản định danh điện tử.
`;

function lesson(overrides: Record<string, string> = {}): string {
  const f = {
    id: 'vneid-a',
    topic: 'vneid',
    title: 'Bài A',
    summary: 'Tóm tắt.',
    level: 'co-ban',
    sources: '\n  - title: Nguồn\n    url: https://example.gov.vn/a',
    updated: '2026-11-22',
    quiz: Array.from({ length: 4 }, (_, i) => `\n  - question: Câu ${i}?\n    choices: [Có, Không]\n    answer: 0\n    explain: Vì vậy.`).join(''),
    ...overrides,
  };
  return `---\n${Object.entries(f)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n## Phần 1\nNội dung.\n`;
}

let dir = '';
function setup(files: Record<string, string>, topics = TOPICS): string {
  dir = mkdtempSync(join(tmpdir(), 'content-'));
  writeFileSync(join(dir, 'topics.yaml'), topics);
  mkdirSync(join(dir, 'lessons'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'lessons', name), text);
  return dir;
}

function problems(files: Record<string, string>, topics?: string): string[] {
  try {
    loadCurriculum(setup(files, topics));
  } catch (e) {
    if (e instanceof ContentError) return e.problems;
    throw e;
  }
  return [];
}

afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('loadCurriculum', () => {
  it('loads a valid lesson with sections and quiz ids', () => {
    const c = loadCurriculum(setup({ 'a.md': lesson() }));
    expect(c.lessons).toHaveLength(1);
    expect(c.lessons[0]!.sections[0]).toEqual({ heading: 'Phần 1', text: 'Nội dung.', asks: [] });
    expect(c.lessons[0]!.quiz.map((q) => q.id)).toEqual(['vneid-a:1', 'vneid-a:2', 'vneid-a:3', 'vneid-a:4']);
    expect(c.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports a missing field as path: field: message', () => {
    const p = problems({ 'a.md': lesson({ summary: '' }) });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/a\.md: summary: thiếu tóm tắt/);
  });

  it('reports an unknown topic', () => {
    expect(problems({ 'a.md': lesson({ topic: 'nau-an' }) })).toContainEqual(expect.stringMatching(/a\.md: topic: chủ đề "nau-an" không có trong topics.yaml/));
  });

  it('reports duplicate lesson ids with both files', () => {
    const p = problems({ 'a.md': lesson(), 'b.md': lesson() });
    expect(p).toContainEqual(expect.stringMatching(/b\.md: id: mã bài "vneid-a" đã dùng ở .*a\.md/));
  });

  it('reports an answer index out of range and duplicate choices', () => {
    const bad = `\n  - question: Hỏi?\n    choices: [Có, có]\n    answer: 3\n    explain: X.` + `\n  - question: Q?\n    choices: [A, B]\n    answer: 0\n    explain: X.`.repeat(3);
    const p = problems({ 'a.md': lesson({ quiz: bad }) });
    expect(p).toContainEqual(expect.stringMatching(/a\.md: quiz\[0\]\.answer: đáp án 3 nằm ngoài khoảng 0–1/));
    expect(p).toContainEqual(expect.stringMatching(/a\.md: quiz\[0\]\.choices\[1\]: lựa chọn bị trùng/));
  });

  it('reports too few quiz questions and too few or too many choices', () => {
    const one = `\n  - question: Q?\n    choices: [A]\n    answer: 0\n    explain: X.`;
    const p = problems({ 'a.md': lesson({ quiz: one }) });
    expect(p).toContainEqual(expect.stringMatching(/quiz: mỗi bài cần ít nhất 4 câu hỏi/));
    expect(p).toContainEqual(expect.stringMatching(/quiz\[0\]\.choices: cần ít nhất 2 lựa chọn/));
  });

  it('reports a malformed URL and a missing source list', () => {
    expect(problems({ 'a.md': lesson({ sources: '\n  - title: X\n    url: dichvucong' }) })).toContainEqual(
      expect.stringMatching(/a\.md: sources\[0\]\.url: không phải đường link hợp lệ/),
    );
    expect(problems({ 'a.md': lesson({ sources: '[]' }) })).toContainEqual(expect.stringMatching(/sources: cần ít nhất một nguồn/));
  });

  it('reports a bad level, a bad date and a bad id', () => {
    const p = problems({ 'a.md': lesson({ level: 'kho', updated: '22/11/2026', id: 'Bài A' }) });
    expect(p).toContainEqual(expect.stringMatching(/level: level phải là co-ban hoặc nang-cao/));
    expect(p).toContainEqual(expect.stringMatching(/updated: ngày phải viết dạng YYYY-MM-DD/));
    expect(p).toContainEqual(expect.stringMatching(/id: chỉ dùng chữ thường không dấu/));
  });

  it('reports broken YAML, a missing front matter and an empty body', () => {
    expect(problems({ 'a.md': '---\nid: [\n---\nX' })).toContainEqual(expect.stringMatching(/a\.md: \(front matter\): không đọc được YAML/));
    expect(problems({ 'a.md': 'just text' })).toContainEqual(expect.stringMatching(/a\.md: \(tệp\): thiếu phần đầu YAML/));
    expect(problems({ 'a.md': lesson().replace('## Phần 1\nNội dung.\n', '') })).toContainEqual(expect.stringMatching(/bài học chưa có nội dung/));
  });

  it('reports an invalid topics.yaml', () => {
    expect(problems({ 'a.md': lesson() }, '- id: nau-an\n  title: X\n')).toContainEqual(expect.stringMatching(/topics\.yaml: \[0\]\.id: mã chủ đề phải là một trong/));
  });

  it('collects every problem rather than stopping at the first', () => {
    const p = problems({ 'a.md': lesson({ level: 'x' }), 'b.md': lesson({ id: 'vneid-b', topic: 'nau-an' }) });
    expect(p.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the shipped curriculum', () => {
  it('is valid, covers the five topics with at least 5 lessons and 4 questions each', () => {
    const c = loadCurriculum('content');
    expect(c.topics.map((t) => t.id)).toEqual(['vneid', 'dich-vu-cong', 'thanh-toan', 'lua-dao', 'phong-trao']);
    for (const t of c.topics) expect(c.lessons.filter((l) => l.topic === t.id).length).toBeGreaterThanOrEqual(5);
    for (const l of c.lessons) expect(l.quiz.length).toBeGreaterThanOrEqual(4);
    expect(c.lessons.reduce((n, l) => n + l.quiz.length, 0)).toBeGreaterThanOrEqual(120);
  });
});

describe('splitSections', () => {
  it('splits on headings and keeps text before the first heading', () => {
    expect(splitSections('Mở đầu.\n## A\nx\n\n## B\ny')).toEqual([
      { heading: '', text: 'Mở đầu.', asks: [] },
      { heading: 'A', text: 'x', asks: [] },
      { heading: 'B', text: 'y', asks: [] },
    ]);
  });
});
