import type { Audience, Broadcast } from '../../broadcast/types.js';
import type { ChannelId } from '../../core/types.js';
import { dashboardTexts } from '../../core/texts.js';
import { actorOf, type Officer } from '../../officers/types.js';
import type { AuditRepository } from '../../store/audit-repository.js';
import type { BroadcastRepository, ReachScope } from '../../store/broadcast-repository.js';

/**
 * What the Announcements page needs. The method names and shapes follow the chat's BroadcastService
 * (branch bcast), so that service can be passed here as it is; {@link RepositoryAnnouncementDesk} is the
 * dashboard's own implementation over BroadcastRepository until then.
 */
export interface Draft {
  text: string;
  audience: Audience;
  notBefore?: Date;
}

export interface Preview {
  recipients: number;
  text: string;
  audience: Audience;
}

export interface AnnouncementDesk {
  readonly channels: readonly ChannelId[];
  preview(officer: Officer, draft: Draft): Preview;
  create(officer: Officer, draft: Draft): { id: number; recipients: number };
  history(officer: Officer, limit?: number): Broadcast[];
  pause(officer: Officer, id: number): Broadcast;
  resume(officer: Officer, id: number): Broadcast;
  cancel(officer: Officer, id: number): Broadcast;
  resendInDoubt(officer: Officer, id: number): Broadcast;
}

export const MAX_ANNOUNCEMENT_CHARS = 1500;

/** The officer may not act on this (another commune's people or broadcast), or the request does not apply. */
export class AnnouncementRefused extends Error {
  override readonly name = 'AnnouncementRefused';
}

export class RepositoryAnnouncementDesk implements AnnouncementDesk {
  constructor(
    private readonly repo: BroadcastRepository,
    private readonly audit: AuditRepository,
    readonly channels: readonly ChannelId[],
    private readonly onQueued: () => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  private scope(officer: Officer): ReachScope {
    return officer.role === 'admin' ? { all: true } : { all: false, codes: officer.communes };
  }

  private resolve(officer: Officer, draft: Draft): { text: string; audience: Audience } {
    const t = draft.text.trim();
    if (!t) throw new AnnouncementRefused('Nội dung thông báo đang trống.');
    if (t.length > MAX_ANNOUNCEMENT_CHARS) throw new AnnouncementRefused(`Nội dung dài quá ${MAX_ANNOUNCEMENT_CHARS} ký tự.`);
    const audience: Audience = { ...draft.audience };
    if (officer.role !== 'admin') {
      const outside = (audience.communes ?? []).filter((c) => !officer.communes.includes(c));
      if (outside.length) throw new AnnouncementRefused('Chỉ gửi được cho người dân thuộc xã/phường của anh/chị.');
      if (!audience.communes?.length) audience.communes = [...officer.communes];
    }
    return { text: `${t}\n\n${dashboardTexts.announcementFooter}`, audience };
  }

  preview(officer: Officer, draft: Draft): Preview {
    const { text, audience } = this.resolve(officer, draft);
    return { text, audience, recipients: this.repo.countAudience(audience, this.scope(officer), this.now()) };
  }

  create(officer: Officer, draft: Draft): { id: number; recipients: number } {
    const { text, audience } = this.resolve(officer, draft);
    const now = this.now();
    const notBefore = draft.notBefore && draft.notBefore > now ? draft.notBefore : now;
    const created = this.repo.create({ createdBy: actorOf(officer), kind: 'announcement', text, audience, notBefore }, this.scope(officer), now);
    this.audit.record(actorOf(officer), 'broadcast.create', { id: created.id, recipients: created.recipients, audience, notBefore: notBefore.toISOString() }, now);
    this.onQueued();
    return created;
  }

  private mayAccess(officer: Officer, b: Broadcast): boolean {
    if (officer.role === 'admin') return true;
    const c = b.audience.communes;
    return b.kind === 'announcement' && c !== undefined && c.length > 0 && c.every((x) => officer.communes.includes(x));
  }

  history(officer: Officer, limit = 20): Broadcast[] {
    return this.repo
      .list(500)
      .filter((b) => this.mayAccess(officer, b))
      .slice(0, limit);
  }

  private change(officer: Officer, id: number, action: 'pause' | 'resume' | 'cancel' | 'resend'): Broadcast {
    const b = this.repo.get(id);
    if (!b || !this.mayAccess(officer, b)) throw new AnnouncementRefused('Không tìm thấy thông báo này.');
    const now = this.now();
    const detail: Record<string, unknown> = { id };
    if (action === 'pause' && b.state === 'sending') this.repo.setState(id, 'paused', now);
    else if (action === 'resume' && b.state === 'paused') this.repo.setState(id, 'sending', now);
    else if (action === 'cancel' && (b.state === 'sending' || b.state === 'paused')) this.repo.setState(id, 'cancelled', now);
    else if (action === 'resend' && b.state !== 'cancelled') {
      detail.requeued = this.repo.requeueInDoubt(id, now);
      if (b.state === 'done') this.repo.setState(id, 'sending', now);
    } else throw new AnnouncementRefused('Thao tác này không áp dụng được lúc này.');
    this.audit.record(actorOf(officer), `broadcast.${action}`, detail, now);
    if (action === 'resume' || action === 'resend') this.onQueued();
    return this.repo.get(id)!;
  }

  pause(officer: Officer, id: number): Broadcast {
    return this.change(officer, id, 'pause');
  }
  resume(officer: Officer, id: number): Broadcast {
    return this.change(officer, id, 'resume');
  }
  cancel(officer: Officer, id: number): Broadcast {
    return this.change(officer, id, 'cancel');
  }
  resendInDoubt(officer: Officer, id: number): Broadcast {
    return this.change(officer, id, 'resend');
  }
}
