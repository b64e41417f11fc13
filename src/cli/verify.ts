import { loadConfig, loadDotEnv } from '../config.js';
import { CompletionService } from '../learning/completion-service.js';
import { localDay } from '../learning/streak.js';
import { CompletionRepository } from '../store/completion-repository.js';
import { openDatabase } from '../store/database.js';

/**
 * `verify CODE`: checks a completion code a learner shows an officer. Exit 0, who it was issued to and
 * which topics it certifies (score, lessons opened, the day each was passed) when real; exit 1 otherwise. Lenient about case, spaces, dashes and O/0, I/L/1.
 */
export async function run(args: string[]): Promise<number> {
  const code = args.join(' ').trim();
  if (!code) {
    console.error('Cách dùng: npm run cli -- verify HVS-XXXX-XXXX-XXX');
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const record = new CompletionService(new CompletionRepository(db), () => {
      throw new Error('verify never issues codes');
    }).verify(code);
    if (!record) {
      console.log(`Mã “${code}” KHÔNG hợp lệ (không có trong hệ thống hoặc gõ sai).`);
      return 1;
    }
    const who = [record.displayName, record.communeName].filter(Boolean).join(' — ') || '(người học không để tên)';
    console.log(`Mã ${record.code} HỢP LỆ: cấp cho ${who}, ngày ${vnDate(record.issuedAt)}.`);
    if (!record.topics.length) {
      console.log('(Mã cấp trước khi hệ thống ghi chi tiết từng chủ đề.)');
      return 0;
    }
    console.log('Đã đạt:');
    for (const t of record.topics) {
      console.log(
        `  • ${t.title}: kiểm tra chủ đề đúng ${t.correct}/${t.total} câu, đã mở ${t.lessonsOpened}/${t.lessonsTotal} bài — đạt ngày ${vnDate(t.passedAt)}`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}

/** An ISO time as the Vietnamese calendar date officers read: "05/04/2026". */
function vnDate(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const [y, m, d] = localDay(t).split('-');
  return `${d}/${m}/${y}`;
}
