import { BroadcastDenied, BroadcastInputError, MAX_BROADCAST_CHARS, type BroadcastService } from '../../broadcast/broadcast-service.js';
import type { Audience, Broadcast } from '../../broadcast/types.js';
import type { TopicId } from '../../content/schema.js';
import { foldDiacritics } from '../../knowledge/normalize.js';
import type { OfficerService } from '../../officers/officer-service.js';
import type { Officer } from '../../officers/types.js';
import { officerLabels as L, officerTexts as T, texts } from '../texts.js';
import type { Choice, Outbound } from '../types.js';
import { menu, reply, type FlowDeps, type Turn } from './context.js';

/**
 * Officers in chat (issue 11): an invitation code grants the role; `/guithongbao` composes an
 * announcement (text → audience → preview with the number of recipients → confirm); `/thongbao_trangthai`
 * shows the latest broadcasts with pause / cancel / resend buttons. Citizens never see any of it: their
 * attempts fall through to the ordinary reply and are logged by {@link OfficerService.denied}.
 *
 * Button actions all start with `o:` (the Conversation hands them here):
 *   o:x                 cancel composing          o:send           confirm and queue
 *   o:aud:all|c|ch|f    audience kinds            o:c:<code>       one commune
 *   o:ch:<channel>      one channel               o:f:t|i|d|n      filters (topic, inactive 7 days, done, not done)
 *   o:t:<topic>         has not passed this topic
 *   o:p|r|k|d:<id>      pause | resume | cancel | resend in-doubt of broadcast <id>
 */
export interface OfficerFlowDeps {
  officers: OfficerService;
  broadcasts: BroadcastService;
}

/** More communes than this: the officer types the name instead of picking from buttons. */
const MAX_COMMUNE_BUTTONS = 20;

function officerCommand(text: string): 'compose' | 'status' | undefined {
  const m = /^\/([^\s@]+)(?:@\S+)?\s*$/u.exec(text.trim());
  if (!m) return undefined;
  const name = foldDiacritics(m[1] ?? '').replace(/[^a-z0-9]/g, '');
  if (name === 'guithongbao') return 'compose';
  if (name === 'thongbaotrangthai') return 'status';
  return undefined;
}

function who(turn: Turn): { channel: Turn['inbound']['channel']; platformUserId: string } {
  return { channel: turn.inbound.channel, platformUserId: turn.inbound.userId };
}

/**
 * Typed text an officer flow takes: an invitation code, an officer command, the announcement text
 * being composed, or a commune name. Undefined: not for this flow (the ordinary routing goes on).
 */
export function officerText(deps: FlowDeps, turn: Turn, text: string): Outbound[] | undefined {
  const o = deps.officer;
  if (!o) return undefined;
  if (o.officers.looksLikeInvite(text)) return claim(o, turn, text);
  const command = officerCommand(text);
  if (!command && !turn.state.officer) return undefined;
  const officer = o.officers.find(turn.inbound.channel, turn.inbound.userId);
  if (!officer) {
    turn.state.officer = undefined;
    if (command) o.officers.denied(turn.inbound.channel, turn.inbound.userId, command === 'compose' ? '/guithongbao' : '/thongbao_trangthai');
    return undefined;
  }
  if (command === 'compose') {
    turn.state.officer = { step: 'text' };
    return [reply(T.composeAskText, [{ label: L.cancel, action: 'o:x' }])];
  }
  if (command === 'status') {
    turn.state.officer = undefined;
    return status(o.broadcasts, officer);
  }
  const pending = turn.state.officer;
  // The only button shown while typing is "Huỷ" (1): typed as a number or a word, it cancels.
  if ((pending?.step === 'text' || pending?.step === 'commune') && ['1', 'huy', 'huy bo', 'thoi'].includes(foldDiacritics(text).trim().replace(/[.)!]+$/, ''))) {
    turn.state.officer = undefined;
    return [menu(turn, T.composeCancelled)];
  }
  if (pending?.step === 'text') return takeText(o, officer, turn, text);
  if (pending?.step === 'commune') return typedCommune(deps, o, officer, turn, text);
  return undefined;
}

/** A button of an officer flow (`o:…`). A non-officer (an old or forged button) gets the stale-button reply. */
export function officerAction(deps: FlowDeps, turn: Turn, raw: string): Outbound[] {
  const o = deps.officer;
  const officer = o?.officers.find(turn.inbound.channel, turn.inbound.userId);
  if (!o || !officer) {
    o?.officers.denied(turn.inbound.channel, turn.inbound.userId, 'officer button');
    turn.state.officer = undefined;
    return [menu(turn, texts.staleButton)];
  }
  const [, kind, arg = ''] = raw.split(':');
  const pending = turn.state.officer;
  const manage = /^\d{1,12}$/.test(arg) ? Number(arg) : undefined;
  switch (kind) {
    case 'x':
      turn.state.officer = undefined;
      return [menu(turn, T.composeCancelled)];
    case 'send':
      return send(o, officer, turn);
    case 'aud':
    case 'c':
    case 'ch':
    case 'f':
    case 't':
      if (!pending?.text) {
        turn.state.officer = undefined;
        return [menu(turn, T.composeExpired)];
      }
      return audienceStep(deps, o, officer, turn, kind, arg);
    case 'p':
    case 'r':
    case 'k':
    case 'd':
      if (manage === undefined) break;
      return manageBroadcast(o.broadcasts, officer, kind, manage);
  }
  return [menu(turn, texts.staleButton)];
}

function claim(o: OfficerFlowDeps, turn: Turn, text: string): Outbound[] {
  const r = o.officers.claimInvite(text, { ...who(turn), displayName: turn.inbound.userName });
  switch (r.kind) {
    case 'granted':
      return [{ text: T.inviteGranted(r.officer.role, r.officer.communes) }];
    case 'expired':
      return [{ text: T.inviteExpired }];
    case 'used':
      return [{ text: T.inviteUsed }];
    case 'invalid':
      return [{ text: T.inviteInvalid }];
  }
}

function takeText(o: OfficerFlowDeps, officer: Officer, turn: Turn, text: string): Outbound[] {
  const t = text.trim();
  const cancel = [{ label: L.cancel, action: 'o:x' }];
  if (!t) return [reply(T.composeEmpty, cancel)];
  if (t.length > MAX_BROADCAST_CHARS) return [reply(T.composeTooLong(MAX_BROADCAST_CHARS), cancel)];
  turn.state.officer = { step: 'audience', text: t };
  return [audienceChoices(o, officer)];
}

function audienceChoices(o: OfficerFlowDeps, officer: Officer, text: string = T.composeAudience): Outbound {
  const choices: Choice[] = [{ label: officer.role === 'admin' ? L.allProvince : L.allMine, action: 'o:aud:all' }];
  if (officer.role === 'admin' || officer.communes.length > 1) choices.push({ label: L.oneCommune, action: 'o:aud:c' });
  if (o.broadcasts.channels.length > 1) choices.push({ label: L.oneChannel, action: 'o:aud:ch' });
  choices.push({ label: L.filter, action: 'o:aud:f' }, { label: L.cancel, action: 'o:x' });
  return reply(text, choices);
}

function communesOf(deps: FlowDeps, officer: Officer): { code: string; name: string }[] {
  const all = deps.communes.communes;
  return officer.role === 'admin' ? [...all] : all.filter((c) => officer.communes.includes(c.code));
}

function audienceStep(deps: FlowDeps, o: OfficerFlowDeps, officer: Officer, turn: Turn, kind: string, arg: string): Outbound[] {
  const cancel = { label: L.cancel, action: 'o:x' };
  const text = turn.state.officer?.text ?? '';
  switch (`${kind}:${kind === 'aud' || kind === 'f' ? arg : '*'}`) {
    case 'aud:all':
      return preview(deps, o, officer, turn, {});
    case 'aud:c': {
      const mine = communesOf(deps, officer);
      if (mine.length > MAX_COMMUNE_BUTTONS) {
        turn.state.officer = { step: 'commune', text };
        return [reply(T.composeTypeCommune, [cancel])];
      }
      return [reply(T.composePickCommune, [...mine.map((c) => ({ label: c.name, action: `o:c:${c.code}` })), cancel])];
    }
    case 'aud:ch':
      return [reply(T.composePickChannel, [...o.broadcasts.channels.map((c) => ({ label: channelName(c), action: `o:ch:${c}` })), cancel])];
    case 'aud:f':
      return [
        reply(T.composePickFilter, [
          { label: L.notPassed, action: 'o:f:t' },
          { label: L.inactive7, action: 'o:f:i' },
          { label: L.notCompleted, action: 'o:f:n' },
          { label: L.completed, action: 'o:f:d' },
          cancel,
        ]),
      ];
    case 'f:t':
      return [reply(T.composePickTopic, [...deps.index.topics.map((t) => ({ label: t.title, action: `o:t:${t.id}` })), cancel])];
    case 'f:i':
      return preview(deps, o, officer, turn, { inactiveDays: 7 });
    case 'f:n':
      return preview(deps, o, officer, turn, { completedAll: false });
    case 'f:d':
      return preview(deps, o, officer, turn, { completedAll: true });
    case 'c:*':
      return preview(deps, o, officer, turn, { communes: [arg] });
    case 'ch:*':
      return o.broadcasts.channels.includes(arg as never) ? preview(deps, o, officer, turn, { channel: arg as Audience['channel'] }) : [menu(turn, texts.staleButton)];
    case 't:*':
      return deps.index.topic(arg) ? preview(deps, o, officer, turn, { notPassedTopic: arg as TopicId }) : [menu(turn, texts.staleButton)];
  }
  return [menu(turn, texts.staleButton)];
}

function typedCommune(deps: FlowDeps, o: OfficerFlowDeps, officer: Officer, turn: Turn, text: string): Outbound[] {
  const m = deps.communes.match(text);
  const found = m.kind === 'found' ? m.commune : undefined;
  if (!found || !communesOf(deps, officer).some((c) => c.code === found.code)) {
    return [reply(T.composeCommuneUnknown, [{ label: L.cancel, action: 'o:x' }])];
  }
  return preview(deps, o, officer, turn, { communes: [found.code] });
}

function channelName(c: string): string {
  return c === 'telegram' ? 'Telegram' : c === 'zalo' ? 'Zalo' : c;
}

function describe(deps: Pick<FlowDeps, 'communes'>, officer: Officer, a: Audience): string {
  const parts: string[] = [];
  if (a.communes) {
    const names = new Map(deps.communes.communes.map((c) => [c.code, c.name]));
    parts.push(a.communes.map((c) => names.get(c) ?? c).join(', '));
  } else parts.push(officer.role === 'admin' ? 'toàn tỉnh' : 'các xã/phường của anh/chị');
  if (a.channel) parts.push(`chỉ ${channelName(a.channel)}`);
  if (a.notPassedTopic) parts.push(`chưa qua chủ đề ${a.notPassedTopic}`);
  if (a.inactiveDays !== undefined) parts.push(`không hoạt động ${a.inactiveDays} ngày`);
  if (a.completedAll === true) parts.push('đã hoàn thành tất cả');
  if (a.completedAll === false) parts.push('chưa hoàn thành');
  return parts.join(' · ');
}

function preview(deps: FlowDeps, o: OfficerFlowDeps, officer: Officer, turn: Turn, audience: Audience): Outbound[] {
  const text = turn.state.officer?.text ?? '';
  try {
    const p = o.broadcasts.preview(officer, { text, audience });
    if (p.recipients === 0) {
      turn.state.officer = { step: 'audience', text };
      return [audienceChoices(o, officer, T.composeNobody)];
    }
    turn.state.officer = { step: 'confirm', text, audience: p.audience };
    const notes: string[] = [];
    if (o.broadcasts.channels.includes('zalo') && audience.channel !== 'telegram') notes.push(T.composeZaloNote);
    if (p.quietNow) notes.push(T.composeQuietNote);
    const head = T.composePreview(p.recipients, describe(deps, officer, p.audience), p.text);
    return [
      reply([head, ...notes].join('\n\n'), [
        { label: L.send, action: 'o:send' },
        { label: L.cancel, action: 'o:x' },
      ]),
    ];
  } catch (err) {
    turn.state.officer = undefined;
    if (err instanceof BroadcastDenied) return [{ text: T.notAllowed }];
    if (err instanceof BroadcastInputError) return [{ text: T.cannot }];
    throw err;
  }
}

function send(o: OfficerFlowDeps, officer: Officer, turn: Turn): Outbound[] {
  const pending = turn.state.officer;
  turn.state.officer = undefined;
  if (pending?.step !== 'confirm' || !pending.text || !pending.audience) return [{ text: T.composeExpired }];
  try {
    const created = o.broadcasts.create(officer, { text: pending.text, audience: pending.audience as Audience });
    return [{ text: T.composeSent(created.id, created.recipients) }];
  } catch (err) {
    if (err instanceof BroadcastDenied) return [{ text: T.notAllowed }];
    if (err instanceof BroadcastInputError) return [{ text: T.cannot }];
    throw err;
  }
}

function statusLine(b: Broadcast): string {
  const c = b.counts;
  const body = b.kind === 'reminder' ? 'Nhắc học' : b.text.split('\n')[0]!.slice(0, 60);
  const total = Object.values(c).reduce((n, v) => n + v, 0) - c.skipped;
  return T.statusLine({
    id: b.id,
    state: T.stateNames[b.state] ?? b.state,
    total,
    sent: c.sent,
    failed: c.failed,
    blocked: c.blocked,
    inDoubt: c['in-doubt'],
    queued: c.queued + c.sending,
    text: body,
  });
}

function status(broadcasts: BroadcastService, officer: Officer): Outbound[] {
  const latest = broadcasts.history(officer, 3);
  if (!latest.length) return [{ text: T.statusNone }];
  const choices: Choice[] = [];
  for (const b of latest) {
    if (b.state === 'sending') choices.push({ label: `${L.pause} #${b.id}`, action: `o:p:${b.id}` });
    if (b.state === 'paused') choices.push({ label: `${L.resume} #${b.id}`, action: `o:r:${b.id}` });
    if (b.state === 'sending' || b.state === 'paused') choices.push({ label: `${L.stop} #${b.id}`, action: `o:k:${b.id}` });
    if (b.counts['in-doubt'] > 0 && b.state !== 'cancelled') choices.push({ label: `${L.resend} #${b.id}`, action: `o:d:${b.id}` });
  }
  const lines = latest.map(statusLine);
  if (latest.some((b) => b.counts['in-doubt'] > 0)) lines.push('', T.statusInDoubtNote);
  return [reply(lines.join('\n'), choices)];
}

function manageBroadcast(broadcasts: BroadcastService, officer: Officer, kind: string, id: number): Outbound[] {
  try {
    let text: string;
    if (kind === 'p') text = T.paused(broadcasts.pause(officer, id).id);
    else if (kind === 'r') text = T.resumed(broadcasts.resume(officer, id).id);
    else if (kind === 'k') text = T.cancelled(broadcasts.cancel(officer, id).id);
    else {
      const before = broadcasts.status(officer, id)?.counts['in-doubt'] ?? 0;
      text = T.resent(broadcasts.resendInDoubt(officer, id).id, before);
    }
    return [{ text }, ...status(broadcasts, officer)];
  } catch (err) {
    if (err instanceof BroadcastDenied) return [{ text: T.notAllowed }];
    if (err instanceof BroadcastInputError) return [{ text: T.cannot }];
    throw err;
  }
}
