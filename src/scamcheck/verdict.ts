import type { Reason, ReasonKind, Verdict } from './types.js';

/**
 * Combines the signs into a verdict, with documented weights.
 *
 * Each reason carries a weight (data/red-flags.yaml for phrases; links.ts and phones.ts for the rest):
 *   4 decisive alone — a look-alike link, an .apk, a raw IP link, a request to read out an OTP,
 *     a biometric "update" through a link, money into a "safe account";
 *   3 strong — credentials, fees to receive something, tasks for commission, loans without collateral,
 *     posing as police or court, a mobile number presented as a hotline;
 *   2 medium — prizes, threats and deadlines, a shortened link, a foreign number, overseas work;
 *   1 weak — a plain "chuyển khoản", "khẩn cấp", an unusual domain ending, a 1900 number.
 * A kind counts once (its strongest sign). Score = sum of the weights.
 *   - A message that also gives honest safety advice ("không chia sẻ mã OTP", "chỉ cập nhật trên ứng
 *     dụng chính thức") loses {@link ADVICE_DISCOUNT} points: that is how real bank and government
 *     notices read. Decisive link signs (weight 4, link-*) are never discounted.
 *   - A message that WARNS about a scam ("cẩn thận, có kẻ giả công an…", "nếu ai gọi… thì đừng chuyển")
 *     describes the scam's words, so it loses {@link WARNING_DISCOUNT} points instead (same exception).
 *   - danger when score ≥ {@link DANGER_AT} and at least one sign weighs 2 or more; suspicious when
 *     score ≥ {@link SUSPICIOUS_AT}, else no-signs. So two weak signs of different kinds together
 *     ("chuyển khoản" + "kết bạn Zalo") make "suspicious", but weak signs alone, however many, never make
 *     "danger": honest messages often mention OTP, banks, transfers and police in passing.
 */
export const DANGER_AT = 4;
export const SUSPICIOUS_AT = 2;
export const ADVICE_DISCOUNT = 2;
export const WARNING_DISCOUNT = 4;

const LINK_KINDS = new Set<ReasonKind>(['link-lookalike', 'link-apk', 'link-ip']);

/** Keeps the strongest reason per kind (first seen wins a tie). */
export function strongestPerKind(reasons: Reason[]): Reason[] {
  const best = new Map<ReasonKind, Reason>();
  for (const r of reasons) {
    const seen = best.get(r.kind);
    if (!seen || r.weight > seen.weight) best.set(r.kind, r);
  }
  return [...best.values()].sort((a, b) => b.weight - a.weight);
}

export function combine(reasons: Reason[], safetyAdvice: boolean, warning = false): { verdict: Verdict; score: number } {
  const kept = strongestPerKind(reasons);
  const decisiveLink = kept.some((r) => r.weight >= 4 && LINK_KINDS.has(r.kind));
  let score = kept.reduce((sum, r) => sum + r.weight, 0);
  const discount = warning ? WARNING_DISCOUNT : safetyAdvice ? ADVICE_DISCOUNT : 0;
  if (!decisiveLink) score = Math.max(0, score - discount);
  const strong = kept.some((r) => r.weight >= 2);
  const verdict: Verdict = score >= DANGER_AT && strong ? 'danger' : score >= SUSPICIOUS_AT ? 'suspicious' : 'no-signs';
  return { verdict, score };
}
