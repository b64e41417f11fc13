import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { lessonLink, sectionLink } from './section-link.js';
import type { Lesson, Source } from './schema.js';

/**
 * The offline link checker: formats and domain lists only (no network). Rules live in
 * `src/content/link-rules.yaml`:
 * - a link a learner is sent to (the lesson's link, or a section's "📖 Đọc thêm") on the site of an
 *   abolished unit is an error; any other source there is a warning;
 * - a source naming a document (plan, letter, decision…) linked to a site known not to host such
 *   documents is an error;
 * - a URL with spaces, credentials, no dot in the host or a non-web scheme is an error; `http:` is a
 *   warning (prefer https).
 */
const rulesSchema = z.object({
  abolished: z.array(z.object({ domain: z.string().min(3), unit: z.string().min(1) })),
  no_documents: z.array(z.object({ domain: z.string().min(3), why: z.string().min(1) })),
  document_words: z.array(z.string().min(2)).min(1),
});
export type LinkRules = z.infer<typeof rulesSchema>;

export const LINK_RULES_PATH = new URL('./link-rules.yaml', import.meta.url);

export function loadLinkRules(path: URL | string = LINK_RULES_PATH): LinkRules {
  return rulesSchema.parse(parseYaml(readFileSync(path, 'utf8')));
}

/** The entry of `list` whose domain is the URL's host or a parent of it. */
export function matchDomain<T extends { domain: string }>(url: string, list: readonly T[]): T | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  return list.find((e) => host === e.domain || host.endsWith(`.${e.domain}`));
}

/** A problem with a URL's form, or undefined when it is a plausible public web address. */
export function urlFormProblem(url: string): string | undefined {
  if (/\s/.test(url)) return 'đường link có khoảng trắng';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'không phải đường link hợp lệ';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `giao thức "${u.protocol}" không phải trang web`;
  if (u.username || u.password) return 'đường link không được chứa tên đăng nhập, mật khẩu';
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(u.hostname)) return `tên miền "${u.hostname}" không hợp lệ`;
  return undefined;
}

/** True when the source names a document (by its number, issuer or a document word in its title). */
export function namesDocument(source: Source, rules: LinkRules): boolean {
  if (source.number) return true;
  const title = source.title.normalize('NFC').toLowerCase();
  return rules.document_words.some((w) => title.includes(w.normalize('NFC').toLowerCase()));
}

export interface LinkReport {
  errors: string[];
  warnings: string[];
}

/** Checks every source of the lessons against the rules; messages are `file: sources[i]: …`. */
export function checkLinks(lessons: readonly Pick<Lesson, 'file' | 'sources' | 'sections'>[], rules: LinkRules): LinkReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const lesson of lessons) {
    // The links learners are actually sent to: the lesson's own and each section's.
    const sent = new Set<string>();
    if (lesson.sources.some((s) => s.url)) {
      sent.add(lessonLink(lesson).url);
      for (const s of lesson.sections) sent.add(sectionLink(lesson, s.heading).url);
    }
    lesson.sources.forEach((source, i) => {
      const where = `${lesson.file}: sources[${i}]`;
      if (!source.url) return;
      const form = urlFormProblem(source.url);
      if (form) {
        errors.push(`${where}: ${form}: ${source.url}`);
        return;
      }
      if (source.url.startsWith('http:')) warnings.push(`${where}: nên dùng https: ${source.url}`);
      const noDocs = matchDomain(source.url, rules.no_documents);
      if (noDocs && namesDocument(source, rules)) {
        errors.push(
          `${where}: "${source.title}" là văn bản nhưng ${noDocs.domain} không đăng văn bản này (${noDocs.why}); hãy bỏ url và ghi issuer, number, date: ${source.url}`,
        );
      }
      const gone = matchDomain(source.url, rules.abolished);
      if (gone) {
        const message = `${where}: trang của đơn vị đã giải thể hoặc sáp nhập — ${gone.unit}: ${source.url}`;
        if (sent.has(source.url)) errors.push(`${message} (đây là link "📖 Đọc thêm" gửi người học; hãy dùng nguồn quốc gia)`);
        else warnings.push(message);
      }
    });
  }
  return { errors, warnings };
}
