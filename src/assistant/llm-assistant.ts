import type { Curriculum } from '../content/loader.js';
import type { Lesson } from '../content/schema.js';
import { Deadline } from '../lib/deadline.js';
import type { Logger } from '../lib/logger.js';
import type { AnswerCache, CachedAnswer } from './answer-cache.js';
import type { ChatRunner } from './chat-model.js';
import { DEFAULT_BUDGET, formatPassages, leakMarkers, parseModelAnswer, renumberCitations, selectPassages, type PassageBudget } from './citations.js';
import { formatHistory, MEMORY, needsCondensing, parseCondensed, shortAnswer, type ChatTurn, type ChatTurnStore } from './condense.js';
import type { DenseRanker } from './embeddings.js';
import type { ExtractiveAssistant } from './extractive.js';
import type { SmallTalkKind } from './smalltalk.js';
import type { Prompts } from './prompts.js';
import { detectSensitive, redactSensitive } from './safety.js';
import { citedSources, llmFallbackNote, sensitiveWarning } from '../core/texts.js';
import type { Answer, AnswerSource, AskContext, Assistant } from './types.js';
import type { UsageGuard } from './usage-guard.js';
import { lessonLink } from '../content/section-link.js';

/**
 * Grounded answers written by an OpenAI-compatible model, with the extractive answer as the safety net.
 *
 * For each question: safety checks (prompt attacks declined, sensitive data warned about, redacted
 * before anything leaves the process) → a follow-up is condensed with this conversation's own recent
 * turns → answer cache → daily token guard → lexical retrieval with the calibrated relevance gate
 * (nothing relevant: the foundation's "not covered" reply, no model call) → dense re-ranking when
 * embeddings are configured → the model sees the numbered passages and the question, never in the
 * system prompt → its reply is checked (citations, safety) and its [n] mapped to the lessons' titles
 * and official links.
 *
 * Every failure — timeout (`timeoutMs` bounds all model calls of one question), 429, 5xx, a malformed
 * or unusable reply, a citation to no passage, an answer citing nothing — gives the extractive answer
 * with a short note (`mode: "extractive"`): the citizen always gets an answer or an honest "don't know".
 * The model saying the passages do not hold the answer gives `grounded: false` and the refusal reply.
 */
export interface LlmAssistantDeps {
  curriculum: Curriculum;
  extractive: ExtractiveAssistant;
  prompts: Prompts;
  model: ChatRunner;
  turns: ChatTurnStore;
  cache: AnswerCache;
  usage: UsageGuard;
  /** Present when an embedding model is configured. */
  dense?: DenseRanker;
  logger: Logger;
  now: () => Date;
  /** Deadline for all model calls of one question, in ms. */
  timeoutMs: number;
  budget?: PassageBudget;
}

/** Removes the prompt templates' `<<<` / `>>>` fences from user text. */
export function unfence(text: string): string {
  return text.replace(/<{3,}|>{3,}/g, ' ');
}

/** Lexical candidates considered before fusing and selecting. */
const CANDIDATES = 30;

export class LlmAssistant implements Assistant {
  private readonly closing = new AbortController();
  private readonly lessons: Map<string, Lesson>;
  private readonly leaks: string[];
  private readonly budget: PassageBudget;
  private lastPurgeMs = 0;

  constructor(private readonly d: LlmAssistantDeps) {
    this.lessons = new Map(d.curriculum.lessons.map((l) => [l.id, l]));
    this.leaks = leakMarkers(d.prompts.system);
    this.budget = d.budget ?? DEFAULT_BUDGET;
  }

  /** Small talk is read as without a model: the word lists and the intent model. */
  smallTalk(text: string): SmallTalkKind | undefined {
    return this.d.extractive.smallTalk(text);
  }

  async answer(question: string, context: AskContext = {}): Promise<Answer> {
    // One deadline for every model and embedding call of this question (GC-proof: see lib/deadline).
    const deadline = new Deadline(this.d.timeoutMs, this.closing.signal);
    try {
      return await this.pipeline(question.normalize('NFC').trim(), context, deadline.signal);
    } catch (err) {
      // Anything unexpected (a full disk, a bug): still an answer, from the lessons, without touching the store.
      this.d.logger.error('answer pipeline failed, extractive answer sent', { err });
      const ex = await this.d.extractive.fallbackAnswer(question);
      return { ...ex, mode: 'extractive' };
    } finally {
      deadline.dispose();
    }
  }

  private async pipeline(q: string, context: AskContext, deadline: AbortSignal): Promise<Answer> {
    // Empty questions, small talk, prompt attacks and harmful requests: the extractive replies, no model involved.
    const first = q ? this.d.extractive.understand(q) : undefined;
    if (!first || first.intent === 'smalltalk' || (first.intent === 'decline' && first.harmful)) {
      return { ...(await this.d.extractive.answer(q)), mode: 'llm' };
    }
    const sensitive = detectSensitive(q).length > 0;
    const prefix = sensitive ? sensitiveWarning(detectSensitive(q)) + '\n\n' : '';
    // Redacted before it can leave the process; the prompt's <<< >>> fences cannot be closed from inside.
    const asked = unfence(sensitive ? redactSensitive(q) : q);
    const shown = redactSensitive(q);
    const key = context.conversationKey;

    let standalone = asked;
    const turns = key ? this.d.turns.recent(key, this.d.now().getTime() - MEMORY.maxAgeMs, MEMORY.keep) : [];
    if (turns.length && needsCondensing(asked, turns, this.d.extractive.relevantHits(asked, 1).length > 0)) {
      if (!this.d.usage.allows()) return this.overLimit(key, q, sensitive ? q : asked, sensitive);
      standalone = await this.condense(turns, asked, deadline);
    }

    const cached = sensitive ? undefined : this.d.cache.get(standalone);
    if (cached) {
      this.d.usage.record({ cacheHits: 1 });
      return this.finish(key, q, sensitive, { question: shown, ...cached, intent: cached.grounded ? 'answer' : 'decline', mode: 'llm' });
    }
    if (!this.d.usage.allows()) return this.overLimit(key, q, sensitive ? q : standalone, sensitive);

    // The model gets the passages whenever they are relevant at all and says itself when they do not
    // answer; "Có phải bạn muốn hỏi…?" is the model-less answer's way.
    const lexical = this.d.extractive.relevantHits(standalone, CANDIDATES);
    if (!lexical.length) return this.finish(key, q, sensitive, { ...this.d.extractive.decline(q, prefix), mode: 'llm' });
    const hits = this.d.dense ? await this.d.dense.rank(standalone, lexical, this.budget.maxPassages, deadline) : lexical;
    const selected = selectPassages(hits, this.budget);

    let reply;
    try {
      reply = await this.d.model.run(this.d.prompts.answer, { passages: formatPassages(selected), question: standalone }, deadline);
    } catch (err) {
      return this.fallback(key, q, sensitive ? q : standalone, sensitive, prefix, (err as { kind?: string }).kind ?? 'error');
    }
    this.d.usage.record({ answers: 1, modelCalls: 1, promptTokens: reply.usage.promptTokens, completionTokens: reply.usage.completionTokens });
    const parsed = parseModelAnswer(reply.text, selected.length, this.leaks);
    if (parsed.kind === 'rejected') return this.fallback(key, q, sensitive ? q : standalone, sensitive, prefix, parsed.reason);

    let result: CachedAnswer;
    if (parsed.kind === 'no-answer') {
      const decline = this.d.extractive.decline(q);
      result = { answer: decline.answer, grounded: false, sources: [] };
    } else {
      result = this.compose(parsed.text, parsed.cited, selected.map((s) => s.hit));
    }
    if (!sensitive) this.d.cache.put(standalone, result);
    return this.finish(key, q, sensitive, { question: shown, ...result, intent: result.grounded ? 'answer' : 'decline', answer: prefix + result.answer, mode: 'llm' });
  }

  /** Stops waiting for the model (in-flight questions fall back). */
  async close(): Promise<void> {
    this.closing.abort();
  }

  private async condense(turns: ChatTurn[], question: string, signal: AbortSignal): Promise<string> {
    try {
      const reply = await this.d.model.run(this.d.prompts.condense, { history: unfence(formatHistory(turns)), question }, signal);
      this.d.usage.record({ modelCalls: 1, promptTokens: reply.usage.promptTokens, completionTokens: reply.usage.completionTokens });
      return parseCondensed(reply.text, question);
    } catch (err) {
      this.d.logger.warn('follow-up condensation failed, using the question as asked', { kind: (err as { kind?: string }).kind });
      return question;
    }
  }

  /** The cited passages' lessons become the numbered sources, best ranked first; [n] follow suit. */
  private compose(text: string, cited: number[], hits: { passage: { lessonId: string }; score: number }[]): CachedAnswer {
    const order: string[] = [];
    const score = new Map<string, number>();
    hits.forEach((h, i) => {
      const id = h.passage.lessonId;
      score.set(id, Math.max(score.get(id) ?? -Infinity, h.score));
      if (cited.includes(i + 1) && !order.includes(id)) order.push(id);
    });
    const sourceOf = hits.map((h) => order.indexOf(h.passage.lessonId) + 1);
    const sources: AnswerSource[] = order.map((id) => {
      const lesson = this.lessons.get(id)!;
      return { lessonId: id, topic: lesson.topic, title: lesson.title, url: lessonLink(lesson).url, score: Math.round(score.get(id)! * 1e4) / 1e4 };
    });
    return { answer: `${renumberCitations(text, sourceOf)}\n\n${citedSources(sources)}`, grounded: true, sources };
  }

  /** The extractive answer with a short note, when the model could not give a usable one. */
  private async fallback(key: string | undefined, q: string, ask: string, sensitive: boolean, prefix: string, reason: string): Promise<Answer> {
    this.d.usage.record({ fallbacks: 1 });
    this.d.logger.warn('model answer replaced by the extractive one', { reason });
    const ex = await this.d.extractive.fallbackAnswer(ask);
    const body = prefix && ex.answer.startsWith(prefix) ? ex.answer.slice(prefix.length) : ex.answer;
    const answer = ex.grounded ? `${prefix}${llmFallbackNote}\n\n${body}` : `${prefix}${body}`;
    return this.finish(key, q, sensitive, { ...ex, question: redactSensitive(q), answer, mode: 'extractive' });
  }

  /** Today's token limit is reached: extractive mode until tomorrow. */
  private async overLimit(key: string | undefined, q: string, ask: string, sensitive: boolean): Promise<Answer> {
    this.d.usage.record({ overLimit: 1 });
    const ex = await this.d.extractive.fallbackAnswer(ask);
    return this.finish(key, q, sensitive, { ...ex, question: redactSensitive(q) });
  }

  /** Remembers the turn for follow-ups (never one that carried sensitive data) and returns the answer. */
  private finish(key: string | undefined, q: string, sensitive: boolean, answer: Answer): Answer {
    if (key && !sensitive) {
      const now = this.d.now().getTime();
      this.d.turns.add(key, { question: q.slice(0, MEMORY.questionChars), answer: shortAnswer(answer.answer), at: now }, MEMORY.keep);
      if (now - this.lastPurgeMs > 3600_000) {
        this.lastPurgeMs = now;
        this.d.turns.purgeBefore(now - MEMORY.maxAgeMs);
      }
    }
    return answer;
  }
}
