import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate, PromptTemplate } from '@langchain/core/prompts';

/**
 * The LLM prompts, plain files in `prompts/` (PROMPTS_DIR) loaded once at start:
 * - `system.md`: the rules. It must have no variables (no braces at all): it is sent verbatim as the
 *   system message, so no user text can ever reach the system prompt.
 * - `answer.md`: the user message of an answer, with exactly `{passages}` and `{question}`.
 * - `condense.md`: the user message that turns a follow-up into a standalone question, with exactly
 *   `{history}` and `{question}`.
 * Templates use LangChain's f-string syntax (`{name}`; write `{{` and `}}` for literal braces). A missing,
 * unknown or malformed variable stops start-up with a {@link PromptError} naming the file and the fix.
 */
export interface Prompts {
  /** The system rules, verbatim. */
  system: string;
  /** system rules + answer template. Input: `{passages, question}`. */
  answer: ChatPromptTemplate;
  /** condensation template alone (a single user message). Input: `{history, question}`. */
  condense: ChatPromptTemplate;
  /** Hash of the three files: part of the answer-cache key, so editing a prompt invalidates old answers. */
  version: string;
}

export class PromptError extends Error {
  override readonly name = 'PromptError';
  constructor(readonly problems: string[]) {
    super(`Mẫu câu lệnh (prompt) không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const FILES = {
  system: { file: 'system.md', variables: [] as string[] },
  answer: { file: 'answer.md', variables: ['passages', 'question'] },
  condense: { file: 'condense.md', variables: ['history', 'question'] },
} as const;

/** The variables an f-string template uses; throws a message when the template cannot be parsed. */
function variablesOf(template: string): string[] {
  return [...new Set(PromptTemplate.fromTemplate(template).inputVariables)].sort();
}

function check(name: string, text: string, expected: readonly string[], problems: string[]): void {
  if (!text.trim()) {
    problems.push(`${name}: tệp rỗng`);
    return;
  }
  if (!expected.length) {
    if (/[{}]/.test(text)) problems.push(`${name}: không được có dấu ngoặc nhọn { }: tệp này được gửi nguyên văn, không có biến nào (không chèn chữ của người dùng vào đây)`);
    return;
  }
  let found: string[];
  try {
    found = variablesOf(text);
  } catch (e) {
    problems.push(`${name}: không đọc được biến trong mẫu (${e instanceof Error ? e.message : String(e)}); viết {{ và }} cho dấu ngoặc nhọn thường`);
    return;
  }
  const missing = expected.filter((v) => !found.includes(v));
  const unknown = found.filter((v) => !expected.includes(v));
  const want = `chỉ dùng ${expected.map((v) => `{${v}}`).join(', ')}`;
  if (missing.length) problems.push(`${name}: thiếu biến ${missing.map((v) => `{${v}}`).join(', ')} (${want})`);
  if (unknown.length) problems.push(`${name}: có biến không dùng được ${unknown.map((v) => `{${v}}`).join(', ')} (${want})`);
}

/** Loads and checks the three prompt files of `dir`. */
export function loadPrompts(dir: string): Prompts {
  const problems: string[] = [];
  const texts: Record<keyof typeof FILES, string> = { system: '', answer: '', condense: '' };
  for (const [key, spec] of Object.entries(FILES) as [keyof typeof FILES, (typeof FILES)[keyof typeof FILES]][]) {
    const path = join(dir, spec.file);
    try {
      texts[key] = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim();
    } catch {
      problems.push(`${path}: không đọc được tệp (đặt PROMPTS_DIR trỏ tới thư mục prompts/)`);
      continue;
    }
    check(path, texts[key], spec.variables, problems);
  }
  if (problems.length) throw new PromptError(problems);
  return {
    system: texts.system,
    // The system rules go in as a ready message, never as a template: nothing is interpolated into them.
    answer: ChatPromptTemplate.fromMessages([new SystemMessage(texts.system), ['human', texts.answer]]),
    condense: ChatPromptTemplate.fromMessages([['human', texts.condense]]),
    version: createHash('sha256').update(texts.system).update('\0').update(texts.answer).update('\0').update(texts.condense).digest('hex').slice(0, 16),
  };
}
