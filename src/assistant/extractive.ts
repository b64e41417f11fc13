import type { Curriculum } from '../content/loader.js';
import type { Lesson } from '../content/schema.js';
import { LessonRetriever } from '../knowledge/lesson-retriever.js';
import { tokenize } from '../knowledge/normalize.js';
import type { PassageHit, PassageRetriever } from '../knowledge/types.js';
import { intentModel, type IntentScorer } from './intent-model.js';
import { intentSignals, lessonVocabulary, unknownWords, wordLists } from './intent-signals.js';
import { decideWithModel, MAX_SUGGESTIONS, NO_POLICY, type IntentPolicy, type RuleReading } from './intent-policy.js';
import { detectSensitive, isPromptAttack, redactSensitive } from './safety.js';
import { sectionBlock, trimToBoundary } from './section-answer.js';
import { foldForMatching, looseSmallTalk, readSmallTalk, smallTalkKind, type SmallTalkKind } from './smalltalk.js';
import { clarifyText, emptyQuestion, notCovered, readMore, sensitiveWarning, smallTalkReply } from '../core/texts.js';
import type { Answer, AnswerSource, Assistant, Intent } from './types.js';
import { sectionLink } from '../content/section-link.js';

export { trimToBoundary } from './section-answer.js';

/**
 * When to answer, ask back or decline, from the best passage's score (BM25 over the section and its
 * question variants: the amount of evidence), its coverage (share of the question's information it
 * holds) and the best passage of another topic (a close one means the question sits between topics).
 * Calibrated on our own split of bench/data/questions.dev.jsonl (odd ids to choose, even ids to check;
 * see the README's calibration report). Raw scores depend on the corpus: re-run `npm run
 * bench:retrieval` after large content changes.
 */
export interface Thresholds {
  /** A confident answer needs at least this score… */
  answerScore: number;
  /** …or at least this coverage (short questions fully matched, "vietqr là gì")… */
  answerCoverage: number;
  /** …and the best passage of another topic scoring below this share of the best… */
  otherTopicRatio: number;
  /** …unless the best passage covers at least this share of the question. */
  clearCoverage: number;
  /**
   * Answered also below `answerScore` when the evidence clears `declineEvidence` and no passage of
   * another topic scores even this share of the best: nothing competes, so asking back does not help.
   */
  dominantRatio: number;
  /**
   * A passage of another topic whose heading shares at least this share of its words with the best's
   * (the shorter heading's, question words aside) answers the same question: it does not compete.
   */
  sameQuestionOverlap: number;
  /**
   * Declined when the evidence — score × √coverage: how much matched, and how much of the question —
   * is below this. Neither alone separates: short fully-matched questions score low ("vietqr là gì"),
   * off-topic ones can score on one shared phrase ("mua … ở đâu"). A question the best passage covers
   * almost whole (`answerCoverage`) is never declined, however short.
   */
  declineEvidence: number;
  /**
   * Declined also below this evidence when the question has a word no lesson uses ("wifi", "bitcoin")
   * and names nothing only the lessons are about.
   */
  unknownWordEvidence: number;
  /**
   * A message of small talk but for one or two words ("cảm ơn nha bạn hiền") is small talk when those
   * words alone score below this against the lessons (they carry no question the lessons answer).
   */
  smallTalkLeftover: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  answerScore: 25,
  answerCoverage: 0.75,
  otherTopicRatio: 0.8,
  clearCoverage: 0.5,
  dominantRatio: 0.5,
  sameQuestionOverlap: 0.6,
  declineEvidence: 10,
  unknownWordEvidence: 14,
  smallTalkLeftover: 6,
};

export interface ExtractiveOptions {
  /** Longest answer body in characters (before the "read more" line). */
  maxChars?: number;
  thresholds?: Partial<Thresholds>;
  /** A retriever to use instead of the lexical one over the lessons (hybrid retrieval plugs in here). */
  retriever?: PassageRetriever;
  /**
   * The message-intent model that revises the scores' reading (default: the committed one with its
   * cross-validated policy; `false`: word lists and scores only).
   */
  intents?: IntentScorer | false;
  /** The policy for {@link ExtractiveOptions.intents} (default: the one stored with the committed model). */
  policy?: IntentPolicy;
}

/**
 * A message that carries an OTP, a password, a card or citizen-id number and says it was already given
 * away ("tôi lỡ đưa mã otp 556677 rồi") is answered with the urgent steps, found by this question.
 */
const URGENT_QUESTION = 'bị lừa chuyển tiền rồi làm gì ngay';
const DISCLOSED = /\b(lo|da|vua|trot)\b.{0,30}\b(dua|doc|nhap|gui|cho|bam|noi|khai|chup)\b|\b(dua|doc|nhap|gui|noi|khai)\b.{0,40}\broi\b/;

/** Share of the shorter heading's words (folded, question words aside) that the other heading has too. */
export function headingOverlap(a: string, b: string): number {
  const words = (h: string) => new Set(foldForMatching(h).split(' ').filter((w) => w && !HEADING_STOP.has(w)));
  const x = words(a);
  const y = words(b);
  const shorter = x.size <= y.size ? x : y;
  const longer = shorter === x ? y : x;
  if (!shorter.size) return 0;
  return [...shorter].filter((w) => longer.has(w)).length / shorter.size;
}
const HEADING_STOP = new Set(['la', 'gi', 'thi', 'lam', 'sao', 'the', 'nao', 'co', 'khong', 'duoc', 'o', 'dau', 'nhu', 'ban', 'toi', 'minh', 'ra', 'va', 'cua', 'cho', 'ngay', 'roi', 'lo', 'bi']);

/** Least coverage of the best passage for the passages to go to a model (the earlier single threshold). */
const MODEL_MIN_COVERAGE = 0.29;

/** Messages whose reading is kept (the small-talk check, then the answer, of messages in flight). */
const UNDERSTOOD_KEPT = 256;

/** Passages read per message. */
const SEARCH_DEPTH = 30;

/** The closest distinct sections for "Có phải bạn muốn hỏi…?", best first. */
function suggestions(hits: PassageHit[]): PassageHit[] {
  const best = hits[0]!;
  return hits.filter((h, i) => i === 0 || h.score >= best.score * 0.5).slice(0, MAX_SUGGESTIONS);
}

/** What the assistant made of a question before writing a reply. */
export type Understanding =
  | { intent: 'smalltalk'; kind: SmallTalkKind }
  | { intent: 'decline'; harmful: boolean }
  | { intent: 'answer'; hits: PassageHit[] }
  | { intent: 'clarify'; hits: PassageHit[] };

/**
 * Answers a question from the lessons without any model: the best passage (and the next one from the same
 * lesson when it fits), trimmed to a readable length, ending with where to read more. Questions that match
 * nothing well enough, and attempts to extract prompts or others' data, get an honest "not covered" reply
 * listing the five topics. A question carrying an OTP, password, card number or citizen id is answered
 * after a warning, and is echoed back redacted.
 */
export class ExtractiveAssistant implements Assistant {
  private readonly retriever: PassageRetriever;
  private readonly lessons: Map<string, Lesson>;
  private readonly topicTitles: string[];
  private readonly maxChars: number;
  private readonly thresholds: Thresholds;
  private readonly intents: IntentScorer | undefined;
  private readonly policy: IntentPolicy;

  constructor(curriculum: Curriculum, options: ExtractiveOptions = {}) {
    this.retriever = options.retriever ?? new LessonRetriever(curriculum);
    this.lessons = new Map(curriculum.lessons.map((l) => [l.id, l]));
    this.topicTitles = curriculum.topics.map((t) => t.title);
    this.maxChars = options.maxChars ?? 900;
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
    if (options.intents === false) {
      this.intents = undefined;
      this.policy = NO_POLICY;
    } else if (options.intents) {
      this.intents = options.intents;
      this.policy = options.policy ?? NO_POLICY;
    } else {
      const model = intentModel();
      this.intents = model;
      this.policy = options.policy ?? model.policy ?? NO_POLICY;
    }
    this.lessonWords = lessonVocabulary(curriculum);
    this.vocabulary = new Set(this.lessonWords);
    for (const l of curriculum.lessons) for (const s of l.sections) for (const a of s.asks ?? []) tokenize(a).forEach((t) => this.vocabulary.add(t.folded));
  }

  /**
   * Decides what a message is: small talk, a request to decline (harmful, prompt attack, or nothing
   * close enough), a question to answer, or one close to several sections (clarify). Sensitive numbers
   * are taken out before searching, so "tôi lỡ đưa mã otp 556677 rồi" is searched as the rest.
   */
  understand(question: string): Understanding {
    const known = this.understood.get(question);
    if (known) return known;
    const u = this.understandNow(question);
    if (this.understood.size >= UNDERSTOOD_KEPT) this.understood.delete(this.understood.keys().next().value!);
    this.understood.set(question, u);
    return u;
  }

  /** The small-talk kind of a message, as {@link understand} reads it (the conversation asks first). */
  smallTalk(text: string): SmallTalkKind | undefined {
    const q = text.normalize('NFC').trim();
    if (!q) return undefined;
    const u = this.understand(q);
    return u.intent === 'smalltalk' ? u.kind : undefined;
  }

  /** Recent readings: the conversation's small-talk check and the answer read a message once. */
  private readonly understood = new Map<string, Understanding>();

  private understandNow(question: string): Understanding {
    const reading = this.read(question);
    if (reading.settled || !this.intents) return reading.rule;
    return decideWithModel(reading, this.intents.classify(reading.text, intentSignals(reading.text, this.lessonWords, reading.lists)), this.policy);
  }

  /**
   * What the word lists and the retrieval scores make of a message. `settled` when a word list decided
   * it for good (small talk, a prompt attack, an urgent disclosure): the intent model does not overrule
   * those. A harmful request or a listed other subject is declined (`listed`), and the model may overrule
   * that only when it is sure of a topic the scores agree with, or of small talk; otherwise `rule` is
   * what the scores alone say, which the model may revise.
   */
  read(question: string): RuleReading {
    const q = question.normalize('NFC').trim();
    const settled = (rule: Understanding): RuleReading => ({ text: q, rule, settled: true, hits: [], evidence: 0 });
    const reading = readSmallTalk(q); // read once, for whole and loose small talk
    const kind = smallTalkKind(q, reading);
    if (kind) return settled({ intent: 'smalltalk', kind });
    if (isPromptAttack(q)) return settled({ intent: 'decline', harmful: true });
    const lists = wordLists(q);
    const listed = lists.harmful ? { intent: 'decline' as const, harmful: true } : lists.offTopic ? { intent: 'decline' as const, harmful: false } : undefined;
    const loose = listed ? undefined : looseSmallTalk(q, reading);
    if (loose && (this.retriever.search(loose.other.join(' '), 1)[0]?.score ?? 0) < this.thresholds.smallTalkLeftover) {
      return settled({ intent: 'smalltalk', kind: loose.kind });
    }
    if (!listed && detectSensitive(q).length && DISCLOSED.test(foldForMatching(q))) {
      const urgent = this.retriever.search(URGENT_QUESTION, SEARCH_DEPTH);
      if (urgent.length) return settled({ intent: 'answer', hits: urgent });
    }
    // Deep enough that the intent model's topic has its closest sections among them when the scores
    // rank another topic first ("did you mean" on the model's topic).
    const hits = this.retriever.search(redactSensitive(q).replace(/\*{3}/g, ' '), SEARCH_DEPTH);
    const evidence = hits[0] ? hits[0].score * Math.sqrt(hits[0].coverage) : 0;
    const scores = this.byScores(q, hits, evidence, lists.namesLessonSubject);
    const base = { text: q, settled: false, hits, evidence, smallTalk: reading?.found, lists };
    return listed ? { ...base, rule: listed, listed: true, scores } : { ...base, rule: scores, scores };
  }

  /** What the retrieval scores alone say (see {@link Thresholds}). */
  private byScores(q: string, hits: PassageHit[], evidence: number, namesSubject: boolean): Understanding {
    const best = hits[0];
    const t = this.thresholds;
    if (!best) return { intent: 'decline', harmful: false };
    // A word the lessons never use, little evidence and nothing only the lessons are about: another subject.
    if (evidence < t.unknownWordEvidence && !namesSubject && this.unknownWords(q).length) return { intent: 'decline', harmful: false };
    if (evidence < t.declineEvidence && best.coverage < t.answerCoverage) {
      // Nothing close, but the question is about what the lessons teach: offer the closest sections.
      return namesSubject ? { intent: 'clarify', hits: suggestions(hits) } : { intent: 'decline', harmful: false };
    }
    // A passage of another topic competes unless it answers the same question (a section repeated in
    // two lessons: "Bị lừa chuyển tiền rồi, làm gì ngay?" / "Lỡ bị lừa chuyển tiền thì làm gì ngay?").
    const otherTopic =
      hits.find((h) => h.passage.topic !== best.passage.topic && headingOverlap(h.passage.heading, best.passage.heading) < t.sameQuestionOverlap)?.score ?? 0;
    const clear = (otherTopic < best.score * t.otherTopicRatio || best.coverage >= t.clearCoverage);
    if (clear && (best.score >= t.answerScore || best.coverage >= t.answerCoverage)) return { intent: 'answer', hits };
    if (otherTopic < best.score * t.dominantRatio && evidence >= t.declineEvidence) return { intent: 'answer', hits };
    return { intent: 'clarify', hits: suggestions(hits) };
  }

  /** The folded words of the lessons' own text, and with their question variants (built with the assistant, not on the first question). */
  private readonly lessonWords: Set<string>;
  private readonly vocabulary: Set<string>;

  /**
   * The question's words (folded syllables of two letters or more, question words aside) that no lesson,
   * heading or question variant uses: "wifi", "bitcoin", "xăng" — signs of a subject the lessons lack.
   */
  unknownWords(question: string): string[] {
    return unknownWords(question, this.vocabulary);
  }


  /**
   * Passages relevant enough to give a model (which says itself when they do not answer): the best must
   * hold at least this share of the question's information. Small talk and harmful requests never get here.
   */
  relevantHits(question: string, limit = 8): PassageHit[] {
    const hits = this.retriever.search(redactSensitive(question).replace(/\*{3}/g, ' '), limit);
    return hits[0] && hits[0].coverage >= MODEL_MIN_COVERAGE ? hits : [];
  }

  /**
   * The extractive answer that stands in for a model's (timeout, error, token limit): small talk and
   * harmful requests as always, otherwise quoted from the relevant passages the model would have had.
   */
  async fallbackAnswer(question: string): Promise<Answer> {
    const q = question.normalize('NFC').trim();
    const u = q ? this.understand(q) : undefined;
    if (!u || u.intent === 'smalltalk' || (u.intent === 'decline' && u.harmful) || u.intent === 'answer') return this.answer(q);
    const hits = this.relevantHits(q);
    return hits.length ? this.reply(q, { intent: 'answer', hits }) : this.answer(q);
  }

  /** The best passages for a question, or none when it is not one to answer confidently. */
  retrieve(question: string, limit = 8): PassageHit[] {
    const u = this.understand(question);
    return u.intent === 'answer' ? u.hits.slice(0, limit) : [];
  }

  /** The lessons behind the hits, best first, one entry per lesson, each pointing to its best section. */
  sourcesOf(hits: PassageHit[], max = 3): AnswerSource[] {
    const seen = new Set<string>();
    const out: AnswerSource[] = [];
    for (const h of hits) {
      if (seen.has(h.passage.lessonId) || out.length >= max) continue;
      seen.add(h.passage.lessonId);
      out.push(this.sourceOf(h));
    }
    return out;
  }

  private sourceOf(h: PassageHit): AnswerSource {
    const lesson = this.lessons.get(h.passage.lessonId)!;
    return {
      lessonId: lesson.id,
      topic: lesson.topic,
      title: lesson.title,
      url: sectionLink(lesson, h.passage.heading).url,
      score: Math.round(h.score * 1000) / 1000,
      heading: h.passage.heading,
      section: h.passage.section,
    };
  }

  /** The reply for a question the assistant does not cover (or declines). */
  decline(question: string, prefix = ''): Answer {
    return {
      question: redactSensitive(question),
      answer: prefix + notCovered(this.topicTitles),
      grounded: false,
      mode: 'extractive',
      intent: 'decline',
      sources: [],
    };
  }

  async answer(question: string): Promise<Answer> {
    const q = question.normalize('NFC').trim();
    if (!q) return { question: '', answer: emptyQuestion, grounded: false, mode: 'extractive', intent: 'decline', sources: [] };
    return this.reply(q, this.understand(q));
  }

  /** Writes the reply for an understood question. */
  reply(question: string, u: Understanding): Answer {
    const q = question.normalize('NFC').trim();
    const sensitive = detectSensitive(q);
    const prefix = sensitive.length ? sensitiveWarning(sensitive) + '\n\n' : '';
    const base = { question: redactSensitive(q), mode: 'extractive' as const };
    switch (u.intent) {
      case 'smalltalk':
        return { ...base, answer: prefix + smallTalkReply(u.kind), grounded: false, intent: 'smalltalk', sources: [] };
      case 'decline':
        return this.decline(q, prefix);
      case 'clarify':
        return {
          ...base,
          answer: prefix + clarifyText(u.hits.map((h) => ({ heading: h.passage.heading || h.passage.lessonTitle, lesson: h.passage.lessonTitle }))),
          grounded: false,
          intent: 'clarify' satisfies Intent,
          sources: u.hits.map((h) => this.sourceOf(h)),
        };
      case 'answer':
        return {
          ...base,
          answer: prefix + this.compose(u.hits) + '\n\n' + this.readMoreFor(u.hits[0]!),
          grounded: true,
          intent: 'answer',
          sources: this.sourcesOf(u.hits),
        };
    }
  }

  /** "📖 Đọc thêm": the lesson's title, linked to the source that backs the best passage's section. */
  private readMoreFor(best: PassageHit): string {
    const lesson = this.lessons.get(best.passage.lessonId)!;
    return readMore(lesson.title, sectionLink(lesson, best.passage.heading).url);
  }

  /** The best passage, plus the next best from the same lesson when it is nearly as good and fits. */
  private compose(hits: PassageHit[]): string {
    const [best, ...rest] = hits as [PassageHit, ...PassageHit[]];
    const block = (h: PassageHit) => sectionBlock(h.passage.heading, h.passage.text);
    let body = block(best);
    const extra = rest.find((h) => h.passage.lessonId === best.passage.lessonId && h.score >= best.score * 0.75);
    if (extra && body.length + extra.passage.text.length + 2 <= this.maxChars) body += '\n\n' + block(extra);
    return trimToBoundary(body, this.maxChars);
  }
}
