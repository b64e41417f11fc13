import { z } from 'zod';
import type { Curriculum } from '../content/loader.js';
import { readJsonl, sha256 } from '../lib/jsonl.js';
import { ExtractiveAssistant } from './extractive.js';
import { harmfulKind } from './harmful.js';
import { intentSignals, lessonVocabulary } from './intent-signals.js';
import { INTENT_CLASSES, IntentModel, intentFeatures, weightLines, type IntentClass, type IntentModelFile, type IntentProbabilities } from './intent-model.js';
import { decideWithModel, MAX_SUGGESTIONS, NO_POLICY, type IntentPolicy, type RuleReading } from './intent-policy.js';

/**
 * Training of the message-intent model (intent-model.ts), run by `npm run intent:model`.
 *
 * Examples: every question variant (`asks:`) and heading of the lessons, labelled with the lesson's
 * topic; the dev questions (bench/data/questions.dev.jsonl) and the examples file
 * (src/assistant/data/intent-examples.jsonl): `answer` → its topic, `decline` → outside (harmful when
 * the harmful word list says so: the dev set does not tell them apart), `harmful` → harmful,
 * `smalltalk` → chat, `quit` → quit. The held-out sets are never read here.
 *
 * Model: softmax regression over the binary features, L2-regularised ({@link L2}), fitted by full-batch
 * gradient descent with Adam for {@link EPOCHS} epochs from zero weights: no randomness, the same files
 * always give the same weights. Weights too small to matter ({@link PRUNE}) are
 * dropped from the file.
 */
export const DEV_FILE = 'bench/data/questions.dev.jsonl';
export const EXAMPLES_FILE = 'src/assistant/data/intent-examples.jsonl';
export const L2 = 1e-4;
export const EPOCHS = 200;
export const LEARNING_RATE = 0.05;
export const PRUNE = 0.02;
export const FOLDS = 5;

const itemSchema = z.object({
  id: z.string(),
  kind: z.enum(['answer', 'decline', 'harmful', 'smalltalk', 'quit']),
  topic: z.enum(['vneid', 'dich-vu-cong', 'thanh-toan', 'lua-dao', 'phong-trao']).nullable().optional(),
  text: z.string().min(1),
});
export type LabelledQuestion = z.infer<typeof itemSchema>;

export interface Example {
  text: string;
  label: IntentClass;
  /** The assistant's other readers' signals (intent-signals.ts). */
  signals?: readonly string[];
}

/** The class a labelled question trains. */
export function classOf(q: LabelledQuestion): IntentClass {
  switch (q.kind) {
    case 'answer':
      if (!q.topic) throw new Error(`${q.id}: an answer needs its topic`);
      return q.topic;
    case 'decline':
      // The dev set does not tell harmful requests apart: the harmful word list does (it was written on it).
      return harmfulKind(q.text) ? 'harmful' : 'outside';
    case 'harmful':
      return 'harmful';
    case 'smalltalk':
      return 'chat';
    case 'quit':
      return 'quit';
  }
}

/** Reads a labelled JSONL file and its sha256. Throws on a line that does not parse: training data must be clean. */
export function readQuestions(path: string): { items: LabelledQuestion[]; sha256: string } {
  return readJsonl(path, itemSchema);
}

/** The lessons' own examples: each topic's and lesson's title, section heading and question variant, labelled with the topic. */
export function lessonExamples(curriculum: Curriculum, vocabulary = lessonVocabulary(curriculum)): Example[] {
  const out: Example[] = [];
  for (const t of curriculum.topics) {
    if (INTENT_CLASSES.includes(t.id as IntentClass)) out.push({ text: t.title, label: t.id as IntentClass, signals: intentSignals(t.title, vocabulary) });
  }
  for (const l of curriculum.lessons) {
    if (l.audience === 'officer') continue;
    const label = l.topic as IntentClass;
    if (!INTENT_CLASSES.includes(label)) continue;
    // Titles are short, as a bare "vneid" or "chuyển khoản" is: not all short messages are small talk.
    out.push({ text: l.title, label, signals: intentSignals(l.title, vocabulary) });
    for (const s of l.sections) {
      if (s.heading) out.push({ text: s.heading, label, signals: intentSignals(s.heading, vocabulary) });
      for (const a of s.asks ?? []) out.push({ text: a, label, signals: intentSignals(a, vocabulary) });
    }
  }
  return out;
}

export interface Trained {
  weights: Map<string, Float64Array>;
  bias: Float64Array;
}

/** Fits the softmax regression (see the file's comment). */
export function fit(examples: readonly Example[], options: { l2?: number; epochs?: number; rate?: number } = {}): Trained {
  const l2 = options.l2 ?? L2;
  const epochs = options.epochs ?? EPOCHS;
  const rate = options.rate ?? LEARNING_RATE;
  const K = INTENT_CLASSES.length;
  const rows = examples.map((e) => [...intentFeatures(e.text), ...(e.signals ?? [])]);
  const index = new Map<string, number>();
  for (const f of [...new Set(rows.flat())].sort()) index.set(f, index.size);
  const X = rows.map((f) => f.map((x) => index.get(x)!));
  const Y = examples.map((e) => INTENT_CLASSES.indexOf(e.label));
  const F = index.size;
  const W = new Float64Array((F + 1) * K); // last row: bias
  const m = new Float64Array(W.length);
  const v = new Float64Array(W.length);
  const g = new Float64Array(W.length);
  const z = new Float64Array(K);
  const n = examples.length;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = X[i]!;
      for (let c = 0; c < K; c++) z[c] = W[F * K + c]!;
      for (const j of xi) for (let c = 0; c < K; c++) z[c]! += W[j * K + c]!;
      let max = -Infinity;
      for (let c = 0; c < K; c++) max = Math.max(max, z[c]!);
      let sum = 0;
      for (let c = 0; c < K; c++) sum += z[c] = Math.exp(z[c]! - max);
      for (let c = 0; c < K; c++) {
        const d = (z[c]! / sum - (c === Y[i] ? 1 : 0)) / n;
        g[F * K + c]! += d;
        for (const j of xi) g[j * K + c]! += d;
      }
    }
    for (let p = 0; p < F * K; p++) g[p]! += l2 * W[p]!;
    const c1 = 1 - b1 ** epoch;
    const c2 = 1 - b2 ** epoch;
    for (let p = 0; p < W.length; p++) {
      m[p] = b1 * m[p]! + (1 - b1) * g[p]!;
      v[p] = b2 * v[p]! + (1 - b2) * g[p]! * g[p]!;
      W[p]! -= (rate * (m[p]! / c1)) / (Math.sqrt(v[p]! / c2) + 1e-8);
    }
  }
  const weights = new Map<string, Float64Array>();
  for (const [f, j] of index) {
    const w = W.slice(j * K, j * K + K);
    if (w.some((x) => Math.abs(x) >= PRUNE)) weights.set(f, w);
  }
  return { weights, bias: W.slice(F * K, F * K + K) };
}

export function modelOf(t: Trained): IntentModel {
  return IntentModel.fromWeights(t.weights, t.bias);
}

/** Fold of each item (0…folds−1), by position within its class, so every class is spread evenly. */
export function foldsOf(labels: readonly IntentClass[], folds: number): number[] {
  const seen = new Map<IntentClass, number>();
  return labels.map((l) => {
    const k = seen.get(l) ?? 0;
    seen.set(l, k + 1);
    return k % folds;
  });
}

/** One question of the cross-validation: what the scores said, and the probabilities of a model that never saw it. */
export interface HeldOutReading {
  q: LabelledQuestion;
  reading: RuleReading;
  p: IntentProbabilities;
}

/**
 * K-fold cross-validation over the labelled questions: a model trained on the lessons and the other
 * folds gives each question's probabilities. The readings come from the assistant without a model.
 */
export function heldOutReadings(
  curriculum: Curriculum,
  questions: readonly LabelledQuestion[],
  folds = FOLDS,
  readings: ReadonlyMap<LabelledQuestion, RuleReading> = new Map(),
): HeldOutReading[] {
  const plain = new ExtractiveAssistant(curriculum, { intents: false });
  const vocabulary = lessonVocabulary(curriculum);
  const lessons = lessonExamples(curriculum, vocabulary);
  const examples = questions.map((q) => ({ text: q.text, label: classOf(q), signals: intentSignals(q.text, vocabulary) }));
  const fold = foldsOf(examples.map((e) => e.label), folds);
  const out: HeldOutReading[] = new Array(questions.length);
  for (let k = 0; k < folds; k++) {
    const model = modelOf(fit([...lessons, ...examples.filter((_, i) => fold[i] !== k)]));
    questions.forEach((q, i) => {
      if (fold[i] === k) out[i] = { q, reading: readings.get(q) ?? plain.read(q.text), p: model.classify(q.text, examples[i]!.signals) };
    });
  }
  return out;
}

/** The figures bench:retrieval reports, for one policy over held-out readings. */
export interface PolicyFigures {
  inScope: number;
  rightTopic: number;
  helped: number;
  wrong: number;
  declined: number;
  smallTalk: number;
}

export function policyFigures(readings: readonly HeldOutReading[], policy: IntentPolicy): PolicyFigures {
  let inScope = 0;
  let right = 0;
  let helped = 0;
  let wrong = 0;
  let outside = 0;
  let declined = 0;
  let chat = 0;
  let recognised = 0;
  for (const r of readings) {
    const u = decideWithModel(r.reading, r.p, policy);
    const kind = r.q.kind;
    if (kind === 'answer') {
      inScope++;
      const topics = u.intent === 'answer' || u.intent === 'clarify' ? u.hits.map((h) => h.passage.topic) : [];
      if (u.intent === 'answer' && topics[0] === r.q.topic) right++;
      if (u.intent === 'answer' && topics[0] !== r.q.topic) wrong++;
      if (topics.slice(0, MAX_SUGGESTIONS).includes(r.q.topic!)) helped++;
    } else if (kind === 'decline' || kind === 'harmful') {
      outside++;
      if (u.intent === 'decline') declined++;
      if (u.intent === 'answer') wrong++;
    } else {
      chat++;
      if (u.intent === 'smalltalk') recognised++;
    }
  }
  return {
    inScope,
    rightTopic: right / Math.max(1, inScope),
    helped: helped / Math.max(1, inScope),
    wrong: wrong / Math.max(1, inScope + outside),
    declined: declined / Math.max(1, outside),
    smallTalk: recognised / Math.max(1, chat),
  };
}

/**
 * What the policy search maximises: the share of out-of-scope and harmful messages declined, of small talk
 * recognised, of in-scope questions answered from the right topic and of those helped (answered or offered
 * from the right topic), minus four times the share of wrong confident answers — on one condition: in-scope questions are helped (answered or offered, from the right
 * topic) at least as often as without the model (`helpedFloor`, less {@link HELPED_TOLERANCE}). A citizen
 * with a real question told "not covered" is the failure that costs most: the model may not buy declines
 * with it.
 */
export function objective(f: PolicyFigures, helpedFloor = 0): number {
  if (f.helped < helpedFloor - HELPED_TOLERANCE) return -Infinity;
  return f.declined + f.smallTalk + f.rightTopic + f.helped - 4 * f.wrong;
}
export const HELPED_TOLERANCE = 0.002;

const GRID: Record<keyof IntentPolicy, number[]> = {
  chatAt: [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 2],
  chatEvidence: [4, 6, 8, 10, 14, 20, 30, Number.MAX_VALUE],
  // Never off: a bare "vneid", "otp" or "chuyển khoản" names a subject (the examples have too few such
  // messages for the search to learn it).
  chatCoverage: [0.5, 0.75, 0.9],
  outsideAt: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 2],
  outsideCoverage: [0.6, 0.75, 0.9, 2],
  answerAt: [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 2],
  doubtAt: [0, 0.02, 0.05, 0.1, 0.2, 0.3],
  rescueAt: [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 2],
  outsideEvidence: [10, 15, 20, 25, 30, 40, Number.MAX_VALUE],
  outsideStrongAt: [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 2],
  overruleAt: [0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 2],
  harmfulAt: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 2],
};

/**
 * The policy that maximises {@link objective} over held-out readings: coordinate ascent over {@link GRID}
 * until no single change improves (ties keep the value already held), from "the model changes nothing"
 * and from each grid's middle values; the best of those.
 */
export function choosePolicy(readings: readonly HeldOutReading[]): { policy: IntentPolicy; figures: PolicyFigures } {
  const keys = Object.keys(GRID) as (keyof IntentPolicy)[];
  const middle = Object.fromEntries(keys.map((k) => [k, GRID[k][Math.floor(GRID[k].length / 2)]!])) as unknown as IntentPolicy;
  const lower = Object.fromEntries(keys.map((k) => [k, GRID[k][Math.floor(GRID[k].length / 4)]!])) as unknown as IntentPolicy;
  const floor = policyFigures(readings, NO_POLICY).helped;
  let best = { policy: NO_POLICY, score: -Infinity };
  // Guards that are never off start at their most open grid value.
  const open = { ...NO_POLICY, chatCoverage: Math.max(...GRID.chatCoverage) };
  for (const start of [open, middle, lower]) {
    let policy = { ...start };
    let score = objective(policyFigures(readings, policy), floor);
    for (let pass = 0; pass < 6; pass++) {
      let changed = false;
      for (const key of keys) {
        for (const value of GRID[key]) {
          const candidate = { ...policy, [key]: value };
          const s = objective(policyFigures(readings, candidate), floor);
          if (s > score + 1e-9) {
            score = s;
            policy = candidate;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (score > best.score + 1e-9) best = { policy, score };
  }
  return { policy: best.policy, figures: policyFigures(readings, best.policy) };
}

export const LESSONS_SOURCE = 'content (topic and lesson titles, headings, asks)';

/** The sha256 of the lessons' examples (what the model learnt from the content). */
export function lessonExamplesSha(examples: readonly Example[]): string {
  return sha256(JSON.stringify(examples));
}

export interface BuiltModel {
  model: IntentModelFile;
  /** The cross-validated figures without and with the model, over all labelled questions and per file. */
  figures: { file: string; without: PolicyFigures; with: PolicyFigures }[];
}

/** Trains on everything, chooses the policy by cross-validation: the model file's content. */
export function buildIntentModel(curriculum: Curriculum, files: readonly string[] = [DEV_FILE, EXAMPLES_FILE]): BuiltModel {
  const read = files.map((file) => ({ file, ...readQuestions(file) }));
  const questions = read.flatMap((r) => r.items);
  const readings = heldOutReadings(curriculum, questions);
  const { policy } = choosePolicy(readings);
  const vocabulary = lessonVocabulary(curriculum);
  const lessons = lessonExamples(curriculum, vocabulary);
  const trained = fit([...lessons, ...questions.map((q) => ({ text: q.text, label: classOf(q), signals: intentSignals(q.text, vocabulary) }))]);
  const parts = [{ file: 'all', readings }, ...read.map((r) => ({ file: r.file, readings: readings.filter((x) => r.items.includes(x.q)) }))];
  const figures = parts.map((p) => ({ file: p.file, without: policyFigures(p.readings, NO_POLICY), with: policyFigures(p.readings, policy) }));
  const model: IntentModelFile = {
    about: 'Mô hình nhận biết loại tin nhắn (src/assistant/intent-model.ts). Tạo bằng `npm run intent:model`; đừng sửa tay.',
    classes: [...INTENT_CLASSES],
    trainedOn: [
      { file: LESSONS_SOURCE, sha256: lessonExamplesSha(lessons), examples: lessons.length },
      ...read.map((r) => ({ file: r.file, sha256: r.sha256, examples: r.items.length })),
    ],
    bias: Array.from(trained.bias, (x) => Number(x.toFixed(4))),
    policy,
    crossValidation: { folds: FOLDS, objective: 'declined + small talk + right topic + helped − 4 × wrong, helped no lower than without the model', figures },
    weights: weightLines(trained.weights),
  };
  return { model, figures };
}

/** One writer's questions, judged by a model and a policy that never saw any of that writer's. */
export interface WriterFigures {
  writer: string;
  without: PolicyFigures;
  with: PolicyFigures;
  policy: IntentPolicy;
}

/**
 * Leave one writer out: for each group of questions (a writer's), the model is trained on the lessons and
 * the other groups, its policy chosen by cross-validation within the other groups only, and both judge the
 * left-out group. The closest measure here to questions written by someone new.
 */
export function leaveOneWriterOut(curriculum: Curriculum, groups: readonly { writer: string; questions: readonly LabelledQuestion[] }[]): WriterFigures[] {
  const plain = new ExtractiveAssistant(curriculum, { intents: false });
  const vocabulary = lessonVocabulary(curriculum);
  const lessons = lessonExamples(curriculum, vocabulary);
  const readings = new Map(groups.flatMap((g) => g.questions.map((q) => [q, plain.read(q.text)] as const)));
  return groups.map((held) => {
    const others = groups.filter((g) => g !== held).flatMap((g) => g.questions);
    const { policy } = choosePolicy(heldOutReadings(curriculum, others, FOLDS, readings));
    const model = modelOf(fit([...lessons, ...others.map((q) => ({ text: q.text, label: classOf(q), signals: intentSignals(q.text, vocabulary) }))]));
    const judged = held.questions.map((q) => ({ q, reading: readings.get(q)!, p: model.classify(q.text, intentSignals(q.text, vocabulary)) }));
    return { writer: held.writer, without: policyFigures(judged, NO_POLICY), with: policyFigures(judged, policy), policy };
  });
}

/** The labelled questions by writer: the dev set, and the examples file's three writers (by id). */
export function writerGroups(files: readonly string[] = [DEV_FILE, EXAMPLES_FILE]): { writer: string; questions: LabelledQuestion[] }[] {
  const groups: { writer: string; questions: LabelledQuestion[] }[] = [];
  for (const file of files) {
    const { items } = readQuestions(file);
    if (file !== EXAMPLES_FILE) {
      groups.push({ writer: file, questions: items });
      continue;
    }
    for (const [writer, from, to] of EXAMPLE_WRITERS) {
      groups.push({ writer, questions: items.filter((q) => Number(q.id.slice(3)) >= from && Number(q.id.slice(3)) <= to) });
    }
  }
  return groups;
}

/** Who wrote which ids of the examples file (src/assistant/data/README.md). */
export const EXAMPLE_WRITERS: [string, number, number][] = [
  ['examples, first writer (ix-0001…1425)', 1, 1425],
  ['examples, second writer (ix-1426…2428)', 1426, 2428],
  ['examples, third writer (ix-2429…)', 2429, Number.MAX_SAFE_INTEGER],
];
