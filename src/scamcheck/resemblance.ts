import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LINK_WORD, OFFICIAL_LINK_WORD, prepareText, type LinkSpan } from './prepare.js';
import type { RuleData } from './rule-data.js';
import type { Reason, Verdict } from './types.js';
import { combine, DANGER_AT } from './verdict.js';

/**
 * "This message resembles known scams": a second signal next to the phrase rules, learnt from the
 * labelled dev set (bench/data/scam-messages.dev.jsonl) by `npm run scam:model`.
 *
 * Features: the message prepared as for the rules (folded diacritics, chat shorthand, amounts — prepare.ts)
 * word by word, numbers turned into class words (<amount>, <phone>, <num>), links into <link> (or
 * <official-link> for a listed official site); every distinct word and pair of neighbouring words is
 * a feature, present or absent.
 * Model: naive Bayes (resemblance-train.ts) — each n-gram's weight is how much more often it appears in
 * scams than in legitimate messages (log ratio), scaled so that the score is a calibrated probability.
 * The probability is sigmoid(bias + Σ weights of the n-grams present); the n-grams that pushed it up
 * most are the explanation, shown in the words of the original message.
 */

/** Where the trained model lives (written by `npm run scam:model`, committed). */
export const MODEL_PATH = new URL('./data/resemblance-model.json', import.meta.url);

const CLASS = /^<[a-z-]+>$/;
const UNITS = new Set(['trieu', 'nghin', 'ngan', 'ty', 'dong', 'vnd', 'd', 'usd', 'usdt', 'k', 'xu', 'cu', 'lit', 'van']);

/** One word of the prepared message and the index of the original word it came from. */
export interface Tokens {
  /** Prepared words (class words for numbers and links). */
  tokens: string[];
  /** For each token, the index in {@link Tokens.words} of the original word. */
  source: number[];
  /** The original words (whitespace-separated, punctuation at the edges removed). */
  words: string[];
}

function numberClass(tok: string, next: string | undefined): string {
  if (/%$/.test(tok) || /^\d+(d|vnd|dong|k|tr|ty|usd|usdt)$/.test(tok)) return '<amount>';
  if (/^(0|84)\d{8,10}$/.test(tok)) return '<phone>';
  if (/^(1900|1800)\d{4,6}$/.test(tok)) return '<phone>';
  if ((next !== undefined && UNITS.has(next)) || /^\d{4,}000$/.test(tok)) return '<amount>';
  return '<num>';
}

/**
 * Splits a message into prepared words, keeping where each came from. Links (spans of the raw text,
 * as for prepareText) become one word each; each whitespace-separated word goes through prepareText
 * on its own, so the words are those the rules see.
 */
export function resemblanceTokens(raw: string, links: readonly LinkSpan[], data: RuleData): Tokens {
  let text = raw;
  for (const [start, end, official] of [...links].sort((a, b) => b[0] - a[0])) {
    text = `${text.slice(0, start)} ${official ? OFFICIAL_LINK_WORD : LINK_WORD} ${text.slice(end)}`;
  }
  const out: Tokens = { tokens: [], source: [], words: [] };
  for (const chunk of text.split(/\s+/)) {
    // "1.500.000đ", "0912.345.678": digits grouped with dots or commas are one number.
    const prepared = prepareText(chunk.replace(/(\d)[.,](?=\d)/g, '$1'), [], data);
    if (!prepared) continue;
    const index = out.words.length;
    out.words.push(chunk.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}%]+$/gu, ''));
    for (const tok of prepared.split(' ')) {
      out.tokens.push(tok);
      out.source.push(index);
    }
  }
  out.tokens = out.tokens.map((tok, i, all) =>
    tok === LINK_WORD ? '<link>' : tok === OFFICIAL_LINK_WORD ? '<official-link>' : /^\d/.test(tok) ? numberClass(tok, all[i + 1]) : tok,
  );
  return out;
}

/** One feature occurrence: the n-gram and the positions of its first and last token. */
export interface Gram {
  gram: string;
  from: number;
  to: number;
}

/** The distinct unigrams and bigrams of a token list (first occurrence of each). */
export function grams(tokens: readonly string[]): Gram[] {
  const seen = new Map<string, Gram>();
  tokens.forEach((t, i) => {
    if (!seen.has(t)) seen.set(t, { gram: t, from: i, to: i });
    const next = tokens[i + 1];
    if (next !== undefined) {
      const g = `${t} ${next}`;
      if (!seen.has(g)) seen.set(g, { gram: g, from: i, to: i + 1 });
    }
  });
  return [...seen.values()];
}

const modelSchema = z.object({
  about: z.string(),
  trainedOn: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), messages: z.number().int(), scams: z.number().int(), legit: z.number().int() }),
  bias: z.number(),
  /** A message resembles scams from this probability on (chosen by cross-validation). */
  threshold: z.number().min(0).max(1),
  /**
   * "n-gram<TAB>weight" lines, sorted by n-gram (a list of strings loads several times faster than an
   * object with thousands of keys); checked by {@link parseModel}.
   */
  weights: z.array(z.string()),
  /** Cross-validated figures of the rules with and without the model, for the record. */
  crossValidation: z.record(z.string(), z.unknown()).optional(),
});
export type ModelFile = z.infer<typeof modelSchema>;

export interface Resemblance {
  probability: number;
  /** The original words behind the n-grams that pushed the probability up most, strongest first. */
  topWords: string[];
}

/** A trained model: scores messages and explains the score. */
export class ResemblanceModel {
  private readonly weights: Map<string, number>;

  constructor(readonly file: ModelFile) {
    this.weights = new Map();
    for (const line of file.weights) {
      const tab = line.indexOf('\t');
      const w = Number(line.slice(tab + 1));
      if (tab < 1 || !Number.isFinite(w)) throw new Error(`resemblance model: bad weight line “${line}”`);
      this.weights.set(line.slice(0, tab), w);
    }
  }

  get threshold(): number {
    return this.file.threshold;
  }

  /** The probability that a message (already split by {@link resemblanceTokens}) resembles the scams, with its explanation. */
  score(t: Tokens, maxWords = 3): Resemblance {
    const gs = grams(t.tokens);
    if (gs.length === 0) return { probability: 0, topWords: [] };
    let z = this.file.bias;
    const found: { g: Gram; w: number }[] = [];
    for (const g of gs) {
      const w = this.weights.get(g.gram);
      if (w === undefined) continue;
      z += w;
      found.push({ g, w });
    }
    // A span's push: its own weight, plus its words' for a pair ("nộp phí" = "nộp phí" + "nộp" + "phí"),
    // so the explanation prefers pairs of words, which read better than single ones.
    const single = new Map(found.filter((f) => f.g.from === f.g.to).map((f) => [f.g.gram, f.w]));
    const spans = found
      .filter((f) => !f.g.gram.split(' ').every((x) => CLASS.test(x)))
      .map((f) => ({ g: f.g, push: f.g.from === f.g.to ? f.w : f.w + f.g.gram.split(' ').reduce((sum, x) => sum + (single.get(x) ?? 0), 0) }))
      .filter((s) => s.push > 0)
      .sort((a, b) => b.push - a.push || a.g.from - b.g.from);
    // The strongest spans, joined where they touch or overlap ("tuyển cộng" + "cộng tác" + "tác viên" →
    // "tuyển cộng tác viên": Vietnamese words are often several syllables), strongest phrase first.
    const phrases: { from: number; to: number; push: number }[] = [];
    for (const { g, push } of spans.slice(0, maxWords * 2)) {
      const from = t.source[g.from]!;
      const to = t.source[g.to]!;
      const near = phrases.find((p) => from <= p.to + 1 && to >= p.from - 1);
      if (near) {
        near.from = Math.min(near.from, from);
        near.to = Math.max(near.to, to);
        near.push += push;
      } else phrases.push({ from, to, push });
    }
    const topWords = phrases
      .sort((a, b) => b.push - a.push || a.from - b.from)
      .map((p) => t.words.slice(p.from, Math.min(p.to, p.from + 4) + 1).join(' ').trim().toLowerCase())
      .filter(Boolean)
      .slice(0, maxWords);
    return { probability: 1 / (1 + Math.exp(-z)), topWords };
  }
}

/** Parses a model file (throws with the reason when it is malformed). */
export function parseModel(json: string): ResemblanceModel {
  return new ResemblanceModel(modelSchema.parse(JSON.parse(json)));
}

/** The model file's form of the weights (see {@link ModelFile}). */
export function weightLines(weights: Record<string, number>): string[] {
  return Object.entries(weights)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([g, w]) => `${g}\t${w}`);
}

let cached: ResemblanceModel | undefined;

/** The committed model, loaded once (throws when the file is missing or malformed: run `npm run scam:model`). */
export function resemblanceModel(): ResemblanceModel {
  cached ??= parseModel(readFileSync(MODEL_PATH, 'utf8'));
  return cached;
}

/**
 * The weight of the sign (verdict.ts): 2, a medium sign. Alone it makes "đáng ngờ", never "nguy hiểm"
 * (danger needs a score of 4); honest safety advice and warnings about scams take it away like any
 * sign. With another medium sign it adds up to danger only when the probability is at least
 * {@link STRONG_AT} (see {@link combineWithResemblance}).
 */
export const RESEMBLANCE_WEIGHT = 2;
/**
 * From this probability on, the sign may add up to danger with the rules' signs. Measured (bench:check,
 * cross-validation and replayed rule rounds): letting any score over the threshold add up called 1 of
 * 280 (cross-validation) and 1 of 50 (rounds) legitimate messages danger that the rules alone did not;
 * from 0.9 on, none, while most scams still read as danger.
 */
export const STRONG_AT = 0.9;

export const RESEMBLANCE_MEANING =
  'Cách viết của tin này giống nhiều tin lừa đảo đã gặp trước đây. Đây chỉ là giống nhau, chưa phải bằng chứng: đừng chuyển tiền, đừng bấm link, đừng đọc mã cho ai trước khi hỏi người thân hoặc gọi số in trên thẻ ngân hàng.';

/** The sign "resembles known scams" and the probability behind it. */
export interface ResemblanceSign {
  reason: Reason;
  probability: number;
}

/** The sign for a message, or undefined when its probability is under the threshold. */
export function resemblanceSign(
  model: ResemblanceModel,
  text: string,
  links: readonly LinkSpan[],
  data: RuleData,
  threshold = model.threshold,
): ResemblanceSign | undefined {
  const { probability, topWords } = model.score(resemblanceTokens(text, links, data));
  if (probability < threshold) return undefined;
  const words = topWords.length ? ` (có các chữ: ${topWords.map((w) => `‘${w}’`).join(', ')})` : '';
  return {
    probability,
    reason: { kind: 'resembles-scam', detail: `tin giống các tin lừa đảo đã gặp${words}`, meaning: RESEMBLANCE_MEANING, weight: RESEMBLANCE_WEIGHT },
  };
}

/**
 * The verdict of the rules' signs plus the resemblance sign: {@link combine} with the sign as one more
 * reason, except that a sign under {@link STRONG_AT} never turns the rules' verdict into danger (it
 * makes suspicious at most).
 */
export function combineWithResemblance(
  reasons: Reason[],
  safetyAdvice: boolean,
  warning: boolean,
  sign: ResemblanceSign | undefined,
): { verdict: Verdict; score: number } {
  if (!sign) return combine(reasons, safetyAdvice, warning);
  const withSign = combine([...reasons, sign.reason], safetyAdvice, warning);
  if (withSign.verdict !== 'danger' || sign.probability >= STRONG_AT) return withSign;
  const rulesAlone = combine(reasons, safetyAdvice, warning);
  return rulesAlone.verdict === 'danger' ? withSign : { verdict: 'suspicious', score: Math.min(withSign.score, DANGER_AT - 1) };
}
