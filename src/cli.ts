#!/usr/bin/env node
/**
 * The command line. Each command lives in `src/cli/<name>.ts` and is loaded only when used,
 * so `npm run ask` does not pay for the chat platforms' libraries.
 *
 *   start                 run the service (see README)
 *   chat [--user NAME]    chat with the assistant in this terminal
 *   ask [--json] [--file F] "question"
 *   content check         validate content/
 *   verify CODE           check a completion code
 *   usage [--days N]      LLM tokens per day
 *   check [--json] [--file F | --image F] "text"   the scam check ("Kiểm tra giúp tôi")
 */
import { ConfigError } from './config.js';
import { ContentError } from './content/loader.js';

type Command = (args: string[]) => Promise<number | void>;

const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./cli/start.js')).run,
  ask: async () => (await import('./cli/ask.js')).run,
  content: async () => (await import('./cli/content.js')).run,
  usage: async () => (await import('./cli/usage.js')).run,
  chat: async () => (await import('./cli/chat.js')).run,
  verify: async () => (await import('./cli/verify.js')).run,
  check: async () => (await import('./cli/check.js')).run,
};

const usage = `Cách dùng: npm run cli -- <lệnh>
  start                               chạy dịch vụ
  chat [--user TÊN]                   trò chuyện với trợ lý ngay trong cửa sổ này
  ask [--json] [--file F] "câu hỏi"   hỏi trợ lý
  content check                       kiểm tra nội dung bài học
  verify MÃ                           kiểm tra mã hoàn thành của người học
  usage [--days N] [--json]           số token mô hình AI đã dùng mỗi ngày
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
    if (e instanceof ConfigError || e instanceof ContentError) {
      console.error(e.message);
      return 1;
    }
    throw e;
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
