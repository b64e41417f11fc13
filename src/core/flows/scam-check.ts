import type { CheckResult } from '../../scamcheck/types.js';
import { MAX_IMAGE_BYTES } from '../../scamcheck/qr-image.js';
import { ScamChecker } from '../../scamcheck/checker.js';
import { act } from '../actions.js';
import { labels, scamCheckReply, scamTexts } from '../texts.js';
import { ImageTooLargeError, type Choice, type Outbound } from '../types.js';
import { reply, type FlowDeps, type Turn } from './context.js';

/**
 * "Kiểm tra giúp tôi" in the conversation: `/kiemtra_tin` (or "kiểm tra tin nhắn", "tin này có phải
 * lừa đảo không"…) asks for the message; the next text or photo is checked and answered with the
 * verdict, the reasons, what to do now and a button to the lesson. A quiz or lesson in progress is kept
 * (only `awaiting` changes). Nothing of the checked content is stored or logged: only the verdict and
 * the red-flag kinds are counted per xã/phường and week.
 */
let defaultChecker: ScamChecker | undefined;
function checker(deps: FlowDeps): ScamChecker {
  if (deps.scamChecker) return deps.scamChecker;
  defaultChecker ??= new ScamChecker();
  return defaultChecker;
}

/** Asks for the message to check. */
export function askForCheck(turn: Turn): Outbound[] {
  turn.state.awaiting = 'scam';
  const choices: Choice[] = [];
  if (turn.state.quiz) choices.push({ label: labels.resume, action: act.resume });
  choices.push({ label: labels.menu, action: act.menu });
  return [reply(scamTexts.askPaste, choices)];
}

/** Checks a message and answers. */
export function checkMessage(deps: FlowDeps, turn: Turn, text: string): Outbound[] {
  return answer(deps, turn, checker(deps).checkText(text));
}

/** Fetches a photo (outside any transaction), decodes its QR code and answers. Never throws. */
export async function checkPhoto(deps: FlowDeps, turn: Turn): Promise<Outbound[]> {
  const image = turn.inbound.image;
  // A photo recovered from the intake after a restart has no picture (pictures are never recorded).
  if (!image) return [{ text: scamTexts.imageLost }];
  let bytes: Uint8Array;
  try {
    bytes = await image.load(MAX_IMAGE_BYTES);
  } catch (err) {
    if (err instanceof ImageTooLargeError) return [{ text: scamTexts.imageTooLarge }];
    deps.logger.warn('photo download failed', { channel: turn.inbound.channel, err: err instanceof Error ? err.message : String(err) });
    return [{ text: scamTexts.imageLost }];
  }
  const check = await checker(deps).checkImage(bytes);
  if (!check.ok) {
    // Still waiting: the person can send a better photo straight away.
    turn.state.awaiting = 'scam';
    const text = check.reason === 'too-large' ? scamTexts.imageTooLarge : check.reason === 'not-an-image' ? scamTexts.notAnImage : scamTexts.unreadable;
    return [reply(text, [{ label: labels.menu, action: act.menu }])];
  }
  return answer(deps, turn, check.result);
}

function answer(deps: FlowDeps, turn: Turn, result: CheckResult): Outbound[] {
  turn.state.awaiting = undefined;
  deps.scamCounts?.record(
    turn.learner.communeCode,
    turn.now,
    result.verdict,
    result.reasons.filter((r) => r.weight > 0).map((r) => r.kind),
  );
  const parts: string[] = [];
  if (result.qr?.kind === 'payment') parts.push(`${scamTexts.qrPayment(result.qr)}\n${scamTexts.knowReceiver}`);
  if (result.qr?.kind === 'link' && result.qr.url) parts.push(scamTexts.qrLink(result.qr.url));
  if (result.qr?.kind === 'text' && result.qr.text) parts.push(scamTexts.qrText(result.qr.text));
  parts.push(scamCheckReply(result));
  const choices: Choice[] = [];
  const lesson = result.lessonIds.map((id) => deps.index.lesson(id)).find((l) => l !== undefined);
  if (lesson) choices.push({ label: labels.openLesson(lesson.title), action: act.page(deps.index.lessonKey(lesson.id), 0) });
  choices.push({ label: scamTexts.checkAnother, action: act.scan });
  if (turn.state.quiz) choices.push({ label: labels.resume, action: act.resume });
  choices.push({ label: labels.menu, action: act.menu });
  return [reply(parts.join('\n\n'), choices)];
}
