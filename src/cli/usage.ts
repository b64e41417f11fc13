import { parseArgs } from 'node:util';
import { vietnamDay, type DailyUsage } from '../assistant/usage-guard.js';
import { hasLlm, loadConfig, loadDotEnv } from '../config.js';
import { openDatabase } from '../store/database.js';
import { LlmUsageRepository } from '../store/llm-usage-repository.js';

const USAGE = `Cách dùng: npm run cli -- usage [--days N] [--json]
  Số token mô hình ngôn ngữ đã dùng mỗi ngày (giờ Việt Nam), mới nhất trước.`;

function perAnswer(u: DailyUsage): string {
  return u.answers ? String(Math.round((u.promptTokens + u.completionTokens) / u.answers)) : '–';
}

/** The usage table, Markdown, newest day first. */
export function formatUsage(days: DailyUsage[], limit: number, today: string): string {
  const head = [
    '| ngày | câu trả lời | lượt gọi | token prompt | token trả lời | token/câu | token embedding | lấy từ bộ nhớ đệm | dự phòng | vượt hạn mức |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const rows = days.map(
    (u) =>
      `| ${u.day} | ${u.answers} | ${u.modelCalls} | ${u.promptTokens} | ${u.completionTokens} | ${perAnswer(u)} | ${u.embeddingTokens} | ${u.cacheHits} | ${u.fallbacks} | ${u.overLimit} |`,
  );
  const todayRow = days.find((d) => d.day === today);
  const used = todayRow ? todayRow.promptTokens + todayRow.completionTokens : 0;
  const limitLine = limit > 0 ? `Hạn mức mỗi ngày: ${limit} token; hôm nay (${today}) đã dùng ${used} (${Math.round((used / limit) * 100)}%).` : 'Không đặt hạn mức token mỗi ngày (LLM_DAILY_TOKEN_LIMIT=0).';
  return [...head, ...(rows.length ? rows : ['| (chưa có) | | | | | | | | | |']), '', limitLine].join('\n');
}

/** `usage`: per-day model usage recorded by the assistant (prompt/completion tokens, cache hits, fallbacks). */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { days: { type: 'string', default: '14' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  const days = Number(values.days);
  if (values.help || !Number.isInteger(days) || days < 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const rows = new LlmUsageRepository(db).recent(days);
    if (values.json) {
      process.stdout.write(JSON.stringify({ limit: config.LLM_DAILY_TOKEN_LIMIT, days: rows }) + '\n');
    } else {
      if (!hasLlm(config)) console.log('(Chưa cấu hình mô hình: trợ lý đang trả lời trích từ bài học.)\n');
      console.log(formatUsage(rows, config.LLM_DAILY_TOKEN_LIMIT, vietnamDay(new Date())));
    }
  } finally {
    db.close();
  }
  return 0;
}
