import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { REASON_KINDS, type ReasonKind } from './types.js';

/**
 * The rule data of the scam check, read once from `src/scamcheck/data/*.yaml` and validated: the
 * checks themselves hold no facts (domains, phrases, bank codes, hotlines, lessons), only logic.
 */
export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

const kindSchema = z.enum(REASON_KINDS);
const domainsSchema = z.object({
  official: z.array(z.string()),
  known: z.array(z.string()),
  brands: z.array(z.string().regex(/^[a-z0-9]{3,}$/)),
  shorteners: z.array(z.string()),
  riskyTlds: z.array(z.string()),
});
const patternSchema = z.object({ re: z.string(), weight: z.number().int().min(1).max(4), negatable: z.boolean().optional() });
const redFlagsSchema = z.object({
  kinds: z.record(z.string(), z.object({ meaning: z.string(), negatable: z.boolean().optional(), patterns: z.array(patternSchema) })),
  safetyAdvice: z.array(z.string()),
  warnings: z.array(z.string()),
  authorityWords: z.array(z.string()),
});
const banksSchema = z.array(z.object({ bin: z.string().regex(/^\d{6}$/), name: z.string() }));
const hotlinesSchema = z.array(z.object({ number: z.string().regex(/^\d{3,11}$/), name: z.string() }));
const lessonsSchema = z.record(z.string(), z.array(z.string()));
const shorthandSchema = z.record(z.string(), z.string());
const adviceSchema = z.object({
  lines: z.array(z.object({ kinds: z.array(kindSchema), text: z.string() })),
  report: z.string(),
  noSigns: z.string(),
});

export interface TextRule {
  kind: ReasonKind;
  meaning: string;
  negatable: boolean;
  /** Each pattern: its expression, weight, and whether a negation right before it cancels it (default: the kind's). */
  patterns: { re: RegExp; weight: number; negatable: boolean }[];
}

export interface RuleData {
  official: Set<string>;
  known: Set<string>;
  brands: string[];
  shorteners: Set<string>;
  riskyTlds: Set<string>;
  textRules: TextRule[];
  /** Meaning per kind, for reasons found by code rather than phrases (links, phones, QR). */
  meanings: Map<ReasonKind, string>;
  safetyAdvice: RegExp[];
  /** A message that warns about a scam (people warning each other). */
  warnings: RegExp[];
  authorityWords: RegExp[];
  banks: Map<string, string>;
  hotlines: Map<string, string>;
  lessons: Map<ReasonKind, string[]>;
  shorthand: Map<string, string>;
  advice: z.infer<typeof adviceSchema>;
}

/** Meanings of the kinds that have no phrase list in red-flags.yaml. */
const CODE_MEANINGS: Partial<Record<ReasonKind, string>> = {
  'link-lookalike': 'Đường link giả tên trang thật (thêm chữ, thêm gạch nối, đổi đuôi, chữ nhìn giống). Trang giả lấy mật khẩu, mã OTP và tiền của bạn.',
  'link-shortener': 'Đường link rút gọn giấu địa chỉ thật phía sau, bạn không biết mình sẽ vào trang nào.',
  'link-apk': 'Đường link tải tệp cài ứng dụng (.apk) ngoài kho ứng dụng. Ứng dụng lạ có thể điều khiển điện thoại và lấy tiền trong tài khoản.',
  'link-ip': 'Đường link là một dãy số (địa chỉ IP) thay vì tên trang. Trang thật của ngân hàng, cơ quan nhà nước không dùng kiểu này.',
  'link-risky-tld': 'Đường link có đuôi tên miền hay bị kẻ gian dùng cho trang giả (ví dụ .xyz, .top, .vip).',
  'link-unknown': 'Đường link tới một trang lạ, không phải trang của cơ quan, ngân hàng mà tin nhắn nhắc tới.',
  'qr-payment': 'Mã QR này dùng để chuyển tiền. Quét mã là chuyển tiền cho người nhận ghi trong mã.',
  'qr-invalid': 'Mã QR chuyển tiền bị lỗi (sai mã kiểm tra) hoặc có dấu hiệu bị sửa.',
};

function readFrom(dir: string, file: string): unknown {
  return parse(readFileSync(join(dir, file), 'utf8'));
}

function compile(source: string, file: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new Error(`${file}: biểu thức sai: ${source} (${(e as Error).message})`);
  }
}

/** Loads the rule data from a directory (another one only to replay past rules: bench/lib/rule-rounds.ts). */
export function loadRuleData(dir = DATA_DIR): RuleData {
  const read = (file: string) => readFrom(dir, file);
  const domains = domainsSchema.parse(read('domains.yaml'));
  const flags = redFlagsSchema.parse(read('red-flags.yaml'));
  const banks = banksSchema.parse(read('banks.yaml'));
  const hotlines = hotlinesSchema.parse(read('hotlines.yaml'));
  const lessons = lessonsSchema.parse(read('lessons.yaml'));
  const shorthand = shorthandSchema.parse(read('shorthand.yaml'));
  const advice = adviceSchema.parse(read('advice.yaml'));
  const meanings = new Map<ReasonKind, string>(Object.entries(CODE_MEANINGS) as [ReasonKind, string][]);
  const textRules: TextRule[] = Object.entries(flags.kinds).map(([name, k]) => {
    const kind = kindSchema.parse(name);
    meanings.set(kind, k.meaning);
    return {
      kind,
      meaning: k.meaning,
      negatable: k.negatable ?? false,
      patterns: k.patterns.map((p) => ({ re: compile(p.re, 'red-flags.yaml'), weight: p.weight, negatable: p.negatable ?? k.negatable ?? false })),
    };
  });
  return {
    official: new Set(domains.official),
    known: new Set(domains.known),
    brands: domains.brands,
    shorteners: new Set(domains.shorteners),
    riskyTlds: new Set(domains.riskyTlds),
    textRules,
    meanings,
    safetyAdvice: flags.safetyAdvice.map((s) => compile(s, 'red-flags.yaml')),
    warnings: flags.warnings.map((s) => compile(s, 'red-flags.yaml')),
    authorityWords: flags.authorityWords.map((s) => compile(s, 'red-flags.yaml')),
    banks: new Map(banks.map((b) => [b.bin, b.name])),
    hotlines: new Map(hotlines.map((h) => [h.number, h.name])),
    lessons: new Map(Object.entries(lessons).map(([k, v]) => [kindSchema.parse(k), v])),
    shorthand: new Map(Object.entries(shorthand)),
    advice,
  };
}

let cached: RuleData | undefined;

/** The rule data, loaded on first use. Throws with the file and problem when a data file is wrong. */
export function ruleData(): RuleData {
  cached ??= loadRuleData();
  return cached;
}
