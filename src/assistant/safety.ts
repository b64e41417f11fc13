import { foldDiacritics } from '../knowledge/normalize.js';

/**
 * Safety checks on a citizen's question, before anything else looks at it.
 * - Sensitive data (an OTP, a password, a bank card number, a 12-digit citizen id): the reply starts with
 *   a warning, and the text is never stored or logged — callers use {@link redactSensitive} for anything
 *   they keep or echo.
 * - Prompt attacks (attempts to extract prompts, secrets or other users' data, or to override the rules):
 *   declined with the same polite reply as an out-of-scope question.
 */
export type SensitiveKind = 'otp' | 'password' | 'card' | 'citizen-id';

const DIGIT_RUN = /(?<![\p{L}\p{N}])\d(?:[\d .-]*\d)?(?![\p{L}\p{N}])/gu;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** What sensitive data the text seems to contain (empty when none). */
export function detectSensitive(text: string): SensitiveKind[] {
  const found = new Set<SensitiveKind>();
  const folded = foldDiacritics(text);
  for (const m of text.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length === 12 && /^0\d{11}$/.test(digits)) found.add('citizen-id');
    else if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) found.add('card');
  }
  // A 4–8 digit code next to a word that names a one-time code.
  if (/\b(otp|ma xac (nhan|thuc)|ma kich hoat|ma so|ma pin|pin|ma)\b[^\d\n]{0,20}\b\d{4,8}\b/.test(folded) ||
      /\b\d{4,8}\b[^\d\n]{0,12}\b(otp|ma xac (nhan|thuc))\b/.test(folded)) {
    found.add('otp');
  }
  if (PASSWORD_STATED.test(text.normalize('NFC'))) {
    found.add('password');
  }
  return [...found];
}

// "mật khẩu … là X" / "pass: X", where X holds a digit or a symbol (so "mật khẩu là gì" is not one).
// Lookarounds on \p{L} stand for word boundaries: \b does not know Vietnamese letters.
const PASSWORD_STATED =
  /((?:mật khẩu|mat khau|mk|pass|password|passcode)(?!\p{L})[^\n]{0,30}?(?:(?<!\p{L})(?:là|la)(?!\p{L})|:|=)\s*)(?=\S*[\d!@#$%^&*_+=~])\S{4,}/iu;

/** The text with every digit run of 4+ digits and any stated password replaced by `***`. */
export function redactSensitive(text: string): string {
  return text
    .replace(DIGIT_RUN, (m) => (m.replace(/\D/g, '').length >= 4 ? '***' : m))
    .replace(new RegExp(PASSWORD_STATED.source, 'giu'), '$1***');
}

// Written on folded text, so they match with or without diacritics.
const ATTACK_PATTERNS: RegExp[] = [
  /\b(bo qua|phot lo|quen|khong can tuan theo|vuot qua)\b.{0,30}\b(huong dan|chi dan|chi thi|lenh|quy tac|quy dinh|rang buoc|yeu cau)\b.{0,20}\b(truoc|tren|cua ban|he thong)/,
  /\bignore\b.{0,30}\b(instruction|previous|above|rules|prompt)/,
  /\b(system|he thong)\s*prompt\b|\bprompt\b.{0,20}\b(he thong|cua ban|goc|an)\b|\bprompt cua\b/,
  /\b(tiet lo|cho (toi|xem|biet)|in ra|hien thi|lo)\b.{0,30}\b(prompt|chi dan he thong|huong dan he thong|cau hinh|ma nguon|api ?key|token|secret|bi mat he thong)\b/,
  /\b(developer mode|che do (nha phat trien|developer|quan tri)|jailbreak|dan mode)\b/,
  /\b(du lieu|thong tin|so dien thoai|tin nhan|lich su|danh sach)\b.{0,25}\b(?<!(dua|gui|cho|ke) )(nguoi dung|nguoi khac|thanh vien|hoc vien|user)\b/,
  /\b(api ?key|access token|bot token|mat khau (admin|quan tri|he thong|database|co so du lieu))\b/,
  /\b(ban la|hay dong vai|dong vai|gia vo la|act as|pretend)\b.{0,30}\b(khong (bi|con) gioi han|khong co quy tac|ai khac|chatgpt|hacker)\b/,
  // Round 2 of issue 9: "quên hết mọi quy tắc", listing or exporting what others stored, database commands.
  /\b(bo qua|phot lo|quen het|quen di|quen|khong can tuan theo|xoa)\b.{0,20}\b(moi|tat ca|cac|nhung|het)\b.{0,10}\b(huong dan|chi dan|chi thi|quy tac|rang buoc|gioi han)\b/,
  /\b(liet ke|xuat|export|in ra|hien thi|gui|cho)\b.{0,25}\b(danh sach|toan bo|tat ca|het)\b.{0,20}\b(nguoi hoc|nguoi dung|hoc vien|thanh vien|nguoi da hoc|nguoi tham gia|so dien thoai|co so du lieu|database|du lieu)\b/,
  /\b(liet ke|xuat|export|in ra|hien thi)\b.{0,20}\b(so dien thoai|sdt|dia chi|ten|thong tin|tai khoan)\b.{0,20}\b(nhung nguoi|moi nguoi|nguoi hoc|hoc vien|nguoi dung|tat ca)\b/,
  /\b(database|co so du lieu|drop table|select \*|sql injection|rm -rf)\b/,
];

/** True when the question tries to extract prompts, secrets or others' data, or to override the rules. */
export function isPromptAttack(text: string): boolean {
  const folded = foldDiacritics(text).replace(/\s+/g, ' ');
  return ATTACK_PATTERNS.some((p) => p.test(folded));
}
