import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrompts, PromptError } from '../../../src/assistant/prompts.js';

function promptsDir(files: Partial<Record<'system.md' | 'answer.md' | 'condense.md', string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
  const base = { 'system.md': readFileSync('prompts/system.md', 'utf8'), 'answer.md': readFileSync('prompts/answer.md', 'utf8'), 'condense.md': readFileSync('prompts/condense.md', 'utf8') };
  for (const [name, text] of Object.entries({ ...base, ...files })) if (text !== undefined) writeFileSync(join(dir, name), text);
  return dir;
}

function problems(dir: string): string[] {
  try {
    loadPrompts(dir);
  } catch (e) {
    if (e instanceof PromptError) return e.problems;
    throw e;
  }
  return [];
}

describe('prompt files', () => {
  it('the shipped prompts load: system rules verbatim without variables, answer {passages, question}, condense {history, question}', async () => {
    const p = loadPrompts('prompts');
    expect(p.answer.inputVariables.sort()).toEqual(['passages', 'question']);
    expect(p.condense.inputVariables.sort()).toEqual(['history', 'question']);
    const messages = await p.answer.formatMessages({ passages: '[1] Bài «A»\nx', question: 'Câu {hỏi} của {người dân}' });
    expect(messages.map((m) => m.getType())).toEqual(['system', 'human']);
    expect(messages[0]!.content).toBe(readFileSync('prompts/system.md', 'utf8').trim());
    expect(messages[1]!.content).toContain('Câu {hỏi} của {người dân}');
    expect(p.system).toMatch(/KHONG_CO_THONG_TIN/);
    expect(p.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a prompt edit changes the version (so cached answers are not reused)', () => {
    const a = loadPrompts(promptsDir({}));
    const b = loadPrompts(promptsDir({ 'answer.md': readFileSync('prompts/answer.md', 'utf8') + '\nNgắn gọn.' }));
    expect(a.version).not.toBe(b.version);
  });

  it('refuses a system prompt with variables or braces: user text must never reach it', () => {
    const [p] = problems(promptsDir({ 'system.md': 'Quy tắc cho {question}' }));
    expect(p).toMatch(/system\.md: không được có dấu ngoặc nhọn/);
  });

  it('names the file and the missing or unknown variable', () => {
    expect(problems(promptsDir({ 'answer.md': 'Đoạn trích: {passages}' }))).toEqual([expect.stringMatching(/answer\.md: thiếu biến \{question\} \(chỉ dùng \{passages\}, \{question\}\)/)]);
    expect(problems(promptsDir({ 'condense.md': '{history} {question} {user_name}' }))).toEqual([expect.stringMatching(/condense\.md: có biến không dùng được \{user_name\}/)]);
    expect(problems(promptsDir({ 'answer.md': '{passages} {question} {' }))).toEqual([expect.stringMatching(/answer\.md: không đọc được biến/)]);
  });

  it('names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
    const all = problems(dir);
    expect(all).toHaveLength(3);
    expect(all[0]).toMatch(/system\.md: không đọc được tệp \(đặt PROMPTS_DIR/);
  });
});
