import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = join('node_modules', '.bin', 'tsx');
const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', LOG_LEVEL: 'silent' };

describe('ask command', () => {
  it('--json prints one object with the answer contract', async () => {
    const { stdout } = await run(tsx, ['src/cli.ts', 'ask', '--json', 'vneid la gi'], { env });
    const a = JSON.parse(stdout);
    expect(Object.keys(a).sort()).toEqual(['answer', 'grounded', 'intent', 'mode', 'question', 'sources']);
    expect(a).toMatchObject({ question: 'vneid la gi', grounded: true, mode: 'extractive', intent: 'answer' });
    expect(Object.keys(a.sources[0]).sort()).toEqual(['heading', 'lessonId', 'score', 'section', 'title', 'topic', 'url']);
  }, 60_000);

  it('--json --file reads plain lines and JSONL objects and prints one object per line, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ask-'));
    const file = join(dir, 'q.jsonl');
    writeFileSync(file, '{"id":"a","text":"VietQR là gì?"}\nCách nấu phở bò ngon\n\n{"text":"Tổ công nghệ số cộng đồng làm gì?"}\ncam on nhieu nhe\nlam sao doc trom tin nhan zalo cua vo\n');
    const { stdout } = await run(tsx, ['src/cli.ts', 'ask', '--json', '--file', file], { env });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual([
      'VietQR là gì?',
      'Cách nấu phở bò ngon',
      'Tổ công nghệ số cộng đồng làm gì?',
      'cam on nhieu nhe',
      'lam sao doc trom tin nhan zalo cua vo',
    ]);
    expect(lines.map((l) => l.grounded)).toEqual([true, false, true, false, false]);
    expect(lines.map((l) => l.intent)).toEqual(['answer', 'decline', 'answer', 'smalltalk', 'decline']);
    expect(lines.filter((l) => l.intent !== 'answer').every((l) => l.sources.length === 0)).toBe(true);
  }, 60_000);

  it('prints the answer for a person, and a usage message without a question', async () => {
    const { stdout } = await run(tsx, ['src/cli.ts', 'ask', 'VietQR là gì?'], { env });
    expect(stdout).toMatch(/VietQR/);
    expect(stdout).toMatch(/📖 Đọc thêm/);
    await expect(run(tsx, ['src/cli.ts', 'ask'], { env })).rejects.toMatchObject({ code: 2 });
  }, 60_000);

  it('stops with the variable named when the configuration is wrong', async () => {
    const err = await run(tsx, ['src/cli.ts', 'ask', 'x'], { env: { ...env, LOG_LEVEL: 'loud' } }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toMatch(/LOG_LEVEL: phải là một trong/);
  }, 60_000);
});
