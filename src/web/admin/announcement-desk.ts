import type { Audience, Broadcast } from '../../broadcast/types.js';
import type { ChannelId } from '../../core/types.js';
import { BroadcastDenied, BroadcastInputError, type BroadcastService } from '../../broadcast/broadcast-service.js';
import type { Officer } from '../../officers/types.js';

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

/**
 * The dashboard's desk is the chat's {@link BroadcastService} (one set of rules for both): its refusals
 * become {@link AnnouncementRefused}, which the page shows to the officer.
 */
export class ServiceAnnouncementDesk implements AnnouncementDesk {
  constructor(private readonly service: BroadcastService) {}

  get channels(): readonly ChannelId[] {
    return this.service.channels;
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof BroadcastDenied || e instanceof BroadcastInputError) throw new AnnouncementRefused(e.message);
      throw e;
    }
  }

  preview(officer: Officer, draft: Draft): Preview {
    return this.guard(() => this.service.preview(officer, draft));
  }

  create(officer: Officer, draft: Draft): { id: number; recipients: number } {
    return this.guard(() => this.service.create(officer, draft));
  }

  history(officer: Officer, limit?: number): Broadcast[] {
    return this.guard(() => this.service.history(officer, limit));
  }

  pause(officer: Officer, id: number): Broadcast {
    return this.guard(() => this.service.pause(officer, id));
  }

  resume(officer: Officer, id: number): Broadcast {
    return this.guard(() => this.service.resume(officer, id));
  }

  cancel(officer: Officer, id: number): Broadcast {
    return this.guard(() => this.service.cancel(officer, id));
  }

  resendInDoubt(officer: Officer, id: number): Broadcast {
    return this.guard(() => this.service.resendInDoubt(officer, id));
  }
}
