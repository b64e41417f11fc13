import { plainText } from '../content/plain-text.js';
import type { Lesson } from '../content/schema.js';

/** Pages are kept short for small screens and elderly readers. */
const PAGE_CHARS = 600;

function splitLong(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let current = '';
  const pieces = text.split(/\n\n+/).flatMap((p) => (p.length <= max ? [p] : p.split(/(?<=[.!?…])\s+/)));
  for (const piece of pieces) {
    if (current && current.length + piece.length + 2 > max) {
      out.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n\n${piece}` : piece;
    }
  }
  if (current) out.push(current);
  return out;
}

/** One page of a lesson: plain text, section headings shown as "▸ Heading" lines. */
export interface LessonPage {
  text: string;
}

/**
 * Splits a lesson into short pages that fit a phone screen: consecutive short sections share a page,
 * long sections are split at paragraph (or sentence) boundaries; no page exceeds ~{@link PAGE_CHARS}
 * characters unless a single sentence does.
 */
export function lessonPages(lesson: Lesson): LessonPage[] {
  const blocks: string[] = [];
  for (const section of lesson.sections) {
    const heading = section.heading && section.heading !== lesson.title ? `▸ ${section.heading}\n` : '';
    const parts = splitLong(plainText(section.text), PAGE_CHARS - heading.length);
    parts.forEach((text) => blocks.push(heading + text));
  }
  const pages: LessonPage[] = [];
  let current = '';
  for (const block of blocks) {
    if (current && current.length + block.length + 2 > PAGE_CHARS) {
      pages.push({ text: current });
      current = block;
    } else {
      current = current ? `${current}\n\n${block}` : block;
    }
  }
  if (current) pages.push({ text: current });
  return pages.length ? pages : [{ text: lesson.summary }];
}
