import type { RuleData } from './rule-data.js';
import type { Reason } from './types.js';

/**
 * Text red flags: the phrase rules of data/red-flags.yaml run on the prepared text (prepare.ts).
 * A kind counts once, at the weight of its strongest match; a negatable kind ignores matches right
 * after a negation ("không cung cấp mã OTP").
 */
/**
 * A negation, then at most four words ("không bao giờ yêu cầu cung cấp…"), right before the match; after
 * "không bao giờ" / "tuyệt đối không" up to eight ("không bao giờ gửi đường link yêu cầu đăng nhập hay
 * cung cấp mã OTP"). "Nếu không …" is a condition, not a negation ("nếu không chuyển tiền sẽ bị…").
 */
const NEGATION = /(?<!\bneu )\b(khong|dung|chang|cam|chua bao gio)( [a-z0-9]+){0,4} ?$/;
const STRONG_NEGATION = /\b(khong bao gio|tuyet doi khong|chua bao gio)( [a-z0-9]+){0,8} ?$/;

function negated(prepared: string, index: number): boolean {
  const before = prepared.slice(Math.max(0, index - 80), index);
  return NEGATION.test(before.slice(-40)) || STRONG_NEGATION.test(before);
}

/** Shortens a matched phrase for display: at most 8 words. */
function quote(text: string): string {
  const words = text.trim().split(' ');
  return words.length > 8 ? `${words.slice(0, 8).join(' ')}…` : text.trim();
}

export function textFlags(prepared: string, data: RuleData): Reason[] {
  const reasons: Reason[] = [];
  for (const rule of data.textRules) {
    let best: { weight: number; phrase: string } | undefined;
    for (const { re, weight, negatable } of rule.patterns) {
      if (best && best.weight >= weight) continue;
      const global = new RegExp(re.source, 'g');
      for (const m of prepared.matchAll(global)) {
        if (negatable && negated(prepared, m.index)) continue;
        best = { weight, phrase: m[0] };
        break;
      }
    }
    if (best) reasons.push({ kind: rule.kind, detail: `“${quote(best.phrase)}”`, meaning: rule.meaning, weight: best.weight });
  }
  return reasons;
}

/** True when the message gives honest safety advice ("không chia sẻ mã OTP cho bất kỳ ai"). */
export function hasSafetyAdvice(prepared: string, data: RuleData): boolean {
  return data.safetyAdvice.some((re) => re.test(prepared));
}

/** True when the message warns others about a scam ("cẩn thận, có kẻ giả công an…", "nếu ai gọi… thì đừng chuyển"). */
export function isWarning(prepared: string, data: RuleData): boolean {
  return data.warnings.some((re) => re.test(prepared));
}

/** True when the message claims to come from an authority, a bank or a big company. */
export function claimsAuthority(prepared: string, data: RuleData): boolean {
  return data.authorityWords.some((re) => re.test(prepared));
}
