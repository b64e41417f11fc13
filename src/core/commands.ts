import { foldDiacritics } from '../knowledge/normalize.js';

/**
 * The commands a person can give. Each has a slash name (Telegram shows `/hoc`), accepted accented and
 * unaccented (`/học`, `/hoc`), and plain words a first-time user types without knowing about commands
 * ("học", "hoc", "kiểm tra", "tiến độ", "giúp"…). Plain words match only a whole message, compared with
 * diacritics folded, so "Học!" and "HOC" work while "học ở đâu" is a question.
 */
export type CommandName =
  | 'start'
  | 'menu'
  | 'hoc'
  | 'kiemtra'
  | 'ontap'
  | 'tiendo'
  | 'xa'
  | 'thongbao'
  | 'xungho'
  | 'xoadulieu'
  | 'giup'
  | 'kiemtratin';

export interface ParsedCommand {
  name: CommandName;
  /** Text after the command (e.g. the commune code of a `/start <code>` invitation link). */
  arg: string;
}

/** Slash names per command (folded: `/học` folds to `hoc`). */
const SLASH: Record<CommandName, string[]> = {
  start: ['start', 'batdau'],
  menu: ['menu', 'trangchu'],
  hoc: ['hoc', 'baihoc', 'learn'],
  kiemtra: ['kiemtra', 'quiz', 'thi'],
  ontap: ['ontap', 'review'],
  tiendo: ['tiendo', 'progress', 'ketqua'],
  xa: ['xa', 'phuong', 'xaphuong', 'doixa'],
  thongbao: ['thongbao', 'notify'],
  xungho: ['xungho', 'cachgoi', 'doixungho'],
  xoadulieu: ['xoadulieu', 'xoa', 'delete'],
  giup: ['giup', 'help', 'huongdan', 'trogiup'],
  kiemtratin: ['kiemtratin', 'kiemtra_tin', 'checktin', 'kiemtralua', 'luadao', 'check'],
};

/** Whole-message plain words per command (folded, single spaces). */
const WORDS: Record<CommandName, string[]> = {
  start: ['bat dau', 'start', 'xin chao', 'chao', 'chao ban', 'chao bot', 'hi', 'hello', 'alo', 'a lo', 'helo'],
  menu: ['menu', 'trang chu', 'quay lai', 've trang chinh', 'danh muc'],
  hoc: ['hoc', 'hoc bai', 'bai hoc', 'cac bai hoc', 'xem bai hoc', 'toi muon hoc', 'muon hoc', 'bat dau hoc'],
  kiemtra: ['kiem tra', 'kiemtra', 'lam bai kiem tra', 'bai kiem tra', 'lam kiem tra', 'thi', 'lam bai thi', 'trac nghiem'],
  ontap: ['on tap', 'ontap', 'on bai', 'on lai', 'on'],
  tiendo: ['tien do', 'tiendo', 'xem tien do', 'ket qua', 'diem', 'diem cua toi', 'ket qua hoc'],
  xa: ['xa', 'phuong', 'xa phuong', 'doi xa', 'doi phuong', 'doi xa phuong', 'doi dia chi'],
  thongbao: ['thong bao', 'thongbao', 'nhan thong bao', 'bat thong bao', 'tat thong bao', 'dang ky thong bao'],
  xungho: ['xung ho', 'xungho', 'doi xung ho', 'cach xung ho', 'cach goi', 'doi cach goi', 'doi cach xung ho'],
  xoadulieu: ['xoa du lieu', 'xoadulieu', 'xoa thong tin', 'xoa tai khoan', 'xoa du lieu cua toi'],
  giup: ['giup', 'giup do', 'tro giup', 'huong dan', 'help', 'cach dung', '?', 'giup toi'],
  kiemtratin: [
    'kiem tra tin nhan', 'kiem tra tin', 'kiem tra giup', 'kiem tra giup toi', 'kiem tra ho', 'kiem tra link', 'kiem tra so dien thoai',
    'kiem tra ma qr', 'kiem tra lua dao', 'check giup', 'check tin nhan', 'check', 'tin nay co phai lua dao khong',
    'co phai lua dao khong', 'day co phai lua dao khong', 'cai nay co phai lua dao khong', 'tin nay co lua dao khong',
    'co lua dao khong', 'lua dao khong', 'tin nay lua dao khong', 'link nay co an toan khong', 'so nay co phai lua dao khong',
  ],
};

const bySlash = new Map<string, CommandName>();
const byWords = new Map<string, CommandName>();
for (const [name, names] of Object.entries(SLASH) as [CommandName, string[]][]) for (const n of names) bySlash.set(n, name);
for (const [name, words] of Object.entries(WORDS) as [CommandName, string[]][]) for (const w of words) byWords.set(w, name);

/** Folds and trims a message for whole-message comparisons: "  Học bài! " → "hoc bai". */
export function foldPhrase(text: string): string {
  const folded = foldDiacritics(text).trim();
  if (folded === '?') return folded;
  return folded
    .replace(/[^\p{L}\p{N}?]+/gu, ' ')
    .replace(/\?+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * The command in a message, if any: a slash command (`/hoc`, `/học@TenBot`, `/start xamau1`) or a
 * whole-message plain word ("kiểm tra", "tien do"). Undefined for anything else.
 */
export function parseCommand(text: string): ParsedCommand | undefined {
  const trimmed = text.trim();
  const slash = /^\/([^\s@]+)(?:@\S+)?(?:\s+([\s\S]*))?$/u.exec(trimmed);
  if (slash) {
    const name = bySlash.get(foldDiacritics(slash[1] ?? '').replace(/[^a-z0-9]/g, ''));
    return name ? { name, arg: (slash[2] ?? '').trim() } : undefined;
  }
  if (trimmed.length > 40) return undefined;
  const name = byWords.get(foldPhrase(trimmed));
  return name ? { name, arg: '' } : undefined;
}

/** True for a "skip" answer: "bỏ qua", "bo qua", "thôi", "không", "ko"… */
export function isSkipWord(text: string): boolean {
  return ['bo qua', 'boqua', 'bo', 'thoi', 'khong', 'ko', 'k', 'khong can', 'skip', 'de sau', 'sau', 'giu nguyen', 'giu', 'nhu cu'].includes(foldPhrase(text));
}

/** "có", "vâng", "ok", "đồng ý"… → true; "không", "ko", "thôi"… → false; anything else undefined. */
export function parseYesNo(text: string): boolean | undefined {
  const p = foldPhrase(text);
  if (['co', 'c', 'co a', 'vang', 'vang a', 'u', 'uh', 'ok', 'oke', 'okay', 'dong y', 'yes', 'co nhan', 'nhan', 'bat', 'muon', 'co muon'].includes(p)) {
    return true;
  }
  if (['khong', 'ko', 'k', 'khong a', 'thoi', 'no', 'tat', 'khong can', 'khong nhan', 'khong muon'].includes(p)) return false;
  return undefined;
}

/** The words that ask for a scam check, as a prefix: "kiểm tra giúp: <the message>". */
const CHECK_PREFIX = /^\s*(?:\/kiemtra_tin\b|kiem tra (?:giup|ho|tin nhan|tin|link)(?: toi| minh| em)?|check giup|tin nay co phai lua dao khong|(?:day|cai nay|tin nay) co phai lua dao khong|co phai lua dao khong)\s*[:?!.\-–]*\s*(?:\n|:)?/;

/**
 * A request to check something given in the same message ("kiểm tra giúp: Vietcombank thông báo…",
 * "tin này có phải lừa đảo không? <forwarded text>"): the text to check, or undefined.
 */
export function checkRequestWithText(text: string): string | undefined {
  const folded = foldDiacritics(text);
  const m = CHECK_PREFIX.exec(folded);
  if (!m) return undefined;
  // Folding keeps the length of Vietnamese text (one letter for one letter after NFC), so the rest starts at the same index.
  const rest = text.normalize('NFC').slice(m[0].length).trim();
  return rest.length >= 6 ? rest : undefined;
}

/** True when a photo's caption asks for a check ("kiểm tra giúp", "có phải lừa đảo không"). */
export function captionAsksCheck(caption: string | undefined): boolean {
  if (!caption) return false;
  const folded = foldPhrase(caption);
  return parseCommand(caption)?.name === 'kiemtratin' || /\b(kiem tra|check|lua dao|qr)\b/.test(folded);
}
