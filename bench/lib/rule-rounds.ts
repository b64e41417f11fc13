import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR, loadRuleData, type RuleData } from '../../src/scamcheck/rule-data.js';
import { DEV_FILE, parseLabelled, type LabelledMessage } from '../../src/scamcheck/resemblance-train.js';

/**
 * Rule rounds replayed from git history: each commit that added dev messages together with new rules
 * (red-flags.yaml) is a round. Before the round, those messages were unseen by the rules and by any
 * model trained on the dev file — the honest situation of a new message. For each round this gives
 * the rule data and the dev messages as they were just before it (the parent commit) and the messages
 * the round added. The rule code is today's; only the data files are the old ones.
 */
export interface RuleRound {
  commit: string;
  subject: string;
  /** Rule data as of the parent commit. */
  data: RuleData;
  /** The dev file as of the parent commit. */
  before: LabelledMessage[];
  /** The messages the round added. */
  added: LabelledMessage[];
}

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** The last `count` rounds, newest first; a string saying why when git history is not available. */
export function ruleRounds(count: number): RuleRound[] | string {
  let log: string;
  try {
    log = git(['log', '--format=%H%x09%s', '--', DEV_FILE]);
  } catch {
    return 'git history not available';
  }
  const rounds: RuleRound[] = [];
  for (const line of log.split('\n').filter(Boolean)) {
    if (rounds.length >= count) break;
    const [commit, subject = ''] = line.split('\t') as [string, string?];
    const changed = git(['show', '--format=', '--name-only', commit]).split('\n');
    if (!changed.includes('src/scamcheck/data/red-flags.yaml')) continue;
    let beforeText: string;
    try {
      beforeText = git(['show', `${commit}^:${DEV_FILE}`]);
    } catch {
      continue;
    }
    const before = parseLabelled(beforeText, `${commit}^:${DEV_FILE}`);
    const known = new Set(before.map((m) => m.id));
    const added = parseLabelled(git(['show', `${commit}:${DEV_FILE}`]), `${commit}:${DEV_FILE}`).filter((m) => !known.has(m.id));
    if (!added.some((m) => m.label === 'scam')) continue;
    const dir = mkdtempSync(join(tmpdir(), 'rule-round-'));
    try {
      for (const file of readdirSync(DATA_DIR).filter((f) => f.endsWith('.yaml'))) {
        try {
          writeFileSync(join(dir, file), git(['show', `${commit}^:src/scamcheck/data/${file}`]));
        } catch {
          copyFileSync(join(DATA_DIR, file), join(dir, file));
        }
      }
      rounds.push({ commit: commit.slice(0, 7), subject, data: loadRuleData(dir), before, added });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rounds;
}
