import type { Lesson, Source } from './schema.js';

/** A source that can be opened: a public web page. */
export interface Link {
  title: string;
  url: string;
}

function asLink(source: Source | undefined): Link | undefined {
  return source?.url ? { title: source.title, url: source.url } : undefined;
}

/** The page a learner is sent to for the whole lesson: its first source with a URL. */
export function lessonLink(lesson: Pick<Lesson, 'sources'>): Link {
  const link = asLink(lesson.sources.find((s) => s.url));
  // The schema requires at least one source with a URL, so this only fails on unvalidated data.
  if (!link) throw new Error('lesson has no source with a URL');
  return link;
}

/**
 * The page a learner is sent to for one section ("📖 Đọc thêm"): the first source with a URL that
 * names this heading in its `sections`, else the lesson's link. Never a document without a URL.
 */
export function sectionLink(lesson: Pick<Lesson, 'sources'>, heading: string): Link {
  return asLink(lesson.sources.find((s) => s.url && s.sections?.includes(heading))) ?? lessonLink(lesson);
}
