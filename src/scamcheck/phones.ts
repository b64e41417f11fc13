import { foldDiacritics } from '../knowledge/normalize.js';
import type { RuleData } from './rule-data.js';
import type { Reason } from './types.js';

/**
 * Phone number rules: numbers with a foreign country code, 1900 numbers (charged at a premium) in a
 * message that promises a prize or threatens, and mobile numbers presented as a hotline, a switchboard
 * or an officer's line. The official hotlines of data/hotlines.yaml (113, 156, 5656) are recognised.
 */
export interface FoundPhone {
  raw: string;
  digits: string;
  start: number;
  international: boolean;
}

// A run of digits with spaces, dots or hyphens inside, optionally after + (or 00).
const PHONE = /(?<![\p{L}\p{N}.,])(\+?\d[\d .()-]{1,16}\d)(?![\p{L}\p{N}]|[.,]\d)/gu;
/** 5.000.000 or 1,500,000: an amount of money, not a number to call. */
const MONEY = /^\d{1,3}(?:[.,]\d{3})+$/;
const VN_MOBILE = /^0[35789]\d{8}$/;
/** Words that present a number as a hotline or an official's line (folded). */
const CLAIMS_OFFICIAL =
  /\b(tong dai|hotline|duong day nong|cskh|cham soc khach hang|so chinh thuc|ho tro khach hang|cong an|can bo|dieu tra vien|ngan hang|toa an|vien kiem sat|bo phan)\b/;

export function findPhones(text: string): FoundPhone[] {
  const found: FoundPhone[] = [];
  for (const m of text.matchAll(PHONE)) {
    const raw = m[1] ?? m[0];
    if (MONEY.test(raw.replace(/^[+-]/, ''))) continue;
    const international = raw.startsWith('+') || /^00[1-9]/.test(raw);
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 3 || digits.length > 15 || (international && digits.length < 8)) continue;
    found.push({ raw, digits, start: m.index, international });
  }
  return found;
}

/** ITU country codes of two digits (the others used here have one or three). */
const TWO_DIGIT_CODES = new Set(['20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98']);

/** The country code of an international number written +CC… or 00CC…. */
function countryCode(digits: string, raw: string): string {
  const body = raw.startsWith('+') ? digits : digits.slice(2);
  if (body.startsWith('1') || body.startsWith('7')) return body.slice(0, 1);
  return TWO_DIGIT_CODES.has(body.slice(0, 2)) ? body.slice(0, 2) : body.slice(0, 3);
}

function reason(data: RuleData, detail: string, weight: number): Reason {
  return { kind: 'phone-suspicious', detail, meaning: data.meanings.get('phone-suspicious') ?? '', weight };
}

/**
 * Judges the numbers of a message. `context` says what else the message does (a prize or a threat
 * makes a 1900 number a sign). Returns the reasons and the official hotlines mentioned.
 */
export function judgePhones(
  text: string,
  phones: FoundPhone[],
  data: RuleData,
  context: { prizeOrThreat: boolean },
): { reasons: Reason[]; hotlines: string[] } {
  const reasons: Reason[] = [];
  const hotlines: string[] = [];
  for (const p of phones) {
    if (data.hotlines.has(p.digits) && !p.international) {
      hotlines.push(p.digits);
      continue;
    }
    if (p.international) {
      const cc = countryCode(p.digits, p.raw);
      if (cc !== '84') reasons.push(reason(data, `số ${p.raw} có đầu số nước ngoài (+${cc})`, 2));
      continue;
    }
    if (/^1900\d{4,6}$/.test(p.digits) && context.prizeOrThreat) {
      reasons.push(reason(data, `số ${p.raw} là đầu số 1900, gọi vào bị tính cước cao`, 1));
      continue;
    }
    const local = p.digits.startsWith('84') && p.digits.length === 11 ? `0${p.digits.slice(2)}` : p.digits;
    if (VN_MOBILE.test(local)) {
      const before = foldDiacritics(text.slice(Math.max(0, p.start - 60), p.start));
      if (CLAIMS_OFFICIAL.test(before)) {
        reasons.push(reason(data, `số di động ${p.raw} được giới thiệu là tổng đài hoặc số của cơ quan`, 3));
      }
    }
  }
  return { reasons, hotlines };
}
