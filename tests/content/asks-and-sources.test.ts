import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, loadCurriculum } from '../../src/content/loader.js';
import { lessonLink, sectionLink } from '../../src/content/section-link.js';

const TOPICS = '- id: vneid\n  title: Dùng VNeID\n  description: Tài khoản định danh điện tử.\n';
const QUIZ = Array.from({ length: 4 }, (_, i) => `\n  - question: Câu ${i}?\n    choices: [Có, Không, Chưa rõ]\n    answer: 0\n    explain: Vì vậy.`).join('');

function lesson(sources: string): string {
  return `---\nid: vneid-a\ntopic: vneid\ntitle: Bài A\nsummary: Tóm tắt.\nlevel: co-ban\nsources:${sources}\nupdated: 2026-11-22\nquiz:${QUIZ}\n---\n## Mức 1 là gì?\nMột.\n\n## Mức 2 là gì?\nHai.\n`;
}
const TWO_SOURCES = `
  - title: Văn bản không có link
    issuer: Bộ Công an
    number: 01/KH
  - title: Trang chung
    url: https://example.gov.vn/chung
  - title: Trang riêng về mức 2
    url: https://example.gov.vn/muc-2
    sections: ["Mức 2 là gì?"]`;

const EIGHT = (prefix: string) => Array.from({ length: 4 }, (_, i) => `  - ${prefix} cách hỏi số ${i + 1}`).join('\n');

let dir = '';
function load(files: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), 'content-'));
  writeFileSync(join(dir, 'topics.yaml'), TOPICS);
  mkdirSync(join(dir, 'lessons'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'lessons', name), text);
  return loadCurriculum(dir);
}
function problems(files: Record<string, string>): string[] {
  try {
    load(files);
  } catch (e) {
    if (e instanceof ContentError) return e.problems;
    throw e;
  }
  return [];
}
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('question variants (.asks.yaml)', () => {
  it('attaches each heading\'s asks to its section', () => {
    const c = load({
      'a.md': lesson(TWO_SOURCES),
      'a.asks.yaml': `"Mức 1 là gì?":\n${EIGHT('muc 1')}\n"Mức 2 là gì?":\n${EIGHT('muc 2')}\n`,
    });
    const [one, two] = c.lessons[0]!.sections;
    expect(one!.asks).toHaveLength(4);
    expect(two!.asks[0]).toBe('muc 2 cách hỏi số 1');
  });

  it('rejects an unknown heading, too few asks and a repeat that differs only in accents', () => {
    const p = problems({
      'a.md': lesson(TWO_SOURCES),
      'a.asks.yaml': '"Mức 3 là gì?":\n  - muc 3 la gi\n"Mức 1 là gì?":\n  - mức một là gì\n  - muc mot la gi\n',
    });
    expect(p.some((x) => x.includes('a.asks.yaml: Mức 3 là gì?: bài không có phần'))).toBe(true);
    expect(p.some((x) => x.includes('trùng'))).toBe(true);
    expect(p.some((x) => x.includes('cần ít nhất 8 cách hỏi'))).toBe(true);
  });

  it('reports an asks file that is not a mapping of lists', () => {
    const p = problems({ 'a.md': lesson(TWO_SOURCES), 'a.asks.yaml': '- chỉ là một danh sách\n' });
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]).toContain('a.asks.yaml');
  });
});

describe('sources and links', () => {
  it('links a section to the source that backs it, else to the lesson\'s first source with a URL', () => {
    const l = load({ 'a.md': lesson(TWO_SOURCES) }).lessons[0]!;
    expect(lessonLink(l).url).toBe('https://example.gov.vn/chung');
    expect(sectionLink(l, 'Mức 2 là gì?').url).toBe('https://example.gov.vn/muc-2');
    expect(sectionLink(l, 'Mức 1 là gì?').url).toBe('https://example.gov.vn/chung');
  });

  it('needs at least one source with a URL, and section names that exist', () => {
    expect(problems({ 'a.md': lesson('\n  - title: Chỉ văn bản\n    number: 01/KH') }).join('\n')).toContain(
      'cần ít nhất một nguồn có đường link',
    );
    const p = problems({ 'a.md': lesson('\n  - title: T\n    url: https://example.gov.vn/x\n    sections: ["Không có"]') });
    expect(p.join('\n')).toContain('sources[0].sections: không có phần "## Không có"');
  });
});
