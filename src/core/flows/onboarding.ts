import type { Commune } from '../../learning/communes.js';
import { act } from '../actions.js';
import { isSkipWord } from '../commands.js';
import { ADDRESS_FORMS, addressLabel, labels, texts, type AddressForm } from '../texts.js';
import type { Outbound } from '../types.js';
import { communeExample, menu, reply, type FlowDeps, type Turn } from './context.js';
import { askCurrent } from './quiz.js';

/**
 * First contact and the person's settings: welcome, commune (asked once, skippable), announcements
 * on/off, and deleting everything about them.
 */

/** `/start [communeCode]`: welcome, then the first unanswered setup question, or the menu. */
export function start(deps: FlowDeps, turn: Turn, arg: string): Outbound[] {
  const out: Outbound[] = [];
  const fromLink = arg ? deps.communes.byCode(arg) : undefined;
  if (fromLink) setCommune(deps, turn, fromLink);
  const fresh = turn.created || (!turn.learner.communeAsked && turn.learner.subscribed === undefined);
  out.push({ text: fresh ? texts.welcome(turn.learner.displayName) : texts.welcomeBack(turn.learner.displayName) });
  if (fromLink) out.push({ text: texts.communeSaved(fromLink.name) });
  if (!fresh && !fromLink && turn.state.quiz) {
    // Back in the middle of a quiz: carry on with the question that was waiting.
    out.push({ text: texts.resumeQuiz }, ...askCurrent(deps, turn));
    return out;
  }
  out.push(nextSetupStep(deps, turn));
  return out;
}

/**
 * The next setup question (commune, then announcements, then how to address the person), or the menu
 * when all are answered.
 */
function nextSetupStep(deps: FlowDeps, turn: Turn): Outbound {
  if (!turn.learner.communeAsked) {
    turn.state.awaiting = 'commune';
    turn.state.onboarding = true;
    return reply(texts.askCommune(communeExample(deps)), [{ label: labels.skip, action: act.communeSkip }]);
  }
  if (turn.learner.subscribed === undefined) {
    turn.state.onboarding = true;
    return askSubscribe(turn);
  }
  if (!turn.learner.addressAsked) {
    turn.state.onboarding = true;
    return askAddress(turn)[0] as Outbound;
  }
  turn.state.onboarding = undefined;
  return menu(turn);
}

/** The address question (onboarding, or “xưng hô” to change it): short numbered choices and “Bỏ qua”. */
export function askAddress(turn: Turn): Outbound[] {
  turn.state.awaiting = 'address';
  const text = turn.learner.addressForm ? texts.addressCurrent : texts.askAddress;
  return [
    reply(text, [
      ...ADDRESS_FORMS.map((f) => ({ label: addressLabel(f), action: act.address(f) })),
      { label: turn.learner.addressAsked ? labels.keep : labels.skip, action: act.address(undefined) },
    ]),
  ];
}

/**
 * A form chosen (button, number or typed word), or skipped (`undefined`: the neutral “bạn”; when one was
 * already chosen, “Giữ nguyên” keeps it).
 */
export function addressChosen(deps: FlowDeps, turn: Turn, form: AddressForm | undefined): Outbound[] {
  const keep = form === undefined && turn.learner.addressAsked;
  if (!keep) {
    deps.learners.setAddressForm(turn.learner.id, form, turn.now);
    turn.learner = { ...turn.learner, addressForm: form, addressAsked: true };
  }
  turn.state.awaiting = undefined;
  const note = { text: keep ? texts.communeKept : form ? texts.addressSaved : texts.addressSkipped };
  return [note, turn.state.onboarding ? nextSetupStep(deps, turn) : menu(turn)];
}

function askSubscribe(turn: Turn): Outbound {
  turn.state.awaiting = 'subscribe';
  return reply(texts.askSubscribe, [
    { label: labels.subscribeYes, action: act.subscribe(true) },
    { label: labels.subscribeNo, action: act.subscribe(false) },
  ]);
}

function setCommune(deps: FlowDeps, turn: Turn, commune: { code?: string; name: string }): void {
  deps.learners.setCommune(turn.learner.id, commune, turn.now);
  turn.learner = { ...turn.learner, communeCode: commune.code, communeName: commune.name, communeAsked: true };
}

/** `/xa`: ask for the (new) commune. */
export function askCommune(deps: FlowDeps, turn: Turn): Outbound[] {
  turn.state.awaiting = 'commune';
  turn.state.onboarding = undefined;
  const text = turn.learner.communeName
    ? texts.askCommuneAgain(turn.learner.communeName)
    : texts.askCommune(communeExample(deps));
  return [reply(text, [{ label: turn.learner.communeName ? labels.keep : labels.skip, action: act.communeSkip }])];
}

/** Text typed while a commune name is awaited. */
export function communeTyped(deps: FlowDeps, turn: Turn, text: string): Outbound[] {
  if (isSkipWord(text)) return communeSkipped(deps, turn);
  const m = deps.communes.match(text);
  switch (m.kind) {
    case 'found':
      return communeChosen(deps, turn, m.commune);
    case 'free':
      return communeChosen(deps, turn, { name: m.name });
    case 'ambiguous':
      return [
        reply(texts.communeWhich, [
          ...m.candidates.map((c) => ({ label: c.name, action: act.pickCommune(c.code) })),
          { label: turn.learner.communeName ? labels.keep : labels.skip, action: act.communeSkip },
        ]),
      ];
    case 'chatter':
      if (m.chatter === 'dont-know') return communeSkipped(deps, turn);
      return [
        reply(m.chatter === 'greeting' ? texts.communeGreeting(communeExample(deps)) : texts.communeNudge(communeExample(deps)), [
          { label: turn.learner.communeName ? labels.keep : labels.skip, action: act.communeSkip },
        ]),
      ];
    case 'none':
      return [
        reply(texts.communeNotFound(text.trim().slice(0, 60), communeExample(deps), turn.learner.communeName ? labels.keep : labels.skip), [
          { label: turn.learner.communeName ? labels.keep : labels.skip, action: act.communeSkip },
        ]),
      ];
  }
}

/** A commune button (from the ambiguity question). */
export function communePicked(deps: FlowDeps, turn: Turn, code: string): Outbound[] {
  const commune = deps.communes.byCode(code);
  if (!commune) return askCommune(deps, turn);
  return communeChosen(deps, turn, commune);
}

function communeChosen(deps: FlowDeps, turn: Turn, commune: Commune | { name: string }): Outbound[] {
  setCommune(deps, turn, commune);
  turn.state.awaiting = undefined;
  const out: Outbound[] = [{ text: texts.communeSaved(commune.name) }];
  out.push(turn.state.onboarding ? nextSetupStep(deps, turn) : menu(turn));
  return out;
}

/** "Bỏ qua" / "Giữ nguyên". */
export function communeSkipped(deps: FlowDeps, turn: Turn): Outbound[] {
  const hadCommune = Boolean(turn.learner.communeName);
  if (!turn.learner.communeAsked) {
    deps.learners.markCommuneAsked(turn.learner.id, turn.now);
    turn.learner = { ...turn.learner, communeAsked: true };
  }
  const wasAwaiting = turn.state.awaiting === 'commune';
  turn.state.awaiting = undefined;
  const note = { text: hadCommune ? texts.communeKept : texts.communeSkipped };
  if (turn.state.onboarding && wasAwaiting) return [note, nextSetupStep(deps, turn)];
  return [note, menu(turn)];
}

/** Announcements on/off (button, typed yes/no, or /thongbao choice). */
export function setSubscribed(deps: FlowDeps, turn: Turn, on: boolean): Outbound[] {
  deps.learners.setSubscribed(turn.learner.id, on, turn.now);
  turn.learner = { ...turn.learner, subscribed: on };
  turn.state.awaiting = undefined;
  return [{ text: on ? texts.subscribed : texts.unsubscribed }, turn.state.onboarding ? nextSetupStep(deps, turn) : menu(turn)];
}

/** `/thongbao`: current status and the switch. */
export function notifySettings(turn: Turn): Outbound[] {
  turn.state.awaiting = 'subscribe';
  const on = turn.learner.subscribed === true;
  return [
    reply(texts.notifyStatus(on), [
      on ? { label: labels.notifyOff, action: act.subscribe(false) } : { label: labels.notifyOn, action: act.subscribe(true) },
      { label: labels.menu, action: act.menu },
    ]),
  ];
}

/** `/xoadulieu`: ask to confirm. */
export function askDelete(turn: Turn): Outbound[] {
  turn.state.awaiting = 'delete';
  return [
    reply(texts.confirmDelete, [
      { label: labels.deleteYes, action: act.delete(true) },
      { label: labels.deleteNo, action: act.delete(false) },
    ]),
  ];
}

/**
 * The answer to the delete confirmation. Deletes only when the confirmation is the pending question,
 * so an old "Xoá hết" button tapped days later does nothing. Returns `deleted: true` when the learner
 * is gone (nothing more may be written for them).
 */
export function confirmDelete(deps: FlowDeps, turn: Turn, confirm: boolean): { out: Outbound[]; deleted: boolean } {
  if (turn.state.awaiting !== 'delete') {
    return { out: [confirm ? { text: texts.deleteStale } : menu(turn)], deleted: false };
  }
  turn.state.awaiting = undefined;
  if (!confirm) return { out: [{ text: texts.deleteCancelled }, menu(turn)], deleted: false };
  deps.learners.deleteLearner(turn.learner.id);
  return { out: [{ text: texts.deleted }], deleted: true };
}
