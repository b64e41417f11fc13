#!/usr/bin/env node
/**
 * The command line. Each command lives in `src/cli/<name>.ts` and is loaded only when used,
 * so `npm run ask` does not pay for the chat platforms' libraries.
 *
 *   start                 run the service (see README)
 *   chat [--user NAME]    chat with the assistant in this terminal
 *   ask [--json] [--file F] "question"
 *   content check         validate content/ (schema, links, quiz rules)
 *   content links         open every source link over the network
 *   content stats         the curriculum table for the README
 *   verify CODE           check a completion code
 *   communes import F.tsv write content/communes.yaml from a province's list
 *   usage [--days N]      LLM tokens per day
 *   officer add|remove|list|invite   officers and admins
 *   reminder on|off|status  the reminder rule
 *   report [--commune C] --format csv|xlsx --out FILE   the per-commune report
 *   check [--json] [--file F | --image F] "text"   the scam check ("Kiểm tra giúp tôi")
 */
import { isUsageError, operatorMessage } from './cli/operator-errors.js';

type Command = (args: string[]) => Promise<number | void>;

const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./cli/start.js')).run,
  ask: async () => (await import('./cli/ask.js')).run,
  content: async () => (await import('./cli/content.js')).run,
  usage: async () => (await import('./cli/usage.js')).run,
  chat: async () => (await import('./cli/chat.js')).run,
  verify: async () => (await import('./cli/verify.js')).run,
  communes: async () => (await import('./cli/communes.js')).run,
  officer: async () => (await import('./cli/officer.js')).run,
  reminder: async () => (await import('./cli/reminder.js')).run,
  report: async () => (await import('./cli/report.js')).run,
  check: async () => (await import('./cli/check.js')).run,
};

const usage = `Cách dùng: npm run cli -- <lệnh>
  start                               chạy dịch vụ
  chat [--user TÊN]                   trò chuyện với trợ lý ngay trong cửa sổ này
  ask [--json] [--file F] "câu hỏi"   hỏi trợ lý
  content check [--topic MÃ]          kiểm tra nội dung bài học
  content links                       mở thử các đường link nguồn qua mạng
  content stats                       bảng thống kê chương trình học
  verify MÃ                           kiểm tra mã hoàn thành của người học
  communes import TỆP.tsv             tạo content/communes.yaml từ danh sách xã/phường của tỉnh
  usage [--days N] [--json]           số token mô hình AI đã dùng mỗi ngày
  officer add|remove|list|invite      cấp, thu hồi, xem quyền cán bộ; tạo mã mời
  reminder on --days N|off|status     nhắc người lâu không học
  report [--commune MÃ] --format csv|xlsx --out TỆP   báo cáo theo xã/phường
  check [--json] "tin nhắn"            kiểm tra tin nhắn, link, số điện thoại có dấu hiệu lừa đảo
  check [--json] --image ẢNH          đọc và kiểm tra mã QR trong ảnh
  check [--json] --file F             kiểm tra nhiều tin (mỗi dòng một tin, hoặc JSONL có "text")`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    if (name) console.error(`Không có lệnh "${name}".`);
    console.error(usage);
    return name ? 2 : 0;
  }
  try {
    const command = await load();
    return (await command(rest)) ?? 0;
  } catch (e) {
    // Errors an operator can act on: which setting is wrong and what to do, in Vietnamese.
    const message = operatorMessage(e);
    if (message === undefined) throw e;
    console.error(message);
    return isUsageError(e) ? 2 : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? `${e.name}: ${e.message}` : e);
    process.exitCode = 1;
  },
);

export { commands };
