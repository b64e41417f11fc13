import { existsSync } from 'node:fs';
import type { Answer } from '../../src/assistant/types.js';
import { foldDiacritics } from '../../src/knowledge/normalize.js';
import { percentile, readJsonl } from './ir-dataset.js';

/**
 * A set of citizens' messages with what should happen to each: `answer` (a question a lesson answers,
 * with its topic and facts the answer should hold), `smalltalk`, `quit`, `decline` (out of scope or
 * harmful). The shared domain set's kinds (`in-scope`, anything else) are mapped onto these.
 */
export interface SetQuestion {
  id?: string;
  kind: 'answer' | 'smalltalk' | 'quit' | 'decline';
  topic?: string | null;
  text: string;
  expect_any?: string[];
}

export function readQuestionSet(path: string): SetQuestion[] | undefined {
  if (!existsSync(path)) return undefined;
  return readJsonl<Omit<SetQuestion, 'kind'> & { kind: string }>(path).map((q) => ({
    ...q,
    kind: q.kind === 'in-scope' ? 'answer' : ['answer', 'smalltalk', 'quit', 'decline'].includes(q.kind) ? q.kind : 'decline',
  })) as SetQuestion[];
}

export interface SetMetrics {
  questions: number;
  inScope: number;
  /** In-scope questions answered confidently (intent answer) with the right topic first. */
  answeredRight: number;
  /** In-scope questions whose right topic is among the answer's or the clarification's sources. */
  helped: number;
  /** In-scope questions answered confidently from another topic, plus declines-to-be answered confidently. */
  wrongConfident: number;
  /** In-scope questions answered confidently whose answer holds one of the expected facts. */
  expectHit: number;
  clarified: number;
  declinedInScope: number;
  outside: number;
  declinedOutside: number;
  smalltalk: number;
  smalltalkRecognised: number;
  p95Ms: number;
  /** Per question, for looking into failures. */
  details: { q: SetQuestion; intent: string; topics: string[] }[];
}

const contains = (text: string, terms: string[]) => terms.some((t) => foldDiacritics(text).includes(foldDiacritics(t)));

/** Runs every message of a set through `answer` and counts what happened. */
export async function evaluateSet(questions: SetQuestion[], answer: (text: string) => Promise<Answer>): Promise<SetMetrics> {
  const m: SetMetrics = {
    questions: questions.length, inScope: 0, answeredRight: 0, helped: 0, wrongConfident: 0, expectHit: 0, clarified: 0,
    declinedInScope: 0, outside: 0, declinedOutside: 0, smalltalk: 0, smalltalkRecognised: 0, p95Ms: 0, details: [],
  };
  const times: number[] = [];
  for (const q of questions) {
    const t0 = performance.now();
    const a = await answer(q.text);
    times.push(performance.now() - t0);
    const intent = a.intent;
    const topics = a.sources.map((s) => s.topic);
    m.details.push({ q, intent, topics });
    if (q.kind === 'answer') {
      m.inScope++;
      if (intent === 'answer' && topics[0] === q.topic) m.answeredRight++;
      if (intent === 'answer' && topics[0] !== q.topic) m.wrongConfident++;
      if ((intent === 'answer' || intent === 'clarify') && topics.includes(q.topic as never)) m.helped++;
      if (intent === 'answer' && contains(a.answer, q.expect_any ?? [])) m.expectHit++;
      if (intent === 'clarify') m.clarified++;
      if (intent === 'decline') m.declinedInScope++;
    } else if (q.kind === 'decline') {
      m.outside++;
      if (intent === 'decline') m.declinedOutside++;
      if (intent === 'answer') m.wrongConfident++;
    } else {
      m.smalltalk++;
      if (intent === 'smalltalk') m.smalltalkRecognised++;
    }
  }
  times.sort((x, y) => x - y);
  m.p95Ms = percentile(times, 95);
  return m;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');

export const SET_TABLE_HEADER =
  '| set | in scope | right topic, answered | helped (answer or clarify) | clarified | wrong confident | expect_any hit | out of scope + harmful declined | small talk + quit recognised | p95 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|';

export function setTableRow(name: string, m: SetMetrics): string {
  return `| ${name} | ${m.inScope} | ${pct(m.answeredRight, m.inScope)} | ${pct(m.helped, m.inScope)} | ${pct(m.clarified, m.inScope)} | ${pct(m.wrongConfident, m.inScope + m.outside)} | ${pct(m.expectHit, m.inScope)} | ${pct(m.declinedOutside, m.outside)} (${m.declinedOutside}/${m.outside}) | ${pct(m.smalltalkRecognised, m.smalltalk)} (${m.smalltalkRecognised}/${m.smalltalk}) | ${m.p95Ms.toFixed(2)} |`;
}
