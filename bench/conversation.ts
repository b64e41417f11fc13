/**
 * `npm run bench:conversation [-- --learners N --concurrency C]`
 *
 * Drives N simulated learners (default 10,000) through the real Conversation in-process, against a real
 * SQLite file: /start → skip the commune → no announcements → a form of address (or skip) → one free question → "học" → a topic →
 * a lesson read page by page → its quiz, answered by typed numbers → "tiến độ". Reports handled messages
 * per second and p50/p95/p99 latency per message, for two runs in the same process:
 *   1. with the extractive assistant (the embedded default), over content/;
 *   2. with a trivial in-process assistant (a fixed answer): the conversation core's own overhead.
 * Each run uses a fresh database. Prints a Markdown table.
 */
import { lessonLink } from '../src/content/section-link.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ExtractiveAssistant } from '../src/assistant/extractive.js';
import type { Answer, Assistant } from '../src/assistant/types.js';
import { loadCurriculum, type Curriculum } from '../src/content/loader.js';
import type { Conversation } from '../src/core/conversation.js';
import type { Outbound } from '../src/core/types.js';
import { loadCommunes } from '../src/learning/communes-loader.js';
import { seededRandom, type Random } from '../src/learning/random.js';
import { silentLogger } from '../src/lib/logger.js';
import { openDatabase } from '../src/store/database.js';
import { wireConversation } from '../src/wiring.js';
import { percentile } from './lib/ir-dataset.js';

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
    content: { type: 'string', default: 'content' },
  },
});
const LEARNERS = Number(values.learners);
const CONCURRENCY = Number(values.concurrency);

/** Questions as people type them (with and without diacritics), asked one per learner in turn. */
const QUESTIONS = [
  'VNeID là gì?',
  'lam sao kich hoat tai khoan dinh danh muc 2',
  'quên mật khẩu vneid thì làm thế nào',
  'nop ho so dich vu cong o dau',
  'chuyển khoản bằng mã QR có an toàn không',
  'có người gọi tự xưng công an bảo chuyển tiền',
  'binh dan hoc vu so la gi',
  'thanh toan tien dien qua app ngan hang',
  'bị lừa rồi thì báo ở đâu',
  'ví giấy tờ trên vneid có những gì',
  'đăng ký tạm trú online',
  'giá vàng hôm nay bao nhiêu',
];

/** The trivial assistant: a fixed answer pointing at the first lesson, no work at all. */
class FixedAssistant implements Assistant {
  constructor(private readonly curriculum: Curriculum) {}
  async answer(question: string): Promise<Answer> {
    const l = this.curriculum.lessons[0]!;
    return {
      question,
      answer: 'Câu trả lời cố định.',
      grounded: true,
      mode: 'extractive',
      intent: 'answer',
      sources: [{ lessonId: l.id, topic: l.topic, title: l.title, url: lessonLink(l).url, score: 1 }],
    };
  }
}

interface RunResult {
  name: string;
  messages: number;
  seconds: number;
  all: number[];
  questions: number[];
  quizzesFinished: number;
}

const last = (out: Outbound[]) => out.filter((o) => o.choices?.length).at(-1)?.choices ?? [];

/** One learner's whole session; every message timed. */
async function learner(conv: Conversation, i: number, topics: number, random: Random, lat: number[], qLat: number[]): Promise<boolean> {
  const user = `u${i}`;
  const say = async (text: string, question = false) => {
    const t = process.hrtime.bigint();
    const out = await conv.handle({ channel: 'zalo', chatId: user, userId: user, userName: `Người ${i}`, text, kind: 'text' });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    lat.push(ms);
    if (question) qLat.push(ms);
    return out;
  };
  await say('/start');
  await say('bỏ qua');
  await say('không');
  await say(i % 2 ? 'bỏ qua' : 'ông');
  await say(QUESTIONS[i % QUESTIONS.length]!, true);
  await say('học');
  let out = await say(String((i % topics) + 1));
  out = await say('1');
  // Read on ("Tiếp" is choice 1) until the lesson's last page, then take its quiz (choice 1 there).
  for (let guard = 0; last(out)[0]?.label.startsWith('Tiếp') && guard < 30; guard++) out = await say('1');
  out = await say('1');
  for (let guard = 0; guard < 30; guard++) {
    const q = out.find((o) => o.text.startsWith('Câu '));
    if (!q?.choices) break;
    out = await say(String(1 + Math.floor(random() * q.choices.length)));
  }
  const finished = out.some((o) => o.text.includes('Kết quả'));
  await say('tiến độ');
  return finished;
}

async function run(name: string, curriculum: Curriculum, assistant: Assistant): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-conv-'));
  const db = openDatabase(join(dir, 'app.db'));
  const random = seededRandom(42);
  const conv = wireConversation(db, curriculum, assistant, {
    communes: loadCommunes(join(values.content, 'communes.yaml')).communes,
    logger: silentLogger,
    random,
  });
  const lat: number[] = [];
  const qLat: number[] = [];
  let next = 0;
  let finished = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < LEARNERS) {
        const i = next++;
        if (await learner(conv, i, curriculum.topics.length, random, lat, qLat)) finished++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { name, messages: lat.length, seconds, all: lat.sort((a, b) => a - b), questions: qLat.sort((a, b) => a - b), quizzesFinished: finished };
}

const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

async function main(): Promise<void> {
  const curriculum = loadCurriculum(values.content);
  const extractive = new ExtractiveAssistant(curriculum);
  await extractive.answer('khởi động'); // build the index before timing
  const results = [
    await run('extractive assistant (default)', curriculum, extractive),
    await run('trivial assistant (core overhead, baseline)', curriculum, new FixedAssistant(curriculum)),
  ];
  console.log(
    `\n${LEARNERS.toLocaleString('en-US')} learners, ${CONCURRENCY} at a time, each: /start, 3 setup answers, 1 free question, ` +
      `a topic, a whole lesson page by page, its quiz, progress. Real SQLite file (WAL), ${curriculum.lessons.length} lessons.\n` +
      `Latency is from handle() to the replies, including any wait behind the other learners in flight.\n`,
  );
  console.log('| run | messages | msg/s | p50 ms | p95 ms | p99 ms | free question p50 / p95 ms | quizzes finished |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.messages.toLocaleString('en-US')} | ${Math.round(r.messages / r.seconds).toLocaleString('en-US')} | ` +
        `${fmt(percentile(r.all, 50))} | ${fmt(percentile(r.all, 95))} | ${fmt(percentile(r.all, 99))} | ` +
        `${fmt(percentile(r.questions, 50))} / ${fmt(percentile(r.questions, 95))} | ${r.quizzesFinished.toLocaleString('en-US')} |`,
    );
  }
  const [a, b] = results as [RunResult, RunResult];
  console.log(
    `\nThe assistant's share of the time: ${Math.round(100 * (1 - b.seconds / a.seconds))}% ` +
      `(target: ≥ 2,000 msg/s with the extractive assistant on a 2-core machine).`,
  );
}

await main();
