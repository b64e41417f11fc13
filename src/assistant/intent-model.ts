import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { tokenize } from '../knowledge/normalize.js';
import type { IntentPolicy } from './intent-policy.js';

/**
 * "What kind of message is this?" learnt from examples, next to the word lists and the retrieval scores:
 * one of the five topics (a question the lessons answer), `outside` (another subject), `harmful` (a
 * request to harm someone or break the law), `chat` (small talk) or `quit` (leaving a quiz or a lesson). Trained by `npm run intent:model`
 * (intent-train.ts) on the lessons' question variants (`asks:`), the dev questions and the examples in
 * `data/intent-examples.jsonl`; the committed model is `data/intent-model.json`.
 *
 * Features: the message's syllables as the search reads them (folded diacritics, chat shorthand and
 * keyboard residue rewritten — normalize.ts), numbers as `<num>`, every syllable and pair of neighbouring
 * syllables present or absent, plus its shape (length, a question mark, emoji). Word lists name what
 * their authors thought of; a model trained on many examples also weighs the words around them ("xe
 * máy", "trả góp", "giá vàng" are not about the lessons, whatever shares a word with them).
 * Model: multinomial logistic regression (softmax) — probabilities that sum to 1.
 */
export const INTENT_CLASSES = ['vneid', 'dich-vu-cong', 'thanh-toan', 'lua-dao', 'phong-trao', 'outside', 'harmful', 'chat', 'quit'] as const;
export type IntentClass = (typeof INTENT_CLASSES)[number];
export const TOPIC_CLASSES: readonly IntentClass[] = INTENT_CLASSES.slice(0, 5);

/** Where the trained model lives (written by `npm run intent:model`, committed). */
export const INTENT_MODEL_PATH = new URL('./data/intent-model.json', import.meta.url);

const EMOJI = /\p{Extended_Pictographic}|:\)|:D|<3|=\)|:\(/u;

/** The features of a message (distinct, in a stable order). */
export function intentFeatures(text: string): string[] {
  const words = tokenize(text).map((t) => (/^\d[\d.,/]*$/.test(t.folded) ? '<num>' : t.folded));
  const out = new Set<string>();
  words.forEach((w, i) => {
    out.add(w);
    const next = words[i + 1];
    if (next !== undefined) out.add(`${w} ${next}`);
  });
  const n = words.length;
  out.add(n === 0 ? '#len0' : n === 1 ? '#len1' : n <= 3 ? '#len2-3' : n <= 7 ? '#len4-7' : n <= 15 ? '#len8-15' : '#len16+');
  if (/[?？]/.test(text)) out.add('#question-mark');
  if (EMOJI.test(text)) out.add('#emoji');
  return [...out];
}

const policySchema = z.object({
  chatAt: z.number(),
  chatEvidence: z.number(),
  chatCoverage: z.number(),
  outsideAt: z.number(),
  outsideEvidence: z.number(),
  outsideStrongAt: z.number(),
  harmfulAt: z.number(),
  outsideCoverage: z.number(),
  answerAt: z.number(),
  doubtAt: z.number(),
  rescueAt: z.number(),
  overruleAt: z.number(),
}) satisfies z.ZodType<IntentPolicy>;

const fileSchema = z.object({
  about: z.string(),
  classes: z.array(z.string()).refine((c) => c.length === INTENT_CLASSES.length && c.every((x, i) => x === INTENT_CLASSES[i]), 'classes differ from INTENT_CLASSES'),
  /** sha256 of each training file, so a test can tell a stale model. */
  trainedOn: z.array(z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), examples: z.number().int() })),
  bias: z.array(z.number()),
  /** "feature<TAB>w1 w2 … w9" lines (one weight per class), sorted by feature. */
  weights: z.array(z.string()),
  /** The decision thresholds chosen by cross-validation (intent-train.ts), and the figures behind them. */
  policy: policySchema.optional(),
  crossValidation: z.record(z.string(), z.unknown()).optional(),
});
export type IntentModelFile = z.infer<typeof fileSchema>;

export type IntentProbabilities = Record<IntentClass, number>;

/** Anything that gives a message's class probabilities (the trained model, or one trained on a fold). */
export interface IntentScorer {
  /** `signals`: features from the assistant's other readers (intent-signals.ts). */
  classify(text: string, signals?: readonly string[]): IntentProbabilities;
}

/** A trained model. */
export class IntentModel implements IntentScorer {
  private readonly weights = new Map<string, Float64Array>();
  private readonly bias: Float64Array;

  constructor(readonly file: IntentModelFile) {
    const k = INTENT_CLASSES.length;
    if (file.bias.length !== k) throw new Error(`intent model: ${file.bias.length} biases for ${k} classes`);
    this.bias = Float64Array.from(file.bias);
    for (const line of file.weights) {
      const tab = line.indexOf('\t');
      const w = line
        .slice(tab + 1)
        .split(' ')
        .map(Number);
      if (tab < 1 || w.length !== k || !w.every(Number.isFinite)) throw new Error(`intent model: bad weight line “${line}”`);
      this.weights.set(line.slice(0, tab), Float64Array.from(w));
    }
  }

  /** The decision policy stored with the model (intent-policy.ts). */
  get policy(): IntentPolicy | undefined {
    return this.file.policy;
  }

  static fromWeights(weights: ReadonlyMap<string, ArrayLike<number>>, bias: ArrayLike<number>): IntentModel {
    return new IntentModel({ about: 'in memory', classes: [...INTENT_CLASSES], trainedOn: [], bias: Array.from(bias), weights: weightLines(weights) });
  }

  classify(text: string, signals: readonly string[] = []): IntentProbabilities {
    return softmax(this.logits([...intentFeatures(text), ...signals]));
  }

  logits(features: readonly string[]): Float64Array {
    const z = Float64Array.from(this.bias);
    for (const f of features) {
      const w = this.weights.get(f);
      if (w) for (let c = 0; c < z.length; c++) z[c]! += w[c]!;
    }
    return z;
  }
}

export function softmax(z: ArrayLike<number>): IntentProbabilities {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]!);
  const e = Array.from({ length: z.length }, (_, i) => Math.exp(z[i]! - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return Object.fromEntries(INTENT_CLASSES.map((c, i) => [c, e[i]! / sum])) as IntentProbabilities;
}

/** The most likely topic and its probability. */
export function topTopic(p: IntentProbabilities): { topic: IntentClass; probability: number } {
  let topic: IntentClass = TOPIC_CLASSES[0]!;
  for (const t of TOPIC_CLASSES) if (p[t] > p[topic]) topic = t;
  return { topic, probability: p[topic] };
}

/** Share of the probability on the lessons' topics (a question the lessons answer). */
export function inScope(p: IntentProbabilities): number {
  return TOPIC_CLASSES.reduce((s, t) => s + p[t], 0);
}

/** The model file's form of the weights. */
export function weightLines(weights: ReadonlyMap<string, ArrayLike<number>>): string[] {
  return [...weights.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([f, w]) => `${f}\t${Array.from(w, (x) => Number(x.toFixed(4))).join(' ')}`);
}

export function parseIntentModel(json: string): IntentModel {
  return new IntentModel(fileSchema.parse(JSON.parse(json)));
}

let cached: IntentModel | undefined;

/** The committed model, loaded once (throws when the file is missing or malformed: run `npm run intent:model`). */
export function intentModel(): IntentModel {
  cached ??= parseIntentModel(readFileSync(INTENT_MODEL_PATH, 'utf8'));
  return cached;
}
