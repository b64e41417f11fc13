import { loadConfig, loadDotEnv } from '../config.js';
import { ContentError, loadCurriculum } from '../content/loader.js';

/** `content check`: validates every content file; prints `path: field: what is wrong`, exit 1 on any problem. */
export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'check') {
    console.error('Cách dùng: npm run content:check');
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  try {
    const c = loadCurriculum(config.CONTENT_DIR);
    const questions = c.lessons.reduce((n, l) => n + l.quiz.length, 0);
    console.log(`Nội dung hợp lệ: ${c.topics.length} chủ đề, ${c.lessons.length} bài học, ${questions} câu hỏi.`);
    return 0;
  } catch (e) {
    if (e instanceof ContentError) {
      for (const p of e.problems) console.error(p);
      console.error(`\n${e.problems.length} lỗi.`);
      return 1;
    }
    throw e;
  }
}
