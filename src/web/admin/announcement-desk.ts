import type { Broadcast } from '../../broadcast/types.js';
import type { ChannelId } from '../../core/types.js';
import { BroadcastDenied, BroadcastInputError, type BroadcastService, type Draft, type Preview } from '../../broadcast/broadcast-service.js';
import type { Officer } from '../../officers/types.js';

export type { Draft, Preview } from '../../broadcast/broadcast-service.js';

/** What the Announcements page needs: the chat's BroadcastService, through {@link ServiceAnnouncementDesk}. */
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

export { MAX_BROADCAST_CHARS as MAX_ANNOUNCEMENT_CHARS } from '../../broadcast/broadcast-service.js';

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
