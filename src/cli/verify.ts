import { loadConfig, loadDotEnv } from '../config.js';
import { CompletionService } from '../learning/completion-service.js';
import { CompletionRepository } from '../store/completion-repository.js';
import { openDatabase } from '../store/database.js';

/**
 * `verify CODE`: checks a completion code a learner shows an officer. Exit 0 and who it was issued to
 * when real; exit 1 otherwise. Lenient about case, spaces, dashes and O/0, I/L/1.
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
    console.log(`Mã ${record.code} HỢP LỆ: cấp cho ${who}, ngày ${record.issuedAt.slice(0, 10)}.`);
    return 0;
  } finally {
    db.close();
  }
}
