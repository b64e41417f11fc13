import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addressAs } from '../core/texts.js';
import { createAssistant } from '../assistant/create.js';
import type { Answer } from '../assistant/types.js';
import { loadConfig, loadDotEnv } from '../config.js';
import { loadCurriculum } from '../content/loader.js';
import { openDatabase, type Db } from '../store/database.js';
import { UsageError } from './operator-errors.js';

const USAGE = `Cách dùng:
  npm run ask -- "câu hỏi"
  npm run ask -- --json "câu hỏi"
  npm run ask -- --json --file cau-hoi.txt   (mỗi dòng một câu hỏi, hoặc JSONL có trường "text")`;

/** Reads questions from a file: one per line, or JSON Lines objects with a `text` field. */
export function readQuestions(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'không có tệp này' : code === 'EISDIR' ? 'đây là thư mục' : code === 'EACCES' ? 'không được quyền đọc' : code;
    throw new UsageError(`--file: không đọc được tệp câu hỏi "${resolve(path)}" (${why}). Kiểm tra lại đường dẫn sau --file.`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      if (line.startsWith('{')) {
        try {
          const obj = JSON.parse(line) as { text?: unknown };
          if (typeof obj.text === 'string') return obj.text;
        } catch {
          // not JSON: the line is the question itself
        }
      }
      return line;
    });
}

/** The answer as a person reads it: in the neutral form of address (the chat uses each person's own). */
function forPerson(a: Answer): string {
  return addressAs(a.answer);
}

/** `ask`: prints the assistant's answer; `--json` prints the answer contract, one object per question. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, file: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const questions = values.file ? readQuestions(values.file) : [positionals.join(' ')];
  if (values.help || (!values.file && !positionals.length)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const curriculum = loadCurriculum(config.CONTENT_DIR);
  // This command is a composition root: it owns the database (opened only when a model needs it).
  let db: Db | undefined;
  try {
    const assistant = await createAssistant(config, curriculum, { db: () => (db ??= openDatabase(config.DATABASE_PATH)) });
    try {
      for (const q of questions) {
        const a = await assistant.answer(q);
        process.stdout.write((values.json ? JSON.stringify({ ...a, answer: forPerson(a) }) : forPerson(a) + (questions.length > 1 ? '\n' : '')) + '\n');
      }
    } finally {
      await assistant.close?.();
    }
  } finally {
    db?.close();
  }
  return 0;
}
