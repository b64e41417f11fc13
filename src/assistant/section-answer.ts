import { plainText } from '../content/plain-text.js';
import type { Lesson } from '../content/schema.js';
import { sectionLink } from '../content/section-link.js';
import { readMore } from '../core/texts.js';

/** Trims text to at most `max` characters at a paragraph, line or sentence boundary. */
export function trimToBoundary(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  for (const sep of ['\n\n', '\n', '. ', '; ', ', ', ' ']) {
    const at = cut.lastIndexOf(sep);
    if (at > max * 0.5) return cut.slice(0, at + (sep.startsWith('.') ? 1 : 0)).trimEnd() + ' …';
  }
  return cut.trimEnd() + ' …';
}

/** A section as plain text: its heading, then its body. */
export function sectionBlock(heading: string, text: string): string {
  return plainText(heading ? `${heading}\n${text}` : text);
}

/**
 * The answer a section gives on its own (a "Có phải bạn muốn hỏi…?" suggestion tapped): its heading and
 * text, trimmed to `maxChars`, then "📖 Đọc thêm" with the source that backs that section.
 * Undefined when the lesson has no such section.
 */
export function sectionAnswer(lesson: Lesson, section: number, maxChars = 900): string | undefined {
  const s = lesson.sections[section];
  if (!s) return undefined;
  return `${trimToBoundary(sectionBlock(s.heading, s.text), maxChars)}\n\n${readMore(lesson.title, sectionLink(lesson, s.heading).url)}`;
}
