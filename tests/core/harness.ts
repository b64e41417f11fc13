import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Answer, AskContext, Assistant } from '../../src/assistant/types.js';
import { loadCurriculum, type Curriculum } from '../../src/content/loader.js';
import { Conversation } from '../../src/core/conversation.js';
import type { OfficerFlowDeps } from '../../src/core/flows/officer.js';
import { clarifyPrompt, quizHowToLeave } from '../../src/core/texts.js';
import type { Inbound, Outbound } from '../../src/core/types.js';
import { loadCommunes } from '../../src/learning/communes-loader.js';
import { CommuneMatcher } from '../../src/learning/communes.js';
import { CompletionService } from '../../src/learning/completion-service.js';
import { CurriculumIndex } from '../../src/learning/curriculum-index.js';
import { ProgressService } from '../../src/learning/progress-service.js';
import { QuizService } from '../../src/learning/quiz-service.js';
import { seededRandom } from '../../src/learning/random.js';
import { ReviewScheduler } from '../../src/learning/review-scheduler.js';
import { CompletionRepository } from '../../src/store/completion-repository.js';
import { ConversationStateRepository } from '../../src/store/conversation-state-repository.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';
import { ProgressRepository } from '../../src/store/progress-repository.js';
import { QuizRepository } from '../../src/store/quiz-repository.js';
import { ReviewCardRepository } from '../../src/store/review-card-repository.js';
import { ScamCheckCountRepository } from '../../src/store/scam-check-count-repository.js';
import { UnitOfWork } from '../../src/store/unit-of-work.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * A test double of the Assistant interface (not the real one): answers "vneid" questions from the
 * fixture lesson, declines the rest, records what it was asked, and can be told to fail.
 */
export class ScriptedAssistant implements Assistant {
  readonly asked: string[] = [];
  readonly contexts: (AskContext | undefined)[] = [];
  fail = false;

  async answer(question: string, context?: AskContext): Promise<Answer> {
    this.asked.push(question);
    this.contexts.push(context);
    if (this.fail) throw new Error('model down');
    if (/vneid/i.test(question)) {
      return {
        question,
        answer: 'VNeID là ứng dụng định danh điện tử của Bộ Công an.',
        grounded: true,
        mode: 'extractive',
        intent: 'answer',
        sources: [{ lessonId: 'vneid-la-gi', topic: 'vneid', title: 'VNeID là gì?', url: 'https://example.gov.vn/vneid', score: 1 }],
      };
    }
    if (/^(định danh|dinh danh)\??$/i.test(question.trim())) {
      return {
        question,
        answer: `${clarifyPrompt}\n1. VNeID là gì?\n2. Căn cước điện tử`,
        grounded: false,
        mode: 'extractive',
        intent: 'clarify',
        sources: [
          { lessonId: 'vneid-la-gi', topic: 'vneid', title: 'VNeID là gì?', url: 'https://example.gov.vn/vneid', score: 2, heading: 'VNeID là gì?', section: 0 },
          { lessonId: 'vneid-la-gi', topic: 'vneid', title: 'VNeID là gì?', url: 'https://example.gov.vn/vneid', score: 1, heading: 'Căn cước điện tử', section: 1 },
        ],
      };
    }
    if (/mật khẩu|mat khau/i.test(question)) {
      return { question, answer: '⚠️ Đừng gửi mật khẩu hay mã OTP cho ai, kể cả tôi.', grounded: false, mode: 'extractive', intent: 'decline', sources: [] };
    }
    return { question, answer: 'Xin lỗi, tôi chưa có thông tin về việc này.', grounded: false, mode: 'extractive', intent: 'decline', sources: [] };
  }
}

/** A Conversation wired to a real SQLite file in a temp directory, with a movable clock. */
export class Harness {
  readonly dir: string;
  readonly dbPath: string;
  db!: Db;
  conversation!: Conversation;
  learners!: LearnerRepository;
  completions!: CompletionService;
  readonly curriculum: Curriculum;
  readonly assistant = new ScriptedAssistant();
  now = new Date('2026-03-02T02:00:00Z');

  constructor(
    readonly options: { communesFile?: string; seed?: number; dir?: string; contentDir?: string; officer?: (db: Db, clock: () => Date) => OfficerFlowDeps } = {},
  ) {
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), 'conv-test-'));
    this.dbPath = join(this.dir, 'app.db');
    this.curriculum = loadCurriculum(options.contentDir ?? join(FIXTURES, 'curriculum'));
    this.open();
  }

  /** (Re)opens the database and builds a fresh Conversation, as a restarted process would. */
  open(): void {
    this.db = openDatabase(this.dbPath);
    const db = this.db;
    const index = new CurriculumIndex(this.curriculum);
    const random = seededRandom(this.options.seed ?? 7);
    const reviews = new ReviewScheduler(new ReviewCardRepository(db));
    const quizRepo = new QuizRepository(db);
    this.learners = new LearnerRepository(db);
    const communes = loadCommunes(this.options.communesFile ?? join(FIXTURES, 'communes.yaml'));
    this.completions = new CompletionService(new CompletionRepository(db), (n) => randomBytes(n));
    this.conversation = new Conversation({
      index,
      assistant: this.assistant,
      learners: this.learners,
      states: new ConversationStateRepository(db),
      quizzes: new QuizService(index, quizRepo, reviews, random),
      progress: new ProgressService(index, new ProgressRepository(db), quizRepo, reviews, this.learners),
      completions: this.completions,
      communes: new CommuneMatcher(communes.communes),
      scamCounts: new ScamCheckCountRepository(db),
      clock: () => this.now,
      unitOfWork: new UnitOfWork(db),
      officer: this.options.officer?.(db, () => this.now),
    });
  }

  /** Simulates a process restart: closes the database and wires everything again. */
  restart(): void {
    this.db.close();
    this.open();
  }

  close(): void {
    this.db.close();
    if (!this.options.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  advanceDays(days: number): void {
    this.now = new Date(this.now.getTime() + days * 86_400_000);
  }

  /** A person typing. */
  say(text: string, user = 'u1', name = 'Bà Lan'): Promise<Outbound[]> {
    return this.send({ channel: 'telegram', chatId: `c-${user}`, userId: user, userName: name, text, kind: 'text' });
  }

  /** A person tapping a button. */
  tap(action: string, user = 'u1', name = 'Bà Lan'): Promise<Outbound[]> {
    return this.send({ channel: 'telegram', chatId: `c-${user}`, userId: user, userName: name, action, kind: 'action' });
  }

  /** Sends one inbound; also checks every action id fits Telegram's 64-byte callback data. */
  async send(inbound: Inbound): Promise<Outbound[]> {
    const out = await this.conversation.handle(inbound);
    for (const c of out.flatMap((o) => o.choices ?? [])) {
      if (Buffer.byteLength(c.action) > 64) throw new Error(`action longer than 64 bytes: ${c.action}`);
    }
    return out;
  }

  /** Rows about a learner across every table that references learners. */
  rowsFor(learnerId: number): Record<string, number> {
    const tables = this.db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%learner_id%'`)
      .all()
      .map((r) => r.name);
    const out: Record<string, number> = {
      learners: (this.db.prepare('SELECT COUNT(*) AS n FROM learners WHERE id = ?').get(learnerId) as { n: number }).n,
    };
    for (const t of tables) {
      out[t] = (this.db.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE learner_id = ?`).get(learnerId) as { n: number }).n;
    }
    out.quiz_attempt_items = (
      this.db
        .prepare('SELECT COUNT(*) AS n FROM quiz_attempt_items i JOIN quiz_attempts a ON a.id = i.attempt_id WHERE a.learner_id = ?')
        .get(learnerId) as { n: number }
    ).n;
    return out;
  }
}

/** The last reply that has choices. */
export function lastChoices(out: Outbound[]) {
  const withChoices = out.filter((o) => o.choices?.length);
  const last = withChoices[withChoices.length - 1];
  if (!last?.choices) throw new Error(`no choices in: ${JSON.stringify(out)}`);
  return last.choices;
}

/** The action of the choice whose label contains `part`. */
export function actionOf(out: Outbound[], part: string): string {
  const c = lastChoices(out).find((x) => x.label.includes(part));
  if (!c) throw new Error(`no choice with "${part}" in ${JSON.stringify(lastChoices(out).map((x) => x.label))}`);
  return c.action;
}

/** All reply texts joined (for `toContain` checks). */
export function textOf(out: Outbound[]): string {
  return out.map((o) => o.text).join('\n---\n');
}

/** The question being asked in `out` and the 0-based shown index of its right and a wrong answer. */
export function quizQuestion(h: Harness, out: Outbound[]): { text: string; right: number; wrong: number; actions: string[] } {
  const q = out.find((o) => /^Câu \d+\/\d+\n/.test(o.text));
  if (!q?.choices) throw new Error(`no question in: ${textOf(out)}`);
  const text = q.text.split('\n').slice(1).filter((line) => line !== quizHowToLeave).join('\n');
  const source = h.curriculum.lessons.flatMap((l) => l.quiz).find((x) => x.question === text);
  if (!source) throw new Error(`unknown question ${text}`);
  const labels = q.choices.map((c) => c.label);
  const right = labels.indexOf(source.choices[source.answer] ?? '');
  const wrong = labels.findIndex((_, i) => i !== right);
  return { text, right, wrong, actions: q.choices.map((c) => c.action) };
}
