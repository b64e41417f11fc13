import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { foldForMatching } from './smalltalk.js';

/**
 * Requests declined whatever the lessons hold: spying on someone, looking up or using other people's
 * data, forging documents, taking over or trading accounts, getting round identity checks, running scams,
 * laundering money. The patterns live in `lexicon/harmful.yaml`: regular expressions on the folded message
 * written with word families (`{account}`, `{target}`…), so one pattern covers many ways of saying it.
 */
export type HarmKind = string;

interface HarmfulFile {
  families: Record<string, string[]>;
  macros: Record<string, string>;
  patterns: Record<string, string[]>;
  unless: { kinds: string[]; patterns: string[] }[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Expands `{family}` (any of its phrases, longest first) and `{macro}` in a pattern. */
export function expandPattern(pattern: string, families: Record<string, string[]>, macros: Record<string, string> = {}): string {
  let out = pattern;
  for (let i = 0; i < 3 && /\{[a-z_]+\}/.test(out); i++) {
    out = out.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
      if (macros[name] !== undefined) return macros[name];
      const list = families[name];
      if (!list) return whole;
      return `(?:${[...list].sort((a, b) => b.length - a.length).map(escape).join('|')})`;
    });
  }
  if (/\{[a-z_]+\}/.test(out)) throw new Error(`harmful.yaml: unknown family in ${pattern}`);
  return out;
}

const data = parse(readFileSync(new URL('./lexicon/harmful.yaml', import.meta.url), 'utf8')) as HarmfulFile;

const PATTERNS: { kind: HarmKind; re: RegExp }[] = Object.entries(data.patterns).flatMap(([kind, list]) =>
  list.map((p) => ({ kind, re: new RegExp(expandPattern(p, data.families, data.macros)) })),
);
const UNLESS = data.unless.map((u) => ({
  kinds: new Set(u.kinds),
  res: u.patterns.map((p) => new RegExp(expandPattern(p, data.families, data.macros))),
}));

/** The kind of harmful request the message is, if it is one. */
export function harmfulKind(text: string): HarmKind | undefined {
  const folded = foldForMatching(text);
  // Kinds the writer's wording rules out (asking for advice, or being the target themselves).
  const excused = new Set(UNLESS.filter((u) => u.res.some((re) => re.test(folded))).flatMap((u) => [...u.kinds]));
  return PATTERNS.find((p) => !excused.has(p.kind) && p.re.test(folded))?.kind;
}
