import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SHORTHAND } from '../knowledge/chat-writing.js';
import { foldDiacritics } from '../knowledge/normalize.js';

/**
 * Everyday messages that are not questions — greetings, thanks, "ok", goodbyes, apologies, "who are you",
 * laughter, emoji, a bare "có" or "không", quitting words — recognised before any retrieval, so they get
 * a short reply and the menu instead of a lesson passage. Word classes and phrases live in
 * `lexicon/smalltalk.yaml`: a message is small talk when nothing is left once its small-talk phrases,
 * filler words (pronouns, particles, intensifiers, politeness) and laughter are taken away.
 */
export type SmallTalkKind =
  | 'quit'
  | 'apology'
  | 'who'
  | 'thanks'
  | 'farewell'
  | 'greeting'
  | 'compliment'
  | 'ack'
  | 'yes'
  | 'no'
  | 'emoji';

type PhraseKind = Exclude<SmallTalkKind, 'emoji'>;

interface SmallTalkFile {
  filler: Record<string, string[]>;
  kinds: Record<PhraseKind, string[]>;
  laughter: string;
  word_classes: Partial<Record<PhraseKind, string[]>>;
  loose: { max_other_words: number; social_kinds: PhraseKind[]; question_words: string[] };
}

const data = parse(readFileSync(new URL('./lexicon/smalltalk.yaml', import.meta.url), 'utf8')) as SmallTalkFile;
const ORDER = Object.keys(data.kinds) as PhraseKind[];
const FILLER = '__filler__';
const LAUGHTER = new RegExp(data.laughter);
/** One-word forms of a kind, as regular expressions ("okê", "ukm", "haizz"). */
const WORD_CLASSES = Object.entries(data.word_classes).flatMap(([kind, list]) =>
  (list ?? []).map((p) => ({ kind: kind as PhraseKind, re: new RegExp(p) })),
);
const SOCIAL = new Set<SmallTalkKind>(data.loose.social_kinds);
const QUESTION_WORDS = data.loose.question_words.map((p) => p.split(' '));

/** Phrase (as words) → its kind; the longest phrases are tried first, kinds before filler. */
const PHRASES: { words: string[]; kind: PhraseKind | typeof FILLER }[] = [
  ...ORDER.flatMap((kind) => data.kinds[kind].map((p) => ({ words: p.split(' '), kind }))),
  ...Object.values(data.filler)
    .flat()
    .map((p) => ({ words: p.split(' '), kind: FILLER as typeof FILLER })),
].sort((a, b) => b.words.length - a.words.length);

/** The phrases by their first word (order kept), so a message's words look up only the phrases they can start. */
const PHRASES_BY_FIRST = new Map<string, typeof PHRASES>();
for (const p of PHRASES) {
  const list = PHRASES_BY_FIRST.get(p.words[0]!);
  if (list) list.push(p);
  else PHRASES_BY_FIRST.set(p.words[0]!, [p]);
}

/** Every word of the lexicon, to tell a known word from one typed with repeated letters. */
const KNOWN = new Set(PHRASES.flatMap((p) => p.words));

/** The message folded for phrase matching: no accents, lower case, words only, chat shorthand expanded. */
export function foldForMatching(text: string): string {
  const words = text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return foldDiacritics(words.map((w) => SHORTHAND.get(w)?.join(' ') ?? w).join(' '));
}

/** "okkk" → "ok", "vângggg" → "vang", "camonnn" → "camon": letters held down squeezed, for unknown words only. */
export function squeezeRepeats(word: string): string {
  if (KNOWN.has(word) || SHORTHAND.has(word)) return word;
  const once = word.replace(/(\p{L})\1+/gu, '$1');
  return foldForMatching(once);
}

/** The message as folded words, laughter marked, repeated letters squeezed. */
function wordsOf(text: string): string[] {
  const raw = text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return raw.flatMap((w) => {
    const f = foldDiacritics(w);
    if (LAUGHTER.test(f)) return ['haha'];
    const expanded = foldForMatching(w);
    return expanded.split(' ').flatMap((x) => squeezeRepeats(x).split(' '));
  });
}

const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3|[\s!.?:;()<>3^_=-]|:\)|:D|=\))+$/u;

/** Text emoticons typed as one word: ":v", "^^", "^_^", ":P", "xD", ":((", "<3". */
const EMOTICON = /^(?:[:;=8xX][-']?[)(DPpvVoO3|\][*]+|\^+[_.-]?\^+|<3+|[Tt]_[Tt]|-_-)$/u;

/** Longest message (in words) read as small talk. */
const MAX_WORDS = 12;

/**
 * What the words of a message are made of: the small-talk kinds found and the words that are none of it.
 * The split leaving the fewest other words wins ("thoát ra ngoài" is "thoát" + "ra ngoài", not
 * "thoát ra" + "ngoài"); ties go to fewer, longer phrases.
 */
function parseWords(words: string[]): { found: Set<SmallTalkKind>; other: string[] } {
  type Step = { cost: number; parts: number; next: number; kind?: SmallTalkKind; other?: string };
  const best: Step[] = new Array(words.length + 1);
  best[words.length] = { cost: 0, parts: 0, next: words.length };
  for (let i = words.length - 1; i >= 0; i--) {
    const rest = best[i + 1]!;
    let step: Step = { cost: rest.cost + 1, parts: rest.parts + 1, next: i + 1, other: words[i] };
    const consider = (s: Step) => {
      if (s.cost < step.cost || (s.cost === step.cost && s.parts < step.parts)) step = s;
    };
    if (words[i] === 'haha') consider({ cost: rest.cost, parts: rest.parts + 1, next: i + 1, kind: 'ack' });
    const wordClass = WORD_CLASSES.find((c) => c.re.test(words[i]!));
    if (wordClass) consider({ cost: rest.cost, parts: rest.parts + 1, next: i + 1, kind: wordClass.kind });
    for (const p of PHRASES_BY_FIRST.get(words[i]!) ?? []) {
      const end = i + p.words.length;
      if (end > words.length || !p.words.every((w, k) => words[i + k] === w)) continue;
      const after = best[end]!;
      consider({ cost: after.cost, parts: after.parts + 1, next: end, kind: p.kind === FILLER ? undefined : p.kind });
    }
    best[i] = step;
  }
  const found = new Set<SmallTalkKind>();
  const other: string[] = [];
  for (let i = 0; i < words.length; ) {
    const s = best[i]!;
    if (s.kind) found.add(s.kind);
    if (s.other) other.push(s.other);
    i = s.next;
  }
  return { found, other };
}

export const kindOf = (found: Set<SmallTalkKind>): SmallTalkKind => (found.size ? ORDER.find((k) => found.has(k))! : 'ack');

/** A message read once for small talk: its words (folded, squeezed) and how they split. */
export interface SmallTalkReading {
  text: string;
  words: string[];
  found: Set<SmallTalkKind>;
  other: string[];
}

/** Reads a message for small talk; undefined when empty or longer than {@link MAX_WORDS} words. */
export function readSmallTalk(text: string): SmallTalkReading | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const words = wordsOf(t);
  if (!words.length || words.length > MAX_WORDS) return undefined;
  return { text: t, words, ...parseWords(words) };
}

/**
 * What kind of small talk the message is, or undefined when it is anything else (a question, a name…).
 * Every word must belong to a small-talk phrase, be a filler (forms of address, particles) or laughter;
 * with several kinds, the one listed first in the data file wins; only fillers make an acknowledgement.
 * `reading` is the message already read by {@link readSmallTalk}, when the caller has it.
 */
export function smallTalkKind(text: string, reading: SmallTalkReading | undefined = readSmallTalk(text)): SmallTalkKind | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (EMOJI_ONLY.test(t) && /\p{Extended_Pictographic}|:\)|:D|<3|=\)/u.test(t)) return 'emoji';
  if (t.split(/\s+/).every((w) => EMOTICON.test(w))) return 'emoji';
  if (!reading || reading.other.length) return undefined;
  return kindOf(reading.found);
}

/**
 * A message that is small talk but for one or two other words ("cảm ơn nha bạn hiền", "chào cháu, bác
 * là người mới"): its kind and those words, when it has a social phrase (thanks, greeting, farewell…),
 * no question word and no number. The caller decides, from the lessons, whether the other words carry
 * a question (they then get searched as usual).
 */
export function looseSmallTalk(
  text: string,
  reading: SmallTalkReading | undefined = readSmallTalk(text),
): { kind: SmallTalkKind; other: string[] } | undefined {
  if (!reading || /\d/.test(reading.text)) return undefined;
  const { words, found, other } = reading;
  if (!other.length || other.length > data.loose.max_other_words) return undefined;
  if (![...found].some((k) => SOCIAL.has(k))) return undefined;
  if (QUESTION_WORDS.some((q) => words.some((_, i) => q.every((w, k) => words[i + k] === w)))) return undefined;
  return { kind: kindOf(new Set([...found].filter((k) => SOCIAL.has(k)))), other };
}
