import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { foldDiacritics, normalizeText } from '../knowledge/normalize.js';
import {
  asksFileSchema,
  lessonFrontMatterSchema,
  MIN_ASKS_PER_LESSON,
  topicsFileSchema,
  type Lesson,
  type LessonSection,
  type Topic,
  type TopicId,
} from './schema.js';

/** The whole validated curriculum. `version` changes whenever any content file changes. */
export interface Curriculum {
  topics: Topic[];
  lessons: Lesson[];
  version: string;
}

/** Content that failed validation; `problems` are lines `path: field: what is wrong`. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(readonly problems: string[]) {
    super(`Nội dung bài học có ${problems.length} lỗi:\n${problems.join('\n')}`);
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(tệp)';
}

function zodProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: ${fieldPath(i.path)}: ${i.message}`);
}

function readYaml(path: string, file: string, problems: string[]): unknown {
  try {
    return parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    const msg = e instanceof YAMLParseError ? e.message.split('\n')[0] : String(e);
    problems.push(`${file}: (tệp): không đọc được YAML: ${msg}`);
    return undefined;
  }
}

/** Splits `---\nYAML\n---\nbody` into its two parts; undefined when there is no front matter. */
export function splitFrontMatter(source: string): { yaml: string; body: string } | undefined {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  return { yaml: m[1] ?? '', body: m[2] ?? '' };
}

/** Splits a Markdown body into `## ` sections; text before the first heading becomes an untitled section. */
export function splitSections(body: string): LessonSection[] {
  const sections: LessonSection[] = [];
  let heading = '';
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) sections.push({ heading, text, asks: [] });
  };
  for (const line of body.normalize('NFC').split('\n')) {
    const h = /^#{1,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) {
      flush();
      heading = h[1] ?? '';
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listMarkdown(path));
    else if (name.endsWith('.md') && name.toLowerCase() !== 'readme.md') out.push(path);
  }
  return out;
}

/** The `.asks.yaml` beside a lesson's `.md`. */
export function asksPathFor(lessonPath: string): string {
  return lessonPath.replace(/\.md$/, '.asks.yaml');
}

/**
 * Reads the lesson's `.asks.yaml`, if any, into its sections' `asks`. Every key must be a heading of the
 * lesson; a lesson with an asks file needs {@link MIN_ASKS_PER_LESSON} variants, none repeated (compared
 * without accents or case). Returns false when the file has problems.
 */
function attachAsks(
  lessonPath: string,
  file: string,
  sections: LessonSection[],
  hash: ReturnType<typeof createHash>,
  problems: string[],
): boolean {
  const path = asksPathFor(lessonPath);
  if (!existsSync(path)) return true;
  const asksFile = asksPathFor(file);
  hash.update(asksFile).update(readFileSync(path));
  const before = problems.length;
  const raw = readYaml(path, asksFile, problems);
  if (raw === undefined) return false;
  const parsed = asksFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    problems.push(...zodProblems(asksFile, parsed.error));
    return false;
  }
  const seen = new Map<string, string>();
  let total = 0;
  for (const [heading, asks] of Object.entries(parsed.data)) {
    const section = sections.find((s) => s.heading === heading.normalize('NFC'));
    if (!section) {
      problems.push(`${asksFile}: ${heading}: bài không có phần "## ${heading}"`);
      continue;
    }
    for (const ask of asks) {
      const key = foldDiacritics(normalizeText(ask)).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      const where = seen.get(key);
      if (where !== undefined) {
        problems.push(`${asksFile}: ${heading}: câu hỏi "${ask}" trùng với một câu ở phần "${where}"`);
        continue;
      }
      seen.set(key, heading);
      section.asks.push(ask.normalize('NFC'));
      total++;
    }
  }
  if (total < MIN_ASKS_PER_LESSON) {
    problems.push(`${asksFile}: (tệp): cần ít nhất ${MIN_ASKS_PER_LESSON} cách hỏi cho một bài (đang có ${total})`);
  }
  return problems.length === before;
}

/**
 * Reads and validates `topics.yaml` and every `lessons/**.md` under `dir`.
 * Collects every problem (not just the first) and throws {@link ContentError} if there is any:
 * schema errors, unknown topics, duplicate ids, answer index out of range, duplicate choices, bad URLs,
 * a topic without lessons.
 */
export function loadCurriculum(dir: string): Curriculum {
  const problems: string[] = [];
  const hash = createHash('sha256');
  // Paths as the operator knows them: relative inside the working directory, absolute outside it.
  const rel = (p: string) => {
    const r = relative(process.cwd(), resolve(p));
    return !r || r.startsWith('..') || isAbsolute(r) ? resolve(p) : r;
  };
  if (!isDirectory(dir)) {
    throw new ContentError([
      `CONTENT_DIR: không tìm thấy thư mục nội dung "${resolve(dir)}". Đặt CONTENT_DIR tới thư mục có topics.yaml và lessons/ (mặc định ./content của dự án).`,
    ]);
  }

  const topicsPath = join(dir, 'topics.yaml');
  let topics: Topic[] = [];
  let topicsRaw: unknown;
  try {
    hash.update(readFileSync(topicsPath));
    topicsRaw = readYaml(topicsPath, rel(topicsPath), problems);
  } catch {
    problems.push(`${rel(topicsPath)}: (tệp): không tìm thấy tệp danh sách chủ đề`);
  }
  if (topicsRaw !== undefined) {
    const parsed = topicsFileSchema.safeParse(topicsRaw);
    if (parsed.success) {
      topics = parsed.data;
      const seen = new Set<string>();
      topics.forEach((t, i) => {
        if (seen.has(t.id)) problems.push(`${rel(topicsPath)}: [${i}].id: chủ đề "${t.id}" bị trùng`);
        seen.add(t.id);
      });
    } else {
      problems.push(...zodProblems(rel(topicsPath), parsed.error));
    }
  }
  const topicIds = new Set(topics.map((t) => t.id));

  const lessonsDir = join(dir, 'lessons');
  let files: string[] = [];
  try {
    files = listMarkdown(lessonsDir);
  } catch {
    problems.push(`${rel(lessonsDir)}: (thư mục): không tìm thấy thư mục bài học`);
  }

  const lessons: Lesson[] = [];
  const ids = new Map<string, string>();
  for (const path of files) {
    const file = rel(path);
    const source = readFileSync(path, 'utf8');
    hash.update(file).update(source);
    const parts = splitFrontMatter(source);
    if (!parts) {
      problems.push(`${file}: (tệp): thiếu phần đầu YAML giữa hai dòng ---`);
      continue;
    }
    let raw: unknown;
    try {
      raw = parseYaml(parts.yaml);
    } catch (e) {
      const msg = e instanceof YAMLParseError ? e.message.split('\n')[0] : String(e);
      problems.push(`${file}: (front matter): không đọc được YAML: ${msg}`);
      continue;
    }
    const parsed = lessonFrontMatterSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error));
      continue;
    }
    const fm = parsed.data;
    let ok = true;
    if (topics.length && !topicIds.has(fm.topic as TopicId)) {
      problems.push(`${file}: topic: chủ đề "${fm.topic}" không có trong topics.yaml`);
      ok = false;
    }
    const previous = ids.get(fm.id);
    if (previous) {
      problems.push(`${file}: id: mã bài "${fm.id}" đã dùng ở ${previous}`);
      ok = false;
    }
    ids.set(fm.id, file);
    const sections = splitSections(parts.body);
    if (sections.length === 0) {
      problems.push(`${file}: (nội dung): bài học chưa có nội dung`);
      ok = false;
    }
    for (const [i, src] of fm.sources.entries()) {
      for (const h of src.sections ?? []) {
        if (!sections.some((s) => s.heading === h)) {
          problems.push(`${file}: sources[${i}].sections: không có phần "## ${h}" trong bài`);
          ok = false;
        }
      }
    }
    if (!attachAsks(path, file, sections, hash, problems)) ok = false;
    if (!ok) continue;
    lessons.push({
      ...fm,
      topic: fm.topic as TopicId,
      file,
      sections,
      quiz: fm.quiz.map((q, i) => ({ ...q, id: `${fm.id}:${i + 1}` })),
    });
  }

  // A topic without lessons is only worth reporting when no lesson failed (it may be the one that failed).
  const lessonsFailed = lessons.length < files.length;
  for (const t of topics) {
    if (files.length && !lessonsFailed && !lessons.some((l) => l.topic === t.id)) {
      problems.push(`${rel(topicsPath)}: ${t.id}: chủ đề chưa có bài học nào`);
    }
  }

  if (problems.length) throw new ContentError(problems);

  const order = new Map(topics.map((t, i) => [t.id, i]));
  lessons.sort(
    (a, b) =>
      (order.get(a.topic) ?? 0) - (order.get(b.topic) ?? 0) ||
      (a.order ?? 1000) - (b.order ?? 1000) ||
      a.file.localeCompare(b.file),
  );
  return { topics, lessons, version: hash.digest('hex').slice(0, 16) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
