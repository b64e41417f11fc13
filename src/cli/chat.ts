import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAssistant } from '../assistant/create.js';
import { ConsoleChannel } from '../channels/console/console-channel.js';
import { loadConfig, loadDotEnv } from '../config.js';
import { loadCurriculum } from '../content/loader.js';
import { CommunesFileError, loadCommunes } from '../learning/communes-loader.js';
import { createLogger } from '../lib/logger.js';
import { openDatabase } from '../store/database.js';
import { wireConversation } from '../wiring.js';

const USAGE = `Cách dùng: npm run chat -- [--user TÊN]
  --user TÊN   bạn là ai (mặc định: "ban"); hai tên khác nhau là hai người học khác nhau
Gõ /thoat hoặc nhấn Ctrl+D để thoát.`;

/**
 * `chat`: talk to the assistant in this terminal, against the same core and database as the service
 * (config → database → content → assistant → Conversation → console channel).
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string', short: 'u' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // Without --user the learner is "ban" internally but is greeted without a name ("Xin chào ban!" read wrong).
  const named = values.user?.trim().slice(0, 64) || undefined;
  const user = named ?? 'ban';

  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const curriculum = loadCurriculum(config.CONTENT_DIR);
  let communes;
  try {
    communes = loadCommunes(join(config.CONTENT_DIR, 'communes.yaml'));
  } catch (e) {
    if (e instanceof CommunesFileError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const db = openDatabase(config.DATABASE_PATH);
  const assistant = await createAssistant(config, curriculum, { db, logger });
  try {
    const conversation = wireConversation(db, curriculum, assistant, { communes: communes.communes, logger });
    const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    console.log(`Trò chuyện với trợ lý Bình dân học vụ số — ${named ? `bạn là “${named}”. ` : ''}Gõ /thoat hoặc nhấn Ctrl+D để thoát.`);
    if (communes.sample) {
      console.log('(Danh sách xã/phường trong content/communes.yaml đang là bản MẪU; tỉnh triển khai thay bằng danh sách thật.)');
    }
    console.log('');
    await new ConsoleChannel({
      handler: conversation,
      input: process.stdin,
      output: process.stdout,
      userId: user,
      userName: named,
      firstMessage: '/start',
      echo: !process.stdin.isTTY,
      color: tty,
    }).run();
  } finally {
    await assistant.close?.();
    db.close();
  }
  return 0;
}
