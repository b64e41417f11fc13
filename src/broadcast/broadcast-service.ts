import type { ChannelId } from '../messages.js';
import { broadcastFooter } from '../core/texts.js';
import type { OfficerService } from '../officers/officer-service.js';
import { actorOf, type Officer } from '../officers/types.js';
import type { AuditRepository } from '../store/audit-repository.js';
import type { BroadcastRepository, ReachScope } from '../store/broadcast-repository.js';
import { isQuiet, type QuietHours } from './quiet-hours.js';
import type { Audience, Broadcast } from './types.js';

/** The longest announcement text an officer may write (the footer is added; one Zalo message holds 2,000). */
export const MAX_BROADCAST_CHARS = 1500;

/** The officer may not do this (another commune's people or broadcast); logged as `officer.denied`. */
export class BroadcastDenied extends Error {
  override readonly name = 'BroadcastDenied';
}

/** The request is malformed (empty or too long text, a state change that does not apply). */
export class BroadcastInputError extends Error {
  override readonly name = 'BroadcastInputError';
}

/** What an officer composes. */
export interface Draft {
  text: string;
  audience: Audience;
  /** Send from this time on (default: now). Quiet hours still apply. */
  notBefore?: Date;
}

export interface Preview {
  /** People the broadcast would reach now. */
  recipients: number;
  /** The text exactly as sent (with the footer). */
  text: string;
  /** The audience as it will be stored (an officer's communes filled in). */
  audience: Audience;
  /** Sending would wait for the end of quiet hours. */
  quietNow: boolean;
}

export interface BroadcastServiceOptions {
  repo: BroadcastRepository;
  officers: OfficerService;
  audit: AuditRepository;
  /** Channels the service delivers on (with a delivery worker loop). */
  channels: readonly ChannelId[];
  quietHours: QuietHours;
  /** A broadcast was queued or resumed (the worker stops idling). */
  onQueued?: () => void;
  now?: () => Date;
}

/** The text as sent: the officer's words, then how to switch announcements off. */
export function withFooter(text: string): string {
  return `${text.trim()}\n\n${broadcastFooter}`;
}

/**
 * Announcements for officers (chat and dashboard): compose and preview with the number of recipients,
 * create (optionally scheduled), pause, resume, cancel, resend in-doubt rows, status and history.
 * Every call is authorised — an officer reaches and sees only broadcasts within their communes, an
 * admin everything — and every change is written to the audit log. Throws {@link BroadcastDenied} or
 * {@link BroadcastInputError}; never sends anything itself (the DeliveryWorker does).
 */
export class BroadcastService {
  private readonly now: () => Date;

  constructor(private readonly o: BroadcastServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** The channels announcements go out on. */
  get channels(): readonly ChannelId[] {
    return this.o.channels;
  }

  /** Whom this officer may reach. */
  scope(officer: Officer): ReachScope {
    return {
      communes: officer.role === 'admin' ? { all: true } : { all: false, codes: officer.communes },
      channels: this.o.channels,
    };
  }

  /** The audience with an officer's communes filled in; denied when it names a commune outside them. */
  private resolve(officer: Officer, audience: Audience): Audience {
    const a: Audience = { ...audience };
    if (a.communes) a.communes = [...new Set(a.communes)];
    if (officer.role !== 'admin') {
      const outside = (a.communes ?? []).filter((c) => !officer.communes.includes(c));
      if (outside.length) {
        this.o.officers.denied(officer.channel, officer.platformUserId, 'broadcast.audience');
        throw new BroadcastDenied(`not allowed: ${outside.join(', ')}`);
      }
      a.communes ??= [...officer.communes];
    }
    if (a.channel && !this.o.channels.includes(a.channel)) throw new BroadcastInputError(`channel not enabled: ${a.channel}`);
    return a;
  }

  private checkText(text: string): string {
    const t = text.trim();
    if (!t) throw new BroadcastInputError('empty text');
    if (t.length > MAX_BROADCAST_CHARS) throw new BroadcastInputError(`text longer than ${MAX_BROADCAST_CHARS}`);
    return t;
  }

  /** Who would receive it, and the text as sent. */
  preview(officer: Officer, draft: Draft): Preview {
    const text = withFooter(this.checkText(draft.text));
    const audience = this.resolve(officer, draft.audience);
    const now = this.now();
    return {
      recipients: this.o.repo.countAudience(audience, this.scope(officer), now),
      text,
      audience,
      quietNow: isQuiet(this.o.quietHours, draft.notBefore && draft.notBefore > now ? draft.notBefore : now),
    };
  }

  /** Queues the broadcast: one row per recipient as the audience is now. */
  create(officer: Officer, draft: Draft): { id: number; recipients: number } {
    const text = withFooter(this.checkText(draft.text));
    const audience = this.resolve(officer, draft.audience);
    const now = this.now();
    const notBefore = draft.notBefore && draft.notBefore > now ? draft.notBefore : now;
    const created = this.o.repo.create({ createdBy: actorOf(officer), kind: 'announcement', text, audience, notBefore }, this.scope(officer), now);
    this.o.audit.record(actorOf(officer), 'broadcast.create', { id: created.id, recipients: created.recipients, audience, notBefore: notBefore.toISOString() }, now);
    this.o.onQueued?.();
    return created;
  }

  /** True when the officer may see and act on this broadcast. */
  mayAccess(officer: Officer, b: Broadcast): boolean {
    if (officer.role === 'admin') return true;
    if (b.kind !== 'announcement') return false;
    const communes = b.audience.communes;
    return communes !== undefined && communes.length > 0 && communes.every((c) => officer.communes.includes(c));
  }

  /** One broadcast with its counts; denied when it is outside the officer's communes. */
  status(officer: Officer, id: number): Broadcast | undefined {
    const b = this.o.repo.get(id);
    if (!b) return undefined;
    if (!this.mayAccess(officer, b)) {
      this.o.officers.denied(officer.channel, officer.platformUserId, 'broadcast.status');
      throw new BroadcastDenied(`broadcast ${id}`);
    }
    return b;
  }

  /** The latest broadcasts the officer may see, newest first. */
  history(officer: Officer, limit = 20): Broadcast[] {
    if (officer.role === 'admin') return this.o.repo.list(limit);
    return this.o.repo
      .list(500, 'announcement')
      .filter((b) => this.mayAccess(officer, b))
      .slice(0, limit);
  }

  private change(officer: Officer, id: number, action: 'pause' | 'resume' | 'cancel' | 'resend'): Broadcast {
    const b = this.status(officer, id);
    if (!b) throw new BroadcastInputError(`no broadcast ${id}`);
    const now = this.now();
    let detail: Record<string, unknown> = { id };
    switch (action) {
      case 'pause':
        if (b.state !== 'sending') throw new BroadcastInputError(`cannot pause a broadcast that is ${b.state}`);
        this.o.repo.setState(id, 'paused', now);
        break;
      case 'resume':
        if (b.state !== 'paused') throw new BroadcastInputError(`cannot resume a broadcast that is ${b.state}`);
        this.o.repo.setState(id, 'sending', now);
        break;
      case 'cancel':
        if (b.state !== 'sending' && b.state !== 'paused') throw new BroadcastInputError(`cannot cancel a broadcast that is ${b.state}`);
        detail = { id, skipped: this.o.repo.cancel(id, now) };
        break;
      case 'resend':
        if (b.state === 'cancelled') throw new BroadcastInputError('cannot resend a cancelled broadcast');
        detail = { id, requeued: this.o.repo.requeueInDoubt(id, now) };
        break;
    }
    this.o.audit.record(actorOf(officer), `broadcast.${action}`, detail, now);
    if (action === 'resume' || action === 'resend') this.o.onQueued?.();
    return this.o.repo.get(id)!;
  }

  pause(officer: Officer, id: number): Broadcast {
    return this.change(officer, id, 'pause');
  }

  resume(officer: Officer, id: number): Broadcast {
    return this.change(officer, id, 'resume');
  }

  /** Nothing more is sent (sends already in flight finish). */
  cancel(officer: Officer, id: number): Broadcast {
    return this.change(officer, id, 'cancel');
  }

  /** Puts the in-doubt rows back in the queue: those people may get the message twice (the officer's choice). */
  resendInDoubt(officer: Officer, id: number): Broadcast {
    return this.change(officer, id, 'resend');
  }
}
