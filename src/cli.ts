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
};

const usage = `Cách dùng: npm run cli -- <lệnh>
  start                               chạy dịch vụ
  chat [--user TÊN]                   trò chuyện với trợ lý ngay trong cửa sổ này
  ask [--json] [--file F] "câu hỏi"   hỏi trợ lý
  content check                       kiểm tra nội dung bài học
  verify MÃ                           kiểm tra mã hoàn thành của người học
  usage [--days N] [--json]           số token mô hình AI đã dùng mỗi ngày`;

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
