import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiServer } from '../../fakes/openai-server.js';
import { API_KEY } from './harness.js';

const run = promisify(execFile);
const tsx = join('node_modules', '.bin', 'tsx');

let fake: FakeOpenAiServer;
let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  fake = await FakeOpenAiServer.start({ apiKey: API_KEY });
  dir = mkdtempSync(join(tmpdir(), 'llm-cli-'));
  env = {
    ...process.env,
    OPENAI_API_KEY: API_KEY,
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODEL: 'fake-model',
    OPENAI_EMBEDDING_MODEL: '',
    DATABASE_PATH: join(dir, 'app.db'),
    LLM_DAILY_TOKEN_LIMIT: '100000',
    LOG_LEVEL: 'silent',
  };
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ask with a model configured', () => {
  it('--json reports mode "llm" with the answer contract, the model having seen the question', async () => {
    const { stdout } = await run(tsx, ['src/cli.ts', 'ask', '--json', 'VNeID là gì?'], { env });
    const a = JSON.parse(stdout);
    expect(Object.keys(a).sort()).toEqual(['answer', 'grounded', 'intent', 'mode', 'question', 'sources']);
    expect(a).toMatchObject({ question: 'VNeID là gì?', grounded: true, mode: 'llm' });
    expect(a.answer).toMatch(/\[1\]/);
    expect(a.answer).toMatch(/📚 Nguồn:\n\[1\] «.+» — https?:\/\//);
    expect(Object.keys(a.sources[0]).sort()).toEqual(['lessonId', 'score', 'title', 'topic', 'url']);
    expect(fake.chats.at(-1)!.messages[1]!.content).toContain('VNeID là gì?');
  });

  it('usage prints the day’s tokens recorded by that answer', async () => {
    const { stdout } = await run(tsx, ['src/cli.ts', 'usage', '--json'], { env });
    const u = JSON.parse(stdout) as { limit: number; days: { answers: number; promptTokens: number; completionTokens: number }[] };
    expect(u.limit).toBe(100000);
    expect(u.days).toHaveLength(1);
    expect(u.days[0]!.answers).toBe(1);
    expect(u.days[0]!.promptTokens).toBeGreaterThan(100);
    const table = await run(tsx, ['src/cli.ts', 'usage'], { env });
    expect(table.stdout).toMatch(/^\| ngày \| câu trả lời/m);
    expect(table.stdout).toMatch(/Hạn mức mỗi ngày: 100000 token/);
  });
});
