import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run as contentCli } from '../../src/cli/content.js';
import { loadCurriculum } from '../../src/content/loader.js';
import { lintCurriculum } from '../../src/content/lint.js';
import { checkLinks, loadLinkRules, matchDomain, urlFormProblem } from '../../src/content/link-rules.js';
import { checkTopicQuiz, lengthCue } from '../../src/content/quiz-rules.js';
import { curriculumStats, statsTable } from '../../src/content/stats.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'content-rules');
const rules = loadLinkRules();
const lint = (name: string) => lintCurriculum(loadCurriculum(join(FIXTURES, name)), rules);
const file = (name: string, f = 'a.md') => join('tests', 'fixtures', 'content-rules', name, 'lessons', f);

describe('content:check quiz rules (one failing fixture per rule)', () => {
  it('passes a clean topic', () => {
    expect(lint('clean')).toEqual({ errors: [], warnings: [] });
  });

  it('(a) rejects a topic where the right choice is the longest in more than 30 % of questions', () => {
    const { errors } = lint('length-share');
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(new RegExp(`^${file('length-share')}: quiz\\[0\\]: đáp án đúng là lựa chọn dài nhất — chủ đề "vneid" có 4/4 câu \\(100 %\\)`));
    expect(errors[0]).toContain('“Tài khoản mức mấy có căn cước điện tử?”');
  });

  it('(a) rejects a right choice more than 1.5× the next longest, even when the share is fine', () => {
    const { errors } = lint('length-ratio');
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^${file('length-ratio')}: quiz\\[3\\]: đáp án đúng dài gấp 6\\.17 lần`))]);
  });

  it('(b) rejects a question with fewer than 3 choices', () => {
    const { errors } = lint('two-choices');
    expect(errors).toEqual([`${file('two-choices')}: quiz[3]: cần ít nhất 3 lựa chọn (đang có 2), mỗi lựa chọn sai là một hiểu lầm có thật: “Có định danh mức 3 không?”`]);
  });

  it('(d) rejects a near-duplicate question within the topic, naming both', () => {
    const { errors } = lint('near-duplicate');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${file('near-duplicate', 'b.md')}: quiz\\[0\\]: gần trùng với ${file('near-duplicate')}: quiz\\[3\\]`));
  });

  it('checks citizens\' and officers\' quizzes of a topic apart', () => {
    expect(lint('officer-track').errors).toEqual([]);
  });

  it('measures the length cue per question', () => {
    expect(lengthCue({ question: 'q', choices: ['abcdef', 'abc', 'ab'], answer: 0, explain: 'e' })).toEqual({ rightIsLongest: true, ratio: 2 });
    expect(lengthCue({ question: 'q', choices: ['abc', 'abc', 'ab'], answer: 0, explain: 'e' }).rightIsLongest).toBe(false);
    expect(checkTopicQuiz('t', [])).toEqual([]);
  });
});

describe('offline link checker', () => {
  it('rejects a document linked to a site that does not host it', () => {
    const { errors, warnings } = lint('link-no-documents');
    expect(warnings).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^${file('link-no-documents')}: sources\\[1\\]: "Kế hoạch số 47-KH/TU.*binhdanhocvuso\\.gov\\.vn không đăng văn bản này`))]);
  });

  it('rejects a learner link on an abolished unit\'s site and reports any other source there', () => {
    const { errors, warnings } = lint('link-abolished');
    expect(errors).toEqual([expect.stringMatching(/sources\[0\]: trang của đơn vị đã giải thể hoặc sáp nhập — tỉnh Bình Phước.*"📖 Đọc thêm"/)]);
    expect(warnings).toEqual([expect.stringMatching(/sources\[1\]: trang của đơn vị đã giải thể hoặc sáp nhập — Bộ Thông tin và Truyền thông/)]);
  });

  it('checks URL form and matches domains with their subdomains', () => {
    expect(urlFormProblem('https://dichvucong.gov.vn/p')).toBeUndefined();
    expect(urlFormProblem('https://exa mple.vn')).toBe('đường link có khoảng trắng');
    expect(urlFormProblem('ftp://example.vn')).toMatch(/không phải trang web/);
    expect(urlFormProblem('https://user:pw@example.vn')).toMatch(/mật khẩu/);
    expect(urlFormProblem('https://localhost/x')).toMatch(/tên miền/);
    expect(matchDomain('https://camthanh.camlo.quangtri.gov.vn/x', rules.abolished)?.domain).toBe('camlo.quangtri.gov.vn');
    expect(matchDomain('https://quangtri.gov.vn/x', rules.abolished)).toBeUndefined();
    expect(matchDomain('https://notmic.gov.vn/x', rules.abolished)).toBeUndefined();
  });

  it('finds no link error in the real lessons (no document on a site that does not host it, no learner link on an abolished unit’s site)', () => {
    const c = loadCurriculum(join(import.meta.dirname, '..', '..', 'content'));
    expect(checkLinks(c.lessons, rules).errors).toEqual([]);
  });
});

describe('the real curriculum', () => {
  // thanh-toan and lua-dao quizzes are rewritten on another branch; these three topics pass today.
  it.each(['vneid', 'dich-vu-cong', 'phong-trao'])('topic %s passes every quiz and link rule', (topic) => {
    const c = loadCurriculum(join(import.meta.dirname, '..', '..', 'content'));
    expect(lintCurriculum(c, rules, { topic }).errors).toEqual([]);
  });
});

describe('content stats', () => {
  it('measures lessons, audiences, questions and the length cue per topic', () => {
    const [row] = curriculumStats(loadCurriculum(join(FIXTURES, 'officer-track')));
    expect(row).toMatchObject({ topic: 'vneid', lessons: 2, citizen: 1, officer: 1, questions: 4, officerQuestions: 4, rightLongestShare: 0 });
    const table = statsTable(curriculumStats(loadCurriculum(join(FIXTURES, 'length-share'))));
    expect(table).toContain('| vneid | 1 | 1 / 0 | 4 | 100 % ❌ | 1.43 |');
  });
});

describe('content CLI', () => {
  const saved = process.env.CONTENT_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.CONTENT_DIR;
    else process.env.CONTENT_DIR = saved;
    vi.restoreAllMocks();
  });

  it('content check exits 1 and prints the offending question; --topic narrows the check', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    process.env.CONTENT_DIR = join(FIXTURES, 'two-choices');
    expect(await contentCli(['check'])).toBe(1);
    expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toContain('quiz[3]: cần ít nhất 3 lựa chọn');
    process.env.CONTENT_DIR = join(FIXTURES, 'clean');
    expect(await contentCli(['check', '--topic', 'vneid'])).toBe(0);
    expect(String(log.mock.calls.at(-1)?.[0])).toBe('Nội dung hợp lệ: chủ đề vneid: 1 bài học, 4 câu hỏi.');
    expect(await contentCli(['check', '--topic', 'khong-co'])).toBe(2);
  });

  it('content links says plainly when there is no network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'links-'));
    try {
      const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      vi.spyOn(console, 'log').mockImplementation(() => undefined);
      // Every fetch fails to connect, as on a machine without Internet.
      vi.spyOn(globalThis, 'fetch').mockRejectedValue(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }));
      process.env.CONTENT_DIR = join(FIXTURES, 'clean');
      expect(await contentCli(['links'])).toBe(3);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/^Không kết nối được mạng: cả 1 đường link đều không có phản hồi \(ENOTFOUND\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
