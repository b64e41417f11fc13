import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SHORTHAND } from '../knowledge/chat-writing.js';
import { foldDiacritics } from '../knowledge/normalize.js';

/**
 * Everyday messages that are not questions — greetings, thanks, "ok", goodbyes, emoji, a bare "có" or
 * "không", quitting words — recognised before any retrieval, so they get a short reply and the menu
 * instead of a lesson passage. Phrases and fillers live in `lexicon/smalltalk.yaml`.
 */
export type SmallTalkKind = 'quit' | 'thanks' | 'farewell' | 'greeting' | 'compliment' | 'ack' | 'yes' | 'no' | 'emoji';

interface SmallTalkFile {
  filler: string[];
  kinds: Record<Exclude<SmallTalkKind, 'emoji'>, string[]>;
}

const data = parse(readFileSync(new URL('./lexicon/smalltalk.yaml', import.meta.url), 'utf8')) as SmallTalkFile;
const ORDER = Object.keys(data.kinds) as Exclude<SmallTalkKind, 'emoji'>[];
const FILLER = '__filler__';

/** Phrase (as words) → its kind; the longest phrases are tried first. */
const PHRASES: { words: string[]; kind: SmallTalkKind | typeof FILLER }[] = [
  ...ORDER.flatMap((kind) => data.kinds[kind].map((p) => ({ words: p.split(' '), kind }))),
  ...data.filler.map((p) => ({ words: p.split(' '), kind: FILLER as typeof FILLER })),
].sort((a, b) => b.words.length - a.words.length);

/** The message folded for phrase matching: no accents, lower case, words only, chat shorthand expanded. */
export function foldForMatching(text: string): string {
  const words = text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return foldDiacritics(words.map((w) => SHORTHAND.get(w)?.join(' ') ?? w).join(' '));
}

const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3|[\s!.?:;()<>3^_-]|:\)|:D|=\))+$/u;

/** Longest message (in words) read as small talk. */
const MAX_WORDS = 12;

/**
 * What kind of small talk the message is, or undefined when it is anything else (a question, a name…).
 * Every word must belong to a small-talk phrase or be a filler (forms of address, particles), and at
 * least one phrase must be there; with several, the kind listed first in the data file wins.
 */
export function smallTalkKind(text: string): SmallTalkKind | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (EMOJI_ONLY.test(t) && /\p{Extended_Pictographic}|:\)|:D|<3/u.test(t)) return 'emoji';
  const words = foldForMatching(t).split(' ').filter(Boolean);
  if (!words.length || words.length > MAX_WORDS) return undefined;
  const found = new Set<SmallTalkKind>();
  for (let i = 0; i < words.length; ) {
    const match = PHRASES.find((p) => p.words.every((w, k) => words[i + k] === w));
    if (!match) return undefined;
    if (match.kind !== FILLER) found.add(match.kind);
    i += match.words.length;
  }
  // Only fillers: "vâng ạ", "dạ", "rồi" are acknowledgements.
  if (!found.size) return 'ack';
  return ORDER.find((k) => found.has(k));
}
