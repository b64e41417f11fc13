import { foldDiacritics } from '../knowledge/normalize.js';
import { texts } from './texts.js';
import type { ChannelId, Choice, Outbound } from './types.js';

/** Channels that show choices as buttons without numbers (texts there say "bấm nút", never "gõ số"). */
export function hasButtons(channel: ChannelId): boolean {
  return channel === 'telegram' || channel === 'web';
}

/**
 * Choices on channels without buttons (Zalo, console): rendered as numbered lines, and what the person
 * types back ("1", "1.", "a", "A)", "số 1", "đáp án 1", "so 2", "chọn hai", "1️⃣"…) read as the
 * number of a choice. The Conversation keeps the last choices it sent to each chat (in SQLite), so a
 * channel adapter only renders with {@link renderChoiceLines} and passes the text through.
 */

const NUMBER_WORDS: Record<string, number> = { mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9 };
const PREFIX = /^(?:toi chon|chon|so|dap an|phuong an|lua chon|cau|y)\s*/;
const PARTICLE = /\s+(?:a|ah|nhe|nha|ha|nhe ban)$/;

/** The result of reading a typed choice. */
export type ChoiceInput = { index: number } | { outOfRange: number } | undefined;

/**
 * Reads `text` as the number of one of `count` choices: `{index}` (0-based) when it names one,
 * `{outOfRange}` when it is clearly a number but not one of them, undefined when it is not a number.
 */
export function parseChoiceInput(text: string, count: number): ChoiceInput {
  let s = foldDiacritics(text)
    .replace(/\uFE0F?\u20E3/g, '')
    .trim();
  if (s.length > 24) return undefined;
  s = s.replace(/^[([]\s*/, '').replace(/[\s.):;,!\]]+$/, '');
  s = s.replace(PARTICLE, '').replace(/[\s.):;,!\]]+$/, '');
  s = s.replace(PREFIX, '').replace(/^[([]\s*/, '').replace(/[\s.):;,!\]]+$/, '');
  let n: number | undefined;
  if (/^\d{1,3}$/.test(s)) n = Number(s);
  else if (/^[a-h]$/.test(s)) n = s.charCodeAt(0) - 96;
  else if (s in NUMBER_WORDS) n = NUMBER_WORDS[s];
  if (n === undefined) return undefined;
  return n >= 1 && n <= count ? { index: n - 1 } : { outOfRange: n };
}

/** A label reduced to its words, for "typed the label itself" matching ("✅ Làm bài kiểm tra" → "lam bai kiem tra"). */
export function labelKey(label: string): string {
  return foldDiacritics(label)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The index of the choice whose label the person typed (diacritics, case, emoji ignored), if exactly one. */
export function matchChoiceLabel(text: string, choiceLabels: readonly string[]): number | undefined {
  const key = labelKey(text);
  if (!key) return undefined;
  const hits = choiceLabels.map((l, i) => (labelKey(l) === key ? i : -1)).filter((i) => i >= 0);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Choices as numbered lines with a short hint: "1. Học bài\n2. …\n👉 Gõ số để chọn." */
export function renderChoiceLines(choices: readonly Choice[]): string {
  if (choices.length === 0) return '';
  return `${choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n')}\n${texts.choiceHint}`;
}

/** A whole reply as text for a channel without buttons: its text, then its choices as numbered lines. */
export function renderChoicesAsText(outbound: Outbound): string {
  const lines = outbound.choices?.length ? renderChoiceLines(outbound.choices) : '';
  return lines ? `${outbound.text.trimEnd()}\n\n${lines}` : outbound.text;
}
