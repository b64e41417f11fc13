import { remove as removeConfusables } from 'confusables';
import { parse } from 'tldts';
import { domainToUnicode } from 'node:url';
import type { RuleData } from './rule-data.js';
import type { Reason } from './types.js';

/**
 * Link rules: finds the web addresses in a message and judges each one with the public suffix list
 * (tldts), the official domains of data/domains.yaml, and look-alike tests (brand words in a foreign
 * domain, "gov.vn" outside gov.vn, letters that look alike, one letter changed).
 */
export interface FoundLink {
  /** As written in the message. */
  raw: string;
  start: number;
  end: number;
  hostname: string;
  /** Registrable domain (tldts), or the IP. */
  domain: string;
  path: string;
}

export interface LinkJudgement {
  link: FoundLink;
  official: boolean;
  /** Known ordinary service (shops, social networks, newspapers). */
  known: boolean;
  reasons: Reason[];
}

// With a scheme or www: anything up to a space. Without: labels of letters/digits/hyphens, a dot, a
// top-level domain of letters, optionally a port and a path; the TLD is then checked with tldts.
const WITH_SCHEME = /\b(?:https?:\/\/|www\.)[^\s<>"'“”‘’]+/giu;
const BARE = /(?<![\p{L}\p{N}@._-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59})(?::\d{2,5})?(?:\/[^\s<>"'“”‘’]*)?(?![\p{L}\p{N}@_-])/giu;
const IP_LINK = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{2,5})?(?:\/[^\s<>"']*)?(?![\d.])/g;
const TRAILING = /[.,;:!?)\]}>…]+$/u;

/** Every link in `text`, in order, without overlaps. */
export function findLinks(text: string): FoundLink[] {
  const spans: { start: number; raw: string }[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const add = (start: number, raw: string) => {
    const trimmed = raw.replace(TRAILING, '');
    if (!trimmed || overlaps(start, start + trimmed.length)) return;
    spans.push({ start, raw: trimmed });
    taken.push([start, start + trimmed.length]);
  };
  for (const m of text.matchAll(WITH_SCHEME)) add(m.index, m[0]);
  for (const m of text.matchAll(IP_LINK)) {
    const raw = m[0];
    const octets = raw.split(/[:/]/)[0]!.split('.').map(Number);
    const hasScheme = text.slice(Math.max(0, m.index - 8), m.index).match(/https?:\/\/$/);
    if (octets.every((o) => o <= 255) && (hasScheme || /[:/]/.test(raw))) add(m.index, raw);
  }
  for (const m of text.matchAll(BARE)) add(m.index, m[0]);
  const links: FoundLink[] = [];
  for (const { start, raw } of spans.sort((a, b) => a.start - b.start)) {
    const url = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
    const p = parse(url);
    if (!p.hostname) continue;
    if (!p.isIp && !(p.isIcann && p.domain)) continue;
    const afterHost = url.replace(/^[a-z]+:\/\/[^/?#]*/i, '');
    links.push({ raw, start, end: start + raw.length, hostname: p.hostname, domain: p.isIp ? p.hostname : (p.domain ?? p.hostname), path: afterHost });
  }
  return links;
}

/** Look-alike letters in plain ASCII, on top of Unicode confusables: "vietcornbank" → "vietcombank". */
function skeleton(label: string): string {
  return removeConfusables(label)
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/0/g, 'o')
    .replace(/[1|]/g, 'l')
    .replace(/5/g, 's');
}

/** Levenshtein distance, stopping early above 1 (all we need). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Which brand the host imitates, if any, and how. */
function imitation(hostname: string, data: RuleData): string | undefined {
  const unicodeHost = domainToUnicode(hostname) || hostname;
  const host = unicodeHost.toLowerCase();
  const plain = skeleton(host);
  if (/gov[.-]?vn/.test(plain)) return 'gov.vn';
  const tokens = plain.split(/[.-]+/).filter(Boolean);
  const compact = plain.replace(/[.-]+/g, '');
  for (const brand of data.brands) {
    if (brand.length <= 4) {
      if (tokens.includes(brand)) return brand;
      continue;
    }
    if (compact.includes(brand)) return brand;
    if (brand.length >= 6 && tokens.some((t) => withinOneEdit(t, brand))) return brand;
  }
  const looksLatin = /[^ -~]/.test(host) || /(^|\.)xn--/.test(hostname);
  return looksLatin ? 'chữ nhìn giống' : undefined;
}

function reason(data: RuleData, kind: Reason['kind'], detail: string, weight: number): Reason {
  return { kind, detail, meaning: data.meanings.get(kind) ?? '', weight };
}

/** Judges one link. */
export function judgeLink(link: FoundLink, data: RuleData): LinkJudgement {
  const reasons: Reason[] = [];
  const shown = link.hostname;
  const p = parse(`http://${link.hostname}`);
  if (p.isIp) {
    reasons.push(reason(data, 'link-ip', `đường link ${shown} là địa chỉ IP, không có tên trang`, 4));
  }
  if (/\.apk(?:$|[?#])/i.test(link.path)) {
    reasons.push(reason(data, 'link-apk', `đường link ${shown} tải tệp cài ứng dụng .apk`, 4));
  }
  if (p.isIp) return { link, official: false, known: false, reasons };
  const official = data.official.has(link.domain) || p.publicSuffix === 'gov.vn';
  if (official) return { link, official, known: true, reasons };
  const known = data.known.has(link.domain);
  if (data.shorteners.has(link.domain) || data.shorteners.has(link.hostname)) {
    reasons.push(reason(data, 'link-shortener', `đường link rút gọn ${shown} giấu địa chỉ thật`, 2));
  } else if (!known) {
    const brand = imitation(link.hostname, data);
    if (brand === 'chữ nhìn giống') {
      reasons.push(reason(data, 'link-lookalike', `đường link ${domainToUnicode(shown) || shown} dùng chữ nhìn giống chữ thường để giả tên trang`, 4));
    } else if (brand) {
      reasons.push(reason(data, 'link-lookalike', `đường link ${shown} giả tên “${brand}” nhưng không phải trang chính thức`, 4));
    } else if (data.riskyTlds.has(p.publicSuffix ?? '')) {
      reasons.push(reason(data, 'link-risky-tld', `đường link ${shown} có đuôi .${p.publicSuffix ?? ''}`, 1));
    }
  }
  return { link, official, known, reasons };
}
