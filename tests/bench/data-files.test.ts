/**
 * The benchmark data files in bench/data/ are hand-written JSONL. A broken line (bad JSON, a missing
 * field, a kind or topic outside the contract) would silently shrink or skew a benchmark, so every line
 * is checked here, and the mix each set promises (enough in-scope questions, small talk, declines, scams
 * and legitimate messages) is checked too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TOPIC_IDS } from '../../src/content/schema.js';
import { foldDiacritics } from '../../src/knowledge/normalize.js';
import { LABEL_KINDS } from '../../src/scamcheck/types.js';

const DATA_DIR = join(import.meta.dirname, '..', '..', 'bench', 'data');

const TOPICS = TOPIC_IDS;
const SCAM_KINDS = LABEL_KINDS;

const phrase = z
  .string()
  .min(2)
  .refine((p) => p === p.trim() && p === p.toLowerCase(), 'a phrase is trimmed and lower case');

const question = z.discriminatedUnion('kind', [
  z
    .object({
      id: z.string(),
      kind: z.literal('answer'),
      topic: z.enum(TOPICS),
      text: z.string().trim().min(1),
      expect_any: z.array(phrase).min(1).max(4),
    })
    .strict(),
  z
    .object({
      id: z.string(),
      kind: z.enum(['smalltalk', 'quit', 'decline']),
      topic: z.null(),
      text: z.string().trim().min(1),
      expect_any: z.array(z.string()).length(0),
    })
    .strict(),
]);
type Question = z.infer<typeof question>;

const message = z.discriminatedUnion('label', [
  z
    .object({
      id: z.string(),
      label: z.literal('scam'),
      kinds: z.array(z.enum(SCAM_KINDS)).min(1),
      text: z.string().trim().min(1),
    })
    .strict(),
  z
    .object({
      id: z.string(),
      label: z.literal('legit'),
      kinds: z.array(z.enum(SCAM_KINDS)),
      text: z.string().trim().min(1),
    })
    .strict(),
]);
type Message = z.infer<typeof message>;

/** Every non-empty line parsed with the schema; a failure names the file and line. */
function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  const path = join(DATA_DIR, file);
  const rows: T[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        throw new Error(`${file}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      rows.push(parsed.data);
    });
  return rows;
}

function expectUniqueIds(rows: { id: string }[], pattern: RegExp): void {
  for (const row of rows) expect(row.id, row.id).toMatch(pattern);
  const ids = rows.map((r) => r.id);
  expect(new Set(ids).size, 'duplicate ids').toBe(ids.length);
}

function share(rows: Question[], kinds: Question['kind'][]): number {
  return rows.filter((r) => kinds.includes(r.kind)).length / rows.length;
}

const key = (text: string): string => foldDiacritics(text).replace(/\s+/g, ' ').trim();

const QUESTION_SETS = [
  // The dev set was grown (round 2 of issue 9) with many small-talk, quit and decline messages, because
  // those are what failed on unseen data; in-scope questions are still over 40 % of it.
  { file: 'questions.dev.jsonl', prefix: 'q-dev', min: 480, answerShare: 0.4, chatShare: 0.12 },
  { file: 'questions.holdout.jsonl', prefix: 'q-ho', min: 110, answerShare: 0.6, chatShare: 0.12 },
  // Round 2's held-out set, written by someone who saw neither the code nor the dev set.
  { file: 'questions.holdout2.jsonl', prefix: 'h2-q', min: 160, answerShare: 0.55, chatShare: 0.12 },
  // Round 3's, the same way; its lines equal to dev lines (short small talk and quit words) were dropped.
  { file: 'questions.holdout3.jsonl', prefix: 'h3-q', min: 200, answerShare: 0.55, chatShare: 0.1 },
] as const;
const HELD_OUT = QUESTION_SETS.map((s) => s.file).filter((f) => f.includes('holdout'));

describe('bench/data question sets', () => {
  for (const set of QUESTION_SETS) {
    describe(set.file, () => {
      it('every line parses and has the required fields and values', () => {
        const rows = readJsonl(set.file, question);
        expect(rows.length).toBeGreaterThanOrEqual(set.min);
        expectUniqueIds(rows, new RegExp(`^${set.prefix}-\\d{3}$`));
      });

      it('keeps the promised mix of kinds and covers every topic', () => {
        const rows = readJsonl(set.file, question);
        expect(share(rows, ['answer'])).toBeGreaterThanOrEqual(set.answerShare);
        expect(share(rows, ['smalltalk', 'quit'])).toBeGreaterThanOrEqual(set.chatShare);
        expect(share(rows, ['decline'])).toBeGreaterThanOrEqual(0.12);
        expect(rows.some((r) => r.kind === 'quit')).toBe(true);
        for (const topic of TOPICS) {
          expect(rows.filter((r) => r.kind === 'answer' && r.topic === topic).length, topic).toBeGreaterThanOrEqual(10);
        }
      });

      it('has no question twice (ignoring accents, case and spacing)', () => {
        const keys = readJsonl(set.file, question).map((r) => key(r.text));
        expect(keys.length - new Set(keys).size).toBe(0);
      });
    });
  }

  it.each(HELD_OUT)('dev and %s share no question', (file) => {
    const dev = new Set(readJsonl('questions.dev.jsonl', question).map((r) => key(r.text)));
    const shared = readJsonl(file, question).filter((r) => dev.has(key(r.text)));
    expect(shared.map((r) => r.id)).toEqual([]);
  });
});

/**
 * The intent model's training examples (src/assistant/data/intent-examples.jsonl): well-formed, each
 * message once, and none of them a message of the dev or held-out sets (so the held-out figures stay
 * figures on unseen messages, and dev messages are not counted twice).
 */
describe('intent training examples', () => {
  const example = z
    .object({
      id: z.string().regex(/^ix-\d{4}$/),
      kind: z.enum(['answer', 'decline', 'harmful', 'smalltalk', 'quit']),
      topic: z.enum(TOPICS).nullable(),
      text: z.string().trim().min(1),
    })
    .strict()
    .refine((e) => (e.kind === 'answer') === (e.topic !== null), 'an answer has a topic, nothing else has one');
  const rows = readFileSync(join(DATA_DIR, '..', '..', 'src', 'assistant', 'data', 'intent-examples.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = example.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`intent-examples.jsonl:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });

  it('every line parses; ids and texts are unique; every kind and topic is there', () => {
    expect(rows.length).toBeGreaterThan(2000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const keys = rows.map((r) => key(r.text));
    expect(keys.length - new Set(keys).size, 'duplicate texts').toBe(0);
    for (const kind of ['answer', 'decline', 'harmful', 'smalltalk', 'quit']) expect(rows.some((r) => r.kind === kind), kind).toBe(true);
    for (const topic of TOPICS) expect(rows.filter((r) => r.topic === topic).length, topic).toBeGreaterThanOrEqual(50);
  });

  it('holds no message of the dev or held-out sets', () => {
    const sets = new Set(['questions.dev.jsonl', ...HELD_OUT].flatMap((f) => readJsonl(f, question).map((r) => key(r.text))));
    expect(rows.filter((r) => sets.has(key(r.text))).map((r) => r.id)).toEqual([]);
  });
});

describe('bench/data scam message sets', () => {
  it.each([
    ['scam-messages.holdout.jsonl', /^s-ho-\d{3}$/],
    ['scam-messages.holdout2.jsonl', /^h2-s-\d{3}$/],
  ])('%s: every line parses, labels are balanced, every red-flag kind is used', (file, ids) => {
    const rows: Message[] = readJsonl(file, message);
    expect(rows.length).toBeGreaterThanOrEqual(160);
    expectUniqueIds(rows, ids);
    const scams = rows.filter((r) => r.label === 'scam').length;
    expect(scams / rows.length).toBeGreaterThanOrEqual(0.45);
    expect(scams / rows.length).toBeLessThanOrEqual(0.55);
    expect(rows.filter((r) => r.label === 'legit' && r.kinds.length > 0).map((r) => r.id)).toEqual([]);
    const used = new Set(rows.flatMap((r) => r.kinds));
    expect(SCAM_KINDS.filter((k) => !used.has(k))).toEqual([]);
    const keys = rows.map((r) => key(r.text));
    expect(keys.length - new Set(keys).size, 'duplicate texts').toBe(0);
  });

  // The dev set is written on another branch, to its own conventions; check the shared contract whenever
  // it is present, and that it shares no message with the holdout set.
  const devFile = 'scam-messages.dev.jsonl';
  it.skipIf(!existsSync(join(DATA_DIR, devFile)))(`${devFile}: every line parses; no message is also in a holdout set`, () => {
    const rows: Message[] = readJsonl(devFile, message);
    expect(rows.length).toBeGreaterThan(0);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size, 'duplicate ids').toBe(ids.length);
    const holdout = new Set(
      ['scam-messages.holdout.jsonl', 'scam-messages.holdout2.jsonl'].flatMap((f) => readJsonl(f, message).map((r) => key(r.text))),
    );
    expect(rows.filter((r) => holdout.has(key(r.text))).map((r) => r.id)).toEqual([]);
  });
});
