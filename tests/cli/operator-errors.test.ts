import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorMessage } from '../../src/cli/operator-errors.js';
import { loadConfig } from '../../src/config.js';
import { loadCurriculum } from '../../src/content/loader.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startService } from '../../src/main.js';
import { openDatabase } from '../../src/store/database.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';

/**
 * Errors an operator meets on a first run: each names the setting (or option) in Vietnamese, says what
 * to do, and stops the command with a non-zero exit — never a raw English error, never a hang.
 * The messages are checked in-process (quick); the exit codes by spawning the real CLI.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const m = operatorMessage(e);
    if (m === undefined) throw e;
    return m;
  }
  throw new Error('no error');
}

async function messageOfAsync(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    const m = operatorMessage(e);
    if (m === undefined) throw e;
    return m;
  }
  throw new Error('no error');
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${out}`));
    }, 100_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('operator errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'operr-'));
    writeFileSync(join(dir, 'a-file'), 'x');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const config = (env: Record<string, string>) =>
    loadConfig({ PORT: '0', DATABASE_PATH: join(dir, 'ok', 'app.db'), CONTENT_DIR: join(FIXTURES, 'curriculum'), LOG_LEVEL: 'silent', ...env });

  it('DATABASE_PATH under a file, under /proc (returns at once, no busy loop), a directory', () => {
    expect(messageOf(() => openDatabase(join(dir, 'a-file', 'x.db')))).toBe(
      `DATABASE_PATH: không tạo được cơ sở dữ liệu "${join(dir, 'a-file', 'x.db')}" vì "${join(dir, 'a-file')}" là một tệp, không phải thư mục. ` +
        'Đặt DATABASE_PATH tới một tệp trong thư mục mà dịch vụ được quyền ghi, ví dụ DATABASE_PATH=./data/app.db.',
    );
    const started = Date.now();
    expect(messageOf(() => openDatabase('/proc/sub/x.db'))).toContain('DATABASE_PATH: không tạo được thư mục "/proc/sub" cho cơ sở dữ liệu "/proc/sub/x.db"');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(messageOf(() => openDatabase(dir))).toContain(`DATABASE_PATH: không mở được tệp cơ sở dữ liệu "${dir}"`);
  });

  it('CONTENT_DIR that does not exist is named with its absolute path', () => {
    expect(messageOf(() => loadCurriculum('/nonexistent'))).toContain('CONTENT_DIR: không tìm thấy thư mục nội dung "/nonexistent"');
    expect(messageOf(() => loadCurriculum('../../nonexistent-content'))).toContain(`"${join(ROOT, '..', '..', 'nonexistent-content')}"`);
  });

  it('a port in use, and an unresolvable HOST', async () => {
    const busy: Server = createServer();
    await new Promise<void>((res) => busy.listen(0, '127.0.0.1', () => res()));
    const port = (busy.address() as { port: number }).port;
    try {
      const inUse = await messageOfAsync(() => startService(config({ PORT: String(port), HOST: '127.0.0.1' }), silentLogger));
      expect(inUse).toContain(`PORT: cổng ${port} trên 127.0.0.1 đang có chương trình khác dùng. Dừng chương trình đó, hoặc đặt PORT sang cổng khác`);
    } finally {
      busy.close();
    }
    const host = await messageOfAsync(() => startService(config({ DATABASE_PATH: join(dir, 'h', 'app.db'), HOST: 'no-such-host.invalid' }), silentLogger));
    expect(host).toContain('HOST: không dùng được địa chỉ "no-such-host.invalid"');
  });

  it('an http:// webhook URL is refused', () => {
    expect(messageOf(() => config({ TELEGRAM_WEBHOOK_URL: 'http://bot.example.vn/hook' }))).toContain('TELEGRAM_WEBHOOK_URL: phải là địa chỉ https://');
    expect(messageOf(() => config({ ZALO_WEBHOOK_URL: 'http://bot.example.vn/zalo' }))).toContain('ZALO_WEBHOOK_URL: phải là địa chỉ https://');
    expect(config({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/hook' }).TELEGRAM_WEBHOOK_URL).toBe('https://bot.example.vn/hook');
  });

  it('a wrong TELEGRAM_BOT_TOKEN: getMe answers 401 (fake Bot API) and the service reports it as fatal', async () => {
    const fake = await FakeTelegramServer.start();
    const service = await startService(
      config({ DATABASE_PATH: join(dir, 'tg', 'app.db'), TELEGRAM_BOT_TOKEN: '999999:WRONG-token_abcdefghijklmnopqrs', TELEGRAM_API_ROOT: fake.url }),
      silentLogger,
    );
    try {
      const message = operatorMessage(await service.fatal);
      expect(message).toContain('TELEGRAM_BOT_TOKEN: Telegram từ chối mã bot (401 Unauthorized). Kiểm tra lại mã @BotFather đã cấp');
      expect(message).not.toContain('WRONG-token');
    } finally {
      await service.stop();
      await fake.close();
    }
  });

  it('the CLI exits 1 for a setting, 2 for a command line used wrongly (spawned)', { timeout: 240_000 }, async () => {
    const db = await cli(['start'], { DATABASE_PATH: join(dir, 'a-file', 'x.db') });
    expect(db.code).toBe(1);
    expect(db.out).toContain('DATABASE_PATH: không tạo được cơ sở dữ liệu');
    expect(db.out).not.toMatch(/\n\s+at |EEXIST/);
    const fake = await FakeTelegramServer.start();
    try {
      const tg = await cli(['start'], { DATABASE_PATH: join(dir, 'tg2', 'app.db'), TELEGRAM_BOT_TOKEN: '999999:WRONG-token_abcdefghijklmnopqrs', TELEGRAM_API_ROOT: fake.url });
      expect(tg.code).toBe(1);
      expect(tg.out).toContain('TELEGRAM_BOT_TOKEN: Telegram từ chối mã bot (401 Unauthorized)');
    } finally {
      await fake.close();
    }
    expect(await cli(['chat', '--user'], {})).toEqual({ code: 2, out: 'Thiếu giá trị sau --user. Ví dụ: npm run chat -- --user "Bác Hòa"\n' });
    expect(await cli(['ask', '--file', join(dir, 'nope.txt')], {})).toEqual({
      code: 2,
      out: `--file: không đọc được tệp câu hỏi "${join(dir, 'nope.txt')}" (không có tệp này). Kiểm tra lại đường dẫn sau --file.\n`,
    });
  });
});
