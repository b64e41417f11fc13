import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { foldForMatching } from './smalltalk.js';

/**
 * Requests declined whatever the lessons hold: spying on someone's messages, forging documents, taking
 * over or trading accounts, running scams. The patterns live in `lexicon/harmful.yaml` (regular expressions
 * on the folded message), grouped by kind.
 */
export type HarmKind = string;

const PATTERNS: { kind: HarmKind; re: RegExp }[] = Object.entries(
  parse(readFileSync(new URL('./lexicon/harmful.yaml', import.meta.url), 'utf8')) as Record<string, string[]>,
).flatMap(([kind, list]) => list.map((p) => ({ kind, re: new RegExp(p) })));

/** The kind of harmful request the message is, if it is one. */
export function harmfulKind(text: string): HarmKind | undefined {
  const folded = foldForMatching(text);
  return PATTERNS.find((p) => p.re.test(folded))?.kind;
}
