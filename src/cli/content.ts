import { loadConfig, loadDotEnv } from '../config.js';
import { ContentError, loadCurriculum, type Curriculum } from '../content/loader.js';
import { lintCurriculum } from '../content/lint.js';
import { loadLinkRules } from '../content/link-rules.js';
import { probeLinks, summarize } from '../content/link-probe.js';
import { curriculumStats, statsTable } from '../content/stats.js';

const USAGE = `Cách dùng:
  npm run content:check [-- --topic MÃ]   kiểm tra bài học (cấu trúc, nguồn, đường link, bài kiểm tra)
  npm run content:links                    mở thử từng đường link nguồn qua mạng
  npm run content:stats                    bảng thống kê chương trình học (cho README)`;

function load(): Curriculum | undefined {
  loadDotEnv();
  const config = loadConfig();
  try {
    return loadCurriculum(config.CONTENT_DIR);
  } catch (e) {
    if (e instanceof ContentError) {
      for (const p of e.problems) console.error(p);
      console.error(`\n${e.problems.length} lỗi.`);
      return undefined;
    }
    throw e;
  }
}

/**
 * `content check`: the schema (every file), then the offline link rules and the quiz rules (a), (b), (d)
 * per topic. Prints `path: field: what is wrong`; warnings do not fail. `--topic X` checks one topic.
 */
async function check(args: string[]): Promise<number> {
  const t = args.indexOf('--topic');
  const topic = t >= 0 ? args[t + 1] : undefined;
  if (t >= 0 && !topic) {
    console.error(USAGE);
    return 2;
  }
  const c = load();
  if (!c) return 1;
  if (topic && !c.topics.some((x) => x.id === topic)) {
    console.error(`Không có chủ đề "${topic}". Các chủ đề: ${c.topics.map((x) => x.id).join(', ')}`);
    return 2;
  }
  const report = lintCurriculum(c, loadLinkRules(), topic ? { topic } : {});
  for (const w of report.warnings) console.warn(`cảnh báo: ${w}`);
  for (const e of report.errors) console.error(e);
  const lessons = topic ? c.lessons.filter((l) => l.topic === topic) : c.lessons;
  const questions = lessons.reduce((n, l) => n + l.quiz.length, 0);
  const scope = topic ? `chủ đề ${topic}: ` : `${c.topics.length} chủ đề, `;
  if (report.errors.length) {
    console.error(`\n${report.errors.length} lỗi, ${report.warnings.length} cảnh báo (${scope}${lessons.length} bài học, ${questions} câu hỏi).`);
    return 1;
  }
  console.log(`Nội dung hợp lệ: ${scope}${lessons.length} bài học, ${questions} câu hỏi${report.warnings.length ? `; ${report.warnings.length} cảnh báo` : ''}.`);
  return 0;
}

/** `content links`: every distinct source URL, asked for real. Exit 1 on a broken link, 3 without network. */
async function links(): Promise<number> {
  const c = load();
  if (!c) return 1;
  const urls = [...new Set(c.lessons.flatMap((l) => l.sources.flatMap((s) => (s.url ? [s.url] : []))))];
  console.log(`Đang mở thử ${urls.length} đường link (tối đa 4 cùng lúc, chờ mỗi link 10 giây)…`);
  const results = await probeLinks(urls, { timeoutMs: 10_000, concurrency: 4 });
  const sum = summarize(results);
  if (sum.noNetwork) {
    const reasons = [...new Set(results.map((r) => r.error))].slice(0, 3).join(', ');
    console.error(`Không kết nối được mạng: cả ${urls.length} đường link đều không có phản hồi (${reasons}). Máy này có vào được Internet không? Chưa kiểm tra được link nào.`);
    return 3;
  }
  for (const r of results) {
    if (r.ok) continue;
    console.error(`${r.unreachable ? 'không kết nối được' : 'hỏng'} (${r.error}): ${r.url}`);
  }
  console.log(`\n${sum.ok} link mở được, ${sum.broken} link hỏng, ${sum.unreachable} link không kết nối được.`);
  return sum.broken || sum.unreachable ? 1 : 0;
}

/** `content stats`: the curriculum table for the README, measured from the content. */
async function stats(): Promise<number> {
  const c = load();
  if (!c) return 1;
  console.log(statsTable(curriculumStats(c)));
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') return check(rest);
  if (sub === 'links') return links();
  if (sub === 'stats') return stats();
  console.error(USAGE);
  return 2;
}
