import { ChannelAuthError } from '../channels/contract.js';
import { ConfigError } from '../config.js';
import { ContentError } from '../content/loader.js';
import { DatabaseOpenError } from '../store/database-open-error.js';

/**
 * Errors an operator can act on, in Vietnamese: which setting is wrong and what to do. Returns
 * undefined for anything else (a bug: printed as is).
 */
export function operatorMessage(e: unknown): string | undefined {
  if (e instanceof ConfigError || e instanceof ContentError || e instanceof UsageError) return e.message;
  if (e instanceof DatabaseOpenError) return databaseMessage(e);
  if (e instanceof ChannelAuthError) return tokenMessage(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return argsMessage(code, (e as Error).message);
  return undefined;
}

/** True for errors printed with exit code 2 (the command line itself is wrong). */
export function isUsageError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
}

const OPTION_EXAMPLES: Record<string, string> = {
  '--user': 'npm run chat -- --user "Bác Hòa"',
  '--file': 'npm run ask -- --file cau-hoi.txt',
  '--days': 'npm run cli -- usage --days 7',
};

/** node:util parseArgs errors ("Option '-u, --user <value>' argument missing") in Vietnamese. */
function argsMessage(code: string, message: string): string {
  const option = /--[a-z-]+/.exec(message)?.[0] ?? /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const example = OPTION_EXAMPLES[option];
    return `Thiếu giá trị sau ${option}.${example ? ` Ví dụ: ${example}` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Không có tùy chọn ${option}. Thêm --help để xem cách dùng.`;
  return `Lệnh dùng sai: ${message}. Thêm --help để xem cách dùng.`;
}

/** A command line used wrongly (a missing value, a missing file): printed with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function databaseMessage(e: DatabaseOpenError): string {
  const fix = 'Đặt DATABASE_PATH tới một tệp trong thư mục mà dịch vụ được quyền ghi, ví dụ DATABASE_PATH=./data/app.db.';
  switch (e.reason) {
    case 'not-a-directory':
      return `DATABASE_PATH: không tạo được cơ sở dữ liệu "${e.path}" vì "${e.at}" là một tệp, không phải thư mục. ${fix}`;
    case 'mkdir':
      return `DATABASE_PATH: không tạo được thư mục "${e.at}" cho cơ sở dữ liệu "${e.path}" (${e.detail}). ${fix}`;
    case 'open':
      return `DATABASE_PATH: không mở được tệp cơ sở dữ liệu "${e.path}" (${e.detail}). Kiểm tra đó là một tệp SQLite (không phải thư mục) và dịch vụ được quyền đọc, ghi. ${fix}`;
  }
}

function tokenMessage(e: ChannelAuthError): string {
  const platform = e.channel === 'telegram' ? 'Telegram' : 'Zalo';
  const where = e.channel === 'telegram' ? '@BotFather đã cấp (dạng 123456789:AA…)' : 'Zalo Bot Manager đã cấp (dạng <bot id>:<secret>)';
  return `${e.setting}: ${platform} từ chối mã bot (${e.status} ${e.description}). Kiểm tra lại mã ${where}, hoặc bỏ ${e.setting} nếu không dùng ${platform}. Dịch vụ dừng.`;
}
