import { KeyedQueue } from '../lib/keyed-queue.js';
import { silentLogger } from '../lib/logger.js';
import { MAX_ACTION_BYTES, parseAction } from './actions.js';
import { hasButtons, matchChoiceLabel, parseChoiceInput } from './choices.js';
import { parseAddressForm } from './address-form.js';
import { captionAsksCheck, checkRequestWithText, isSkipWord, parseCommand, parseYesNo, type ParsedCommand } from './commands.js';
import { smallTalkKind, type SmallTalkKind } from '../assistant/smalltalk.js';
import { askAssistant, showSection } from './flows/ask.js';
import { officerSignIn } from './flows/officer-sign-in.js';
import { menu, reply, type ConversationDeps, type FlowDeps, type Turn } from './flows/context.js';
import { chooseTopic, lessonPage, topicLessons } from './flows/lessons.js';
import {
  addressChosen,
  askAddress,
  askCommune,
  askDelete,
  communePicked,
  communeSkipped,
  communeTyped,
  confirmDelete,
  notifySettings,
  setSubscribed,
  start,
} from './flows/onboarding.js';
import { officerAction, officerText } from './flows/officer.js';
import { showProgress } from './flows/progress.js';
import { greetNew, greetReturning } from './flows/resume.js';
import { askForCheck, checkMessage, checkPhoto } from './flows/scam-check.js';
import { answer, askCurrent, chooseQuiz, startLessonQuiz, startQuiz } from './flows/quiz.js';
import { readState } from './state.js';
import { addressAs, lessonLeft, quizLeft, scamTexts, smallTalkReply, smallTalkShort, texts, type AddressForm } from './texts.js';
import type { ChannelId, HandleOptions, Inbound, MessageHandler, Outbound } from './types.js';

export type { ConversationDeps } from './flows/context.js';

/** Longer messages get a kind "too long" reply instead of being handled. */
export const MAX_TEXT_CHARS = 2000;

interface Routed {
  out: Outbound[];
  /** The learner's data was deleted: write nothing more for them. */
  deleted?: boolean;
}

/** Text that is a question for the assistant: answered after the synchronous part is committed. */
interface AskLater {
  ask: { text: string; inQuestion: boolean };
}

/** Without a unit of work, each write commits on its own. */
const noUnitOfWork = { run: <T>(fn: () => T): T => fn() };

/** A reply in the person's form of address: `{bạn}` in texts and labels becomes “ông”, “chị”… (texts.ts). */
function addressed(o: Outbound, form: AddressForm | undefined): Outbound {
  const text = addressAs(o.text, form);
  if (!o.choices) return text === o.text ? o : { ...o, text };
  return { ...o, text, choices: o.choices.map((c) => ({ ...c, label: addressAs(c.label, form) })) };
}

function withoutChoices(o: Outbound): Outbound {
  const { choices: _choices, ...rest } = o;
  return rest;
}

/** "Choose one": by button where choices are buttons, by number elsewhere. */
function pick(turn: Turn, n: number): string {
  return hasButtons(turn.inbound.channel) ? texts.pickButton : texts.pickNumber(n);
}

/** Text that reads like a question rather than a short answer: it has a "?" or several words. */
function looksLikeQuestion(text: string, minWords: number): boolean {
  return text.includes('?') || text.trim().split(/\s+/).length >= minWords;
}

/**
 * The channel-agnostic heart (DESIGN.md): decides what an {@link Inbound} means — a command, a button
 * action, a numbered answer to the last choices, the awaited commune name, a quiz answer, or a question
 * for the assistant — and returns the replies. Each person's messages are handled in order (KeyedQueue);
 * what the chat waits for is stored in SQLite after every message that changed it, so a restart resumes where it was.
 * Never throws: an unexpected error is logged (without the message text) and answered kindly.
 */
export class Conversation implements MessageHandler {
  private readonly deps: FlowDeps;
  private readonly clock: () => Date;
  private readonly queue: KeyedQueue;
  private readonly unitOfWork: NonNullable<ConversationDeps['unitOfWork']>;

  constructor(deps: ConversationDeps) {
    const { clock, queue, logger, unitOfWork, ...rest } = deps;
    this.deps = { ...rest, logger: logger ?? silentLogger };
    this.unitOfWork = unitOfWork ?? noUnitOfWork;
    this.clock = clock ?? (() => new Date());
    this.queue = queue ?? new KeyedQueue();
  }

  /** `options.keep`, when given, is called with the replies inside the transaction that saves the state. */
  handle(inbound: Inbound, options: HandleOptions = {}): Promise<Outbound[]> {
    return this.queue.run(`${inbound.channel}:${inbound.userId}`, () => this.process(inbound, options));
  }

  /**
   * What a chat that shows no history (the web page, opened or reopened) displays first: for someone
   * never seen, the `/start` greeting and first setup question, without creating a learner (that
   * happens at their first real message, sent with `greeted: true`); for a known person, welcome back
   * and what the chat is waiting for. Writes nothing but the time a pending quiz question was shown.
   */
  greeting(channel: ChannelId, userId: string): Promise<Outbound[]> {
    return this.queue.run(`${channel}:${userId}`, async () => {
      try {
        const now = this.clock();
        const learner = this.deps.learners.find(channel, userId);
        if (!learner) {
          const stamp = now.toISOString();
          const nobody = {
            id: 0, channel, platformUserId: userId, chatId: userId, communeAsked: false, addressAsked: false,
            unreachable: false, createdAt: stamp, updatedAt: stamp, lastActiveAt: stamp,
          };
          const turn: Turn = { inbound: { channel, chatId: userId, userId, kind: 'text' }, learner: nobody, state: {}, now, created: true };
          return greetNew(this.deps, turn).map((o) => addressed(o, undefined));
        }
        const turn: Turn = { inbound: { channel, chatId: learner.chatId, userId, kind: 'text' }, learner, state: readState(this.deps.states.get(learner.id)), now, created: false };
        return greetReturning(this.deps, turn).map((o) => addressed(o, learner.addressForm));
      } catch (err) {
        this.deps.logger.error('greeting failed', { channel, err });
        return [{ text: addressAs(texts.error) }];
      }
    });
  }

  private async process(inbound: Inbound, options: HandleOptions): Promise<Outbound[]> {
    try {
      // Before the learner is read: the neutral form of address.
      if (inbound.kind === 'unsupported') return [{ text: addressAs(texts.unsupported) }];
      if (inbound.kind === 'image') return await this.onImage(inbound, options);
      if (inbound.kind === 'text' && (inbound.text ?? '').length > MAX_TEXT_CHARS) return [{ text: addressAs(texts.tooLong) }];
      const now = this.clock();
      // Everything up to a question for the assistant is synchronous: one transaction. A message that
      // needs no assistant (a button, a command, a quiz answer) is thus a single commit.
      const { turn, before, result } = this.unitOfWork.run(() => {
        const turn = this.begin(inbound, now);
        // A state set up by the greeting (see begin) is new: always stored.
        const before = turn.created && inbound.greeted ? '' : JSON.stringify(turn.state);
        const routed = inbound.kind === 'action' ? this.onAction(turn, inbound.action ?? '') : this.onText(turn);
        return { turn, before, result: 'ask' in routed ? routed : this.finish(turn, routed, before, options) };
      });
      if (Array.isArray(result)) return result;
      const answered = await this.ask(turn, result.ask);
      return this.unitOfWork.run(() => this.finish(turn, answered, before, options));
    } catch (err) {
      this.deps.logger.error('conversation failed', { channel: inbound.channel, kind: inbound.kind, err });
      return [{ text: addressAs(texts.error) }];
    }
  }

  /**
   * A photo: read as a QR code when a check was asked for (or its caption asks for one), otherwise a
   * kind hint. The picture is fetched outside the transaction; the state is saved afterwards.
   */
  private async onImage(inbound: Inbound, options: HandleOptions): Promise<Outbound[]> {
    const now = this.clock();
    const first = this.unitOfWork.run(() => {
      const turn = this.begin(inbound, now);
      const before = JSON.stringify(turn.state);
      if (turn.state.awaiting === 'scam' || captionAsksCheck(inbound.text)) return { turn, before, replies: undefined };
      return { turn, before, replies: this.finish(turn, { out: [{ text: scamTexts.photoHint }] }, before, options) };
    });
    if (first.replies) return first.replies;
    const out = await checkPhoto(this.deps, first.turn);
    return this.unitOfWork.run(() => this.finish(first.turn, { out }, first.before, options));
  }

  /** Records that the person wrote and reads what their chat waits for. */
  private begin(inbound: Inbound, now: Date): Turn {
    const { learner, created } = this.deps.learners.seen(
      { channel: inbound.channel, platformUserId: inbound.userId, chatId: inbound.chatId, displayName: inbound.userName },
      now,
    );
    this.deps.progress.recordActivity(learner, now);
    const turn: Turn = { inbound, learner, state: readState(this.deps.states.get(learner.id)), now, created };
    // The greeting shown before this first message asked the first setup question: carry on from it.
    if (created && inbound.greeted) greetNew(this.deps, turn);
    return turn;
  }

  /**
   * Greets a first contact (unless they sent /start), stores the state, and hands the final replies to
   * `options.keep` (last, so they are kept only with everything else); returns them.
   */
  private finish(turn: Turn, routed: Routed, before: string, options: HandleOptions): Outbound[] {
    if (turn.created && !turn.inbound.greeted && !(turn.inbound.text && parseCommand(turn.inbound.text)?.name === 'start')) {
      routed.out.unshift({ text: texts.firstContact });
    }
    const out = routed.out.map((o) => addressed(o, turn.learner.addressForm));
    const replies = routed.deleted ? out : this.save(turn, out, before);
    options.keep?.(replies);
    return replies;
  }

  /**
   * Keeps choices only on the last reply that has them (numbers must map to one list) and stores the
   * state when it differs from `before` (the state as read, serialised): an unchanged state reads back the same.
   */
  private save(turn: Turn, out: Outbound[], before: string): Outbound[] {
    let lastWithChoices = -1;
    out.forEach((o, i) => {
      if (o.choices?.length) lastWithChoices = i;
    });
    const replies = out.map((o, i) => (i === lastWithChoices || !o.choices ? o : withoutChoices(o)));
    const choices = replies[lastWithChoices]?.choices ?? [];
    for (const c of choices) {
      if (Buffer.byteLength(c.action) > MAX_ACTION_BYTES) this.deps.logger.warn('action id too long', { action: c.action });
    }
    turn.state.choices = choices.length ? choices.map((c) => ({ action: c.action, label: c.label.slice(0, 200) })) : undefined;
    if (JSON.stringify(turn.state) !== before) this.deps.states.set(turn.learner.id, turn.state, turn.now);
    return replies;
  }

  /** Routes typed text; a question for the assistant comes back as {@link AskLater} (answered outside the transaction). */
  private onText(turn: Turn): Routed | AskLater {
    const text = (turn.inbound.text ?? '').trim();
    if (!text) return { out: [menu(turn, texts.empty)] };
    const command = parseCommand(text);
    // "chào", "alo" typed at the commune question answer it (kindly), rather than starting over.
    const greetingAtCommune = command?.name === 'start' && turn.state.awaiting === 'commune' && !text.startsWith('/');
    if (command && !greetingAtCommune) return this.onCommand(turn, command);
    const officer = officerText(this.deps, turn, text) ?? officerSignIn(this.deps, turn, text);
    if (officer) return { out: officer };
    const toCheck = checkRequestWithText(text);
    if (toCheck) {
      turn.state.awaiting = undefined;
      return { out: checkMessage(this.deps, turn, toCheck) };
    }

    // A yes/no question takes "có", "c", "ko"… before anything is read as a choice letter.
    if (turn.state.awaiting === 'subscribe' || turn.state.awaiting === 'delete') {
      const yes = parseYesNo(text);
      if (yes !== undefined) {
        return turn.state.awaiting === 'delete' ? confirmDelete(this.deps, turn, yes) : { out: setSubscribed(this.deps, turn, yes) };
      }
    }
    const choices = turn.state.choices ?? [];
    const typed = parseChoiceInput(text, choices.length);
    if (typed && 'index' in typed) {
      const chosen = choices[typed.index];
      if (chosen) return this.onAction(turn, chosen.action);
    }
    // The message to check: anything but a choice number (a pasted message is never just "1").
    if (turn.state.awaiting === 'scam') return { out: checkMessage(this.deps, turn, text) };
    const byLabel = matchChoiceLabel(text, choices.map((c) => c.label));
    const labelled = byLabel === undefined ? undefined : choices[byLabel];
    if (labelled) return this.onAction(turn, labelled.action);
    const inQuestion = Boolean(turn.state.quiz && choices[0]?.action.startsWith('a:'));

    if (typed && turn.state.awaiting !== 'commune') {
      if (inQuestion) return { out: [{ text: pick(turn, choices.length) }, ...askCurrent(this.deps, turn)] };
      if (choices.length) return { out: [reply(pick(turn, choices.length), choices)] };
      return { out: [menu(turn, texts.lonelyNumber)] };
    }

    // Greetings, thanks, "ok", emoji, a bare "có"/"không", quitting words: a short reply, never a passage
    // (as the assistant reads them: word lists and intent model; the word lists alone for an assistant
    // without that reading).
    // (Not at the commune or address question: there a short word is taken as an answer, or asked again.)
    if (turn.state.awaiting !== 'commune' && turn.state.awaiting !== 'address') {
      const kind = this.deps.assistant.smallTalk ? this.deps.assistant.smallTalk(text) : smallTalkKind(text);
      if (kind) return { out: this.onSmallTalk(turn, kind, inQuestion) };
    }

    switch (turn.state.awaiting) {
      case 'commune':
        if (!looksLikeQuestion(text, 7)) return { out: communeTyped(this.deps, turn, text) };
        turn.state.awaiting = undefined;
        break;
      case 'address': {
        const form = parseAddressForm(text);
        if (form) return { out: addressChosen(this.deps, turn, form) };
        if (isSkipWord(text)) return { out: addressChosen(this.deps, turn, undefined) };
        // One or two words that are not a form of address: ask again; anything longer is a question.
        if (!looksLikeQuestion(text, 3)) return { out: [reply(pick(turn, choices.length), choices)] };
        turn.state.awaiting = undefined;
        break;
      }
      case 'subscribe':
      case 'delete':
        // Not a yes or no (those were read above): this is something else; drop the question.
        turn.state.awaiting = undefined;
        break;
    }

    if (inQuestion && !looksLikeQuestion(text, 4)) {
      return { out: [{ text: pick(turn, choices.length) }, ...askCurrent(this.deps, turn)] };
    }
    return { ask: { text, inQuestion } };
  }

  /**
   * Small talk: a quitting word leaves the quiz (kept, resumable from the menu) or the lesson; anything
   * else during a quiz question gets its short reply and the question again; otherwise reply + menu.
   */
  private onSmallTalk(turn: Turn, kind: SmallTalkKind, inQuestion: boolean): Outbound[] {
    turn.state.awaiting = undefined;
    turn.state.onboarding = undefined;
    const choices = turn.state.choices ?? [];
    if (kind === 'quit') {
      if (turn.state.quiz) return [menu(turn, quizLeft)];
      if (choices.some(isLessonNavigation)) return [menu(turn, lessonLeft)];
      return [menu(turn, smallTalkReply(kind))];
    }
    if (inQuestion) {
      // "ừm", "ok", "có" are not an answer to the question: say how to answer (after a kind word to thanks).
      const polite = ['thanks', 'greeting', 'compliment', 'farewell', 'apology', 'who'].includes(kind) ? [{ text: smallTalkShort(kind) }] : [];
      return [...polite, { text: pick(turn, choices.length) }, ...askCurrent(this.deps, turn)];
    }
    return [menu(turn, smallTalkReply(kind))];
  }

  /** Asks the assistant; during a quiz, the answer is followed by the current question again. */
  private async ask(turn: Turn, { text, inQuestion }: AskLater['ask']): Promise<Routed> {
    const answered = await askAssistant(this.deps, turn, text);
    if (!inQuestion) return { out: answered };
    // The quiz question's numbers take the keyboard: a clarification's sections are listed as lines to
    // ask again with, not as choices.
    const asText = (o: Outbound) => {
      const sections = (o.choices ?? []).filter((c) => c.action.startsWith('s:')).map((c) => `• ${c.label}`);
      return { text: [o.text, ...sections].join('\n') };
    };
    return { out: [...answered.map(asText), { text: texts.stillInQuiz }, ...askCurrent(this.deps, turn)] };
  }

  private onCommand(turn: Turn, command: ParsedCommand): Routed {
    const d = this.deps;
    turn.state.awaiting = undefined;
    turn.state.onboarding = undefined;
    turn.state.officer = undefined;
    switch (command.name) {
      case 'start':
        return { out: start(d, turn, command.arg) };
      case 'menu':
        return { out: [menu(turn)] };
      case 'hoc':
        return { out: chooseTopic(d, turn) };
      case 'kiemtra':
        return { out: chooseQuiz(d, turn) };
      case 'ontap':
        return { out: startQuiz(d, turn, 'review', 'review') };
      case 'tiendo':
        return { out: showProgress(d, turn) };
      case 'xa':
        return { out: askCommune(d, turn) };
      case 'thongbao':
        return { out: notifySettings(turn) };
      case 'xungho':
        return { out: askAddress(turn) };
      case 'xoadulieu':
        return { out: askDelete(turn) };
      case 'giup':
        return { out: [menu(turn, texts.help(hasButtons(turn.inbound.channel)))] };
      case 'kiemtratin':
        return { out: command.arg ? checkMessage(d, turn, command.arg) : askForCheck(turn) };
    }
  }

  private onAction(turn: Turn, raw: string): Routed {
    const d = this.deps;
    if (raw.startsWith('o:')) return { out: officerAction(d, turn, raw) };
    turn.state.officer = undefined;
    const a = parseAction(raw);
    if (!a) return { out: [menu(turn, texts.staleButton)] };
    if (!['pickCommune', 'cskip', 'subscribe', 'delete', 'address'].includes(a.kind)) {
      turn.state.awaiting = undefined;
      turn.state.onboarding = undefined;
    }
    switch (a.kind) {
      case 'menu':
        return { out: [menu(turn)] };
      case 'learn':
        return { out: chooseTopic(d, turn) };
      case 'quiz':
        return { out: chooseQuiz(d, turn) };
      case 'review':
        return { out: startQuiz(d, turn, 'review', 'review') };
      case 'progress':
        return { out: showProgress(d, turn) };
      case 'help':
        return { out: [menu(turn, texts.help(hasButtons(turn.inbound.channel)))] };
      case 'commune':
        return { out: askCommune(d, turn) };
      case 'notify':
        return { out: notifySettings(turn) };
      case 'resume':
        return { out: askCurrent(d, turn) };
      case 'cskip':
        return { out: communeSkipped(d, turn) };
      case 'scan':
        return { out: askForCheck(turn) };
      case 'topic':
        return { out: topicLessons(d, turn, a.topic) };
      case 'page':
        return { out: lessonPage(d, turn, a.lesson, a.page) };
      case 'section':
        return { out: showSection(d, turn, a.lesson, a.section) };
      case 'lessonQuiz':
        return { out: startLessonQuiz(d, turn, a.lesson) };
      case 'topicQuiz':
        return { out: startQuiz(d, turn, 'topic', a.topic) };
      case 'answer':
        return { out: answer(d, turn, a.attemptId, a.position, a.choice) };
      case 'pickCommune':
        return { out: communePicked(d, turn, a.code) };
      case 'subscribe':
        return { out: setSubscribed(d, turn, a.on) };
      case 'delete':
        return confirmDelete(d, turn, a.confirm);
      case 'address':
        return { out: addressChosen(d, turn, a.form) };
    }
  }
}

/**
 * A choice that only a lesson page offers: its quiz, or a page after the first. ("Đọc bài" after an
 * answer or a scam check opens page 0 and does not mean the person is reading a lesson.)
 */
function isLessonNavigation(c: { action: string }): boolean {
  const a = parseAction(c.action);
  return a?.kind === 'lessonQuiz' || (a?.kind === 'page' && a.page > 0);
}
