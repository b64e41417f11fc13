import { parseArgs } from 'node:util';
import { REMINDER_EVERY_DAYS, REMINDER_RULE_KEY as KEY } from '../broadcast/reminders.js';
import { loadConfig, loadDotEnv } from '../config.js';
import { AuditRepository } from '../store/audit-repository.js';
import { openDatabase } from '../store/database.js';
import { SettingsRepository } from '../store/settings-repository.js';

const USAGE = `Cách dùng:
  npm run cli -- reminder on --days 7    bật nhắc học: người không hoạt động 7 ngày và chưa học xong
  npm run cli -- reminder off            tắt nhắc học
  npm run cli -- reminder status         xem quy tắc đang dùng
Mỗi người được nhắc nhiều nhất một lần mỗi ${REMINDER_EVERY_DAYS} ngày, với bước học tiếp theo của chính họ; dịch vụ đang chạy áp dụng trong vòng một giờ.`;


/** `reminder on|off|status`: the admin's reminder rule (kept in settings; audited as "cli"). */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let days = 7;
  try {
    const { values } = parseArgs({ args: rest, options: { days: { type: 'string' } }, strict: true });
    if (values.days !== undefined) days = Number(values.days);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!['on', 'off', 'status'].includes(sub ?? '') || !Number.isInteger(days) || days < 1 || days > 365) {
    console.error(USAGE);
    return 2;
  }
  loadDotEnv();
  const db = openDatabase(loadConfig().DATABASE_PATH);
  try {
    const settings = new SettingsRepository(db);
    if (sub !== 'status') {
      const rule = { on: sub === 'on', days };
      settings.set(KEY, JSON.stringify(rule));
      new AuditRepository(db).record('cli', 'reminder.rule', rule);
    }
    const raw = settings.get(KEY);
    const rule = raw ? (JSON.parse(raw) as { on: boolean; days: number }) : { on: false, days: 7 };
    console.log(rule.on ? `Nhắc học: BẬT — người không hoạt động ${rule.days} ngày và chưa học xong.` : 'Nhắc học: TẮT.');
    return 0;
  } finally {
    db.close();
  }
}
