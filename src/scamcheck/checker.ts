import { buildAdvice, pickLessons } from './advice.js';
import { looksLikeEmv, parseEmvPayment } from './emvco.js';
import { findLinks, judgeLink } from './links.js';
import { findPhones, judgePhones } from './phones.js';
import { prepareText, type LinkSpan } from './prepare.js';
import { decodeQrImage, type QrDecode } from './qr-image.js';
import { combineWithResemblance, resemblanceModel, resemblanceSign, type ResemblanceModel, type ResemblanceSign } from './resemblance.js';
import { ruleData, type RuleData } from './rule-data.js';
import { claimsAuthority, hasSafetyAdvice, isWarning, textFlags } from './text-flags.js';
import type { CheckResult, QrInfo, Reason } from './types.js';
import { strongestPerKind } from './verdict.js';

/** Longest text checked (the rest is ignored; chat messages are limited to 2,000 characters anyway). */
export const MAX_CHECK_CHARS = 4000;

export type ImageCheck = { ok: true; result: CheckResult } | { ok: false; reason: Exclude<QrDecode, { ok: true }>['reason'] };

function reason(data: RuleData, kind: Reason['kind'], detail: string, weight: number): Reason {
  return { kind, detail, meaning: data.meanings.get(kind) ?? '', weight };
}

function formatMoney(amount: number): string {
  return `${amount.toLocaleString('vi-VN')} đồng`;
}

/**
 * "Kiểm tra giúp tôi": deterministic checks of a message, a link, a phone number or a QR photo, with
 * a verdict, the reasons and what to do. No model, no network, nothing stored.
 */
export class ScamChecker {
  /**
   * @param model the "resembles known scams" model (resemblance.ts), by default the committed one;
   *   null checks with the rules alone.
   */
  constructor(
    private readonly data: RuleData = ruleData(),
    private readonly model: ResemblanceModel | null = resemblanceModel(),
  ) {}

  /** Checks a message (any text: a pasted SMS, a link, a phone number). */
  checkText(input: string): CheckResult {
    const text = input.slice(0, MAX_CHECK_CHARS);
    const found = this.textReasons(text);
    const similar = this.model ? resemblanceSign(this.model, text, found.links, this.data) : undefined;
    return this.finish(found.reasons, found.safetyAdvice, found.warning, similar);
  }

  /** Decodes the QR code in a photo and checks what it holds. Never rejects. */
  async checkImage(bytes: Uint8Array): Promise<ImageCheck> {
    const decoded = await decodeQrImage(bytes);
    if (!decoded.ok) return { ok: false, reason: decoded.reason };
    return { ok: true, result: this.checkQrText(decoded.text) };
  }

  /** Checks the text a QR code holds: a payment, a link or plain text. */
  checkQrText(payload: string): CheckResult {
    const d = this.data;
    const text = payload.trim().slice(0, MAX_CHECK_CHARS);
    if (looksLikeEmv(text)) {
      const p = parseEmvPayment(text);
      if (p) {
        const bank = p.bin ? (d.banks.get(p.bin) ?? `ngân hàng mã ${p.bin}`) : undefined;
        const qr: QrInfo = { kind: 'payment', crcValid: p.crcValid };
        if (bank) qr.bank = bank;
        if (p.bin) qr.bin = p.bin;
        if (p.account) qr.account = p.account;
        if (p.amount !== undefined) qr.amount = p.amount;
        if (p.message) qr.message = p.message;
        if (p.name) qr.name = p.name;
        const parts = [bank ? `tới ${p.target === 'card' ? 'thẻ' : 'tài khoản'} ${p.account ?? '?'} tại ${bank}` : 'mã thanh toán'];
        if (p.name) parts.push(`tên ${p.name}`);
        if (p.amount !== undefined) parts.push(`số tiền ${formatMoney(p.amount)}`);
        if (p.message) parts.push(`nội dung “${p.message}”`);
        const reasons: Reason[] = [reason(d, 'qr-payment', `mã QR chuyển tiền ${parts.join(', ')}`, 0)];
        if (!p.crcValid) reasons.push(reason(d, 'qr-invalid', 'mã kiểm tra của mã QR không khớp: mã có thể đã bị sửa', 2));
        let safety = false;
        if (p.message) {
          const inner = this.textReasons(p.message);
          reasons.push(...inner.reasons);
          safety = inner.safetyAdvice;
        }
        return { ...this.finish(reasons, safety), qr };
      }
    }
    const links = findLinks(text);
    const only = links.length === 1 && links[0]!.raw.length >= text.length - 1 ? links[0] : undefined;
    if (only) {
      const judged = judgeLink(only, d);
      const reasons = [...judged.reasons];
      if (!judged.official && !judged.known && reasons.length === 0) {
        reasons.push(reason(d, 'link-unknown', `mã QR dẫn tới trang ${only.hostname}, không phải trang của cơ quan hay ngân hàng: chỉ mở khi bạn biết rõ trang này`, 0));
      }
      return { ...this.finish(reasons, false), qr: { kind: 'link', url: only.raw } };
    }
    return { ...this.checkText(text), qr: { kind: 'text', text: text.slice(0, 300) } };
  }

  /** The rule signs of a text, before the verdict (also used to cross-validate the resemblance model). */
  textReasons(text: string): { reasons: Reason[]; safetyAdvice: boolean; warning: boolean; links: LinkSpan[] } {
    const d = this.data;
    const judged = findLinks(text).map((l) => judgeLink(l, d));
    const links = judged.map((j) => [j.link.start, j.link.end, j.official] as const);
    const prepared = prepareText(text, links, d);
    const reasons: Reason[] = judged.flatMap((j) => j.reasons);
    const flags = textFlags(prepared, d);
    reasons.push(...flags);
    const kinds = new Set(flags.map((f) => f.kind));
    const phones = judgePhones(text, findPhones(text), d, { prizeOrThreat: kinds.has('prize-benefit') || kinds.has('urgency-threat') });
    reasons.push(...phones.reasons);
    const strange = judged.filter((j) => !j.official && !j.known);
    const strangeHosts = [...new Set(strange.map((j) => j.link.hostname))].join(', ');
    if (strange.length > 0 && claimsAuthority(prepared, d)) {
      reasons.push(
        reason(d, 'authority-impersonation', `tin nhắc tới cơ quan, ngân hàng hay công ty lớn nhưng gửi link không phải trang chính thức của họ (${strangeHosts})`, 3),
      );
    } else if (strange.length > 0 && flags.length > 0 && strange.every((j) => j.reasons.length === 0)) {
      reasons.push(reason(d, 'link-unknown', `đường link tới trang lạ (${strangeHosts})`, 1));
    }
    return { reasons, safetyAdvice: hasSafetyAdvice(prepared, d), warning: isWarning(prepared, d), links };
  }

  private finish(all: Reason[], safetyAdvice: boolean, warning = false, similar?: ResemblanceSign): CheckResult {
    const reasons = strongestPerKind(similar ? [...all, similar.reason] : all);
    const { verdict, score } = combineWithResemblance(strongestPerKind(all), safetyAdvice, warning, similar);
    // Zero-weight reasons (a payment QR, an unknown link in a QR) are shown; weak ones under a no-signs
    // verdict are not, so "chưa thấy dấu hiệu" is not followed by a list of worries.
    const shown = verdict === 'no-signs' ? reasons.filter((r) => r.weight === 0) : reasons;
    return {
      verdict,
      score,
      reasons: shown,
      lessonIds: pickLessons(shown, this.data),
      advice: buildAdvice(verdict, shown, this.data),
    };
  }
}
