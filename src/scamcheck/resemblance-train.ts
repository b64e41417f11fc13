import { z } from 'zod';
import { parseJsonl, readJsonl, sha256 } from '../lib/jsonl.js';
import { ScamChecker } from './checker.js';
import { ruleData, type RuleData } from './rule-data.js';
import { combineWithResemblance, grams, resemblanceSign, resemblanceTokens, ResemblanceModel, weightLines, type ModelFile } from './resemblance.js';
import type { Verdict } from './types.js';
import { combine } from './verdict.js';

/**
 * Training and calibration of the "resembles known scams" model (resemblance.ts), run by
 * `npm run scam:model`; the benchmark (bench/check.ts) uses the same cross-validation.
 *
 * Training: multinomial naive Bayes on the distinct unigrams and bigrams of each message, with additive
 * smoothing {@link ALPHA}: weight(g) = log P(g | scam) − log P(g | legit). Counting only, no randomness:
 * the same file always gives the same weights. The {@link KEEP} strongest weights are kept.
 *
 * Calibration: 5-fold cross-validation (folds by position within each label, so both labels are spread
 * evenly): a model trained on 4/5 scores the other fifth. Naive Bayes sums are over-confident, so a
 * scale and an offset are fitted on those held-out sums (Platt scaling) and folded into the weights:
 * the score is then a probability. With it, the verdict of the rules plus the model is computed exactly
 * as the checker does, and the threshold is the one (on a grid) that flags the most held-out scams while
 * keeping legitimate messages called danger ≤ {@link MAX_LEGIT_DANGER} and called suspicious ≤
 * {@link MAX_LEGIT_SUSPICIOUS} (the lowest such threshold on a tie).
 */
export const DEV_FILE = 'bench/data/scam-messages.dev.jsonl';
export const ALPHA = 0.3;
export const KEEP = 10_000;
export const FOLDS = 5;
export const MAX_LEGIT_DANGER = 0.02;
export const MAX_LEGIT_SUSPICIOUS = 0.08;
const GRID = Array.from({ length: 19 }, (_, i) => 0.05 * (i + 1));

const itemSchema = z.object({ id: z.string(), label: z.enum(['scam', 'legit']), text: z.string().min(1) });
export type LabelledMessage = z.infer<typeof itemSchema>;

/** Reads a labelled JSONL file and its sha256. Throws on a line that does not parse: training data must be clean. */
export function readLabelled(path: string): { items: LabelledMessage[]; sha256: string } {
  return readJsonl(path, itemSchema);
}

/** Parses labelled JSONL text (`name` for the error message). */
export function parseLabelled(text: string, name: string): LabelledMessage[] {
  return parseJsonl(text, name, itemSchema);
}

export { sha256 };

/** A message ready for training: its distinct n-grams and label (1 = scam). */
interface Example {
  grams: string[];
  y: 0 | 1;
}

function examples(items: readonly LabelledMessage[], checker: ScamChecker, data: RuleData): Example[] {
  return items.map((it) => ({
    grams: grams(resemblanceTokens(it.text, checker.textReasons(it.text).links, data).tokens).map((g) => g.gram),
    y: it.label === 'scam' ? 1 : 0,
  }));
}

/** Naive Bayes weights (see the module comment), unscaled: the prior log-odds and one weight per n-gram. */
export function fit(train: readonly Example[]): { prior: number; weights: Map<string, number> } {
  const counts = [new Map<string, number>(), new Map<string, number>()] as const;
  const docs = [0, 0];
  const totals = [0, 0];
  for (const ex of train) {
    docs[ex.y]!++;
    for (const g of ex.grams) {
      counts[ex.y].set(g, (counts[ex.y].get(g) ?? 0) + 1);
      totals[ex.y]!++;
    }
  }
  const vocab = [...new Set([...counts[0].keys(), ...counts[1].keys()])].sort();
  const v = vocab.length;
  const logP = (y: 0 | 1, g: string) => Math.log(((counts[y].get(g) ?? 0) + ALPHA) / (totals[y]! + ALPHA * v));
  const kept = vocab
    .map((g) => [g, logP(1, g) - logP(0, g)] as const)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, KEEP);
  return { prior: Math.log(Math.max(1, docs[1]!) / Math.max(1, docs[0]!)), weights: new Map(kept) };
}

/** The raw naive Bayes sum of a message. */
function rawScore(m: { prior: number; weights: Map<string, number> }, grams: readonly string[]): number {
  return grams.reduce((z, g) => z + (m.weights.get(g) ?? 0), m.prior);
}

/**
 * Platt scaling: a, b minimising the log loss of sigmoid(a·z + b), with Platt's softened targets
 * ((n₊+1)/(n₊+2) and 1/(n₋+2)) so a cleanly separated set does not send the scale to infinity.
 * Newton's method with step halving, from a = 0.1, b = 0.
 */
export function platt(z: readonly number[], y: readonly (0 | 1)[]): { scale: number; offset: number } {
  const pos = y.filter((v) => v === 1).length;
  const t = y.map((v) => (v === 1 ? (pos + 1) / (pos + 2) : 1 / (y.length - pos + 2)));
  const loss = (a: number, b: number) =>
    z.reduce((sum, zi, i) => {
      const f = a * zi + b;
      // log(1 + e^f) − t·f, computed without overflow.
      return sum + (f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f))) - t[i]! * f;
    }, 0);
  let a = 0.1;
  let b = 0;
  let current = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
    z.forEach((zi, i) => {
      const p = 1 / (1 + Math.exp(-(a * zi + b)));
      const e = p - t[i]!;
      const h = p * (1 - p);
      ga += e * zi;
      gb += e;
      haa += h * zi * zi;
      hab += h * zi;
      hbb += h;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    while (step > 1e-6 && loss(a - step * da, b - step * db) > current) step /= 2;
    if (step <= 1e-6) break;
    a -= step * da;
    b -= step * db;
    const next = loss(a, b);
    if (current - next < 1e-10) break;
    current = next;
  }
  return { scale: a, offset: b };
}

/** The model file's numbers: weights scaled and rounded, bias = scale × prior + offset. */
function scaled(m: { prior: number; weights: Map<string, number> }, p: { scale: number; offset: number }): { bias: number; weights: Record<string, number> } {
  const weights: Record<string, number> = {};
  for (const [g, w] of m.weights) {
    const r = round(w * p.scale);
    if (r !== 0) weights[g] = r;
  }
  return { bias: round(p.scale * m.prior + p.offset), weights };
}

const round = (v: number) => Math.round(v * 1e3) / 1e3;

/** Which fold a message is in: its position among the messages of its label, modulo {@link FOLDS}. */
export function foldsOf(items: readonly LabelledMessage[]): number[] {
  const seen = { scam: 0, legit: 0 };
  return items.map((it) => seen[it.label]++ % FOLDS);
}

/** Verdict figures on a labelled set. */
export interface Figures {
  scams: number;
  legit: number;
  flagged: number;
  scamDanger: number;
  legitDanger: number;
  legitSuspicious: number;
}

export function figures(items: readonly LabelledMessage[], verdicts: readonly Verdict[]): Figures {
  const f: Figures = { scams: 0, legit: 0, flagged: 0, scamDanger: 0, legitDanger: 0, legitSuspicious: 0 };
  items.forEach((it, i) => {
    const v = verdicts[i];
    if (it.label === 'scam') {
      f.scams++;
      if (v !== 'no-signs') f.flagged++;
      if (v === 'danger') f.scamDanger++;
    } else {
      f.legit++;
      if (v === 'danger') f.legitDanger++;
      if (v === 'suspicious') f.legitSuspicious++;
    }
  });
  return f;
}

export interface CrossValidation {
  /** The rules alone on the same messages. */
  rules: Figures;
  /** Rules plus the model at each grid threshold (held-out scores). */
  byThreshold: { threshold: number; figures: Figures }[];
  /** The chosen threshold (see the module comment); undefined when none keeps within the limits. */
  threshold: number | undefined;
  /** Held-out probability per message, in file order. */
  probabilities: number[];
  /** The Platt scaling fitted on the held-out sums. */
  calibration: { scale: number; offset: number };
}

/**
 * 5-fold cross-validation of rules + model on a labelled set. `checker` must be a rules-only checker
 * (`new ScamChecker(data, null)`); its rule signs are computed once per message.
 */
export function crossValidate(items: readonly LabelledMessage[], data: RuleData = ruleData()): CrossValidation {
  const checker = new ScamChecker(data, null);
  const found = items.map((it) => checker.textReasons(it.text));
  const exs = examples(items, checker, data);
  const fold = foldsOf(items);
  const fits = Array.from({ length: FOLDS }, (_, k) => fit(exs.filter((_, i) => fold[i] !== k)));
  const calibration = platt(
    exs.map((ex, i) => rawScore(fits[fold[i]!]!, ex.grams)),
    exs.map((ex) => ex.y),
  );
  const models = fits.map((m) => modelOf({ ...scaled(m, calibration), threshold: 0.5 }));
  const probabilities = items.map((it, i) => models[fold[i]!]!.score(resemblanceTokens(it.text, found[i]!.links, data)).probability);
  const rulesVerdicts = found.map((f) => combine(f.reasons, f.safetyAdvice, f.warning).verdict);
  const byThreshold = GRID.map((threshold) => {
    const verdicts = items.map((it, i) => {
      const f = found[i]!;
      const similar = resemblanceSign(models[fold[i]!]!, it.text, f.links, data, threshold);
      return combineWithResemblance(f.reasons, f.safetyAdvice, f.warning, similar).verdict;
    });
    return { threshold: round(threshold), figures: figures(items, verdicts) };
  });
  const ok = byThreshold.filter(
    (t) => t.figures.legitDanger <= MAX_LEGIT_DANGER * t.figures.legit && t.figures.legitSuspicious <= MAX_LEGIT_SUSPICIOUS * t.figures.legit,
  );
  const best = ok.sort((a, b) => b.figures.flagged - a.figures.flagged || a.threshold - b.threshold)[0];
  return { rules: figures(items, rulesVerdicts), byThreshold, threshold: best?.threshold, probabilities, calibration };
}


/** Trains on labelled messages and calibrates the threshold by cross-validation. */
export function trainModel(items: readonly LabelledMessage[], data: RuleData = ruleData()): { bias: number; weights: Record<string, number>; threshold: number; cv: CrossValidation } {
  const cv = crossValidate(items, data);
  if (cv.threshold === undefined) throw new Error('Không có ngưỡng nào giữ được tỉ lệ báo nhầm trong giới hạn: xem lại dữ liệu.');
  const { bias, weights } = scaled(fit(examples(items, new ScamChecker(data, null), data)), cv.calibration);
  return { bias, weights, threshold: cv.threshold, cv };
}

/** Trains on the whole dev file: the model file's content. */
export function buildModel(path = DEV_FILE, data: RuleData = ruleData()): { model: ModelFile; cv: CrossValidation } {
  const { items, sha256: sum } = readLabelled(path);
  const { bias, weights, threshold, cv } = trainModel(items, data);
  const scams = items.filter((i) => i.label === 'scam').length;
  const chosen = cv.byThreshold.find((t) => t.threshold === threshold)!;
  const model: ModelFile = {
    about: 'Mô hình "tin giống các tin lừa đảo đã gặp" (src/scamcheck/resemblance.ts). Tạo bằng `npm run scam:model`; đừng sửa tay.',
    trainedOn: { file: path, sha256: sum, messages: items.length, scams, legit: items.length - scams },
    bias,
    threshold,
    crossValidation: { folds: FOLDS, calibration: cv.calibration, rules: cv.rules, rulesPlusModel: chosen.figures },
    weights: weightLines(weights),
  };
  return { model, cv };
}

/** A model from {@link trainModel}'s result (for replays and tests; the service loads the committed file). */
export function modelOf(trained: { bias: number; weights: Record<string, number>; threshold: number }): ResemblanceModel {
  return new ResemblanceModel({
    about: '',
    trainedOn: { file: '', sha256: '0'.repeat(64), messages: 0, scams: 0, legit: 0 },
    bias: trained.bias,
    weights: weightLines(trained.weights),
    threshold: trained.threshold,
  });
}
