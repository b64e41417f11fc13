import type { ChannelId } from '../messages.js';

/** `admin`: the whole province; `officer`: the xã/phường listed in `communes`. */
export type OfficerRole = 'admin' | 'officer';

export interface Officer {
  id: number;
  channel: ChannelId;
  platformUserId: string;
  role: OfficerRole;
  /** Commune codes (content/communes.yaml); empty for an admin. */
  communes: string[];
  displayName?: string;
  createdAt: string;
  createdBy: string;
}

/** One line of the audit log. */
export interface AuditEntry {
  id: number;
  at: string;
  /** "cli", or "<channel>:<platform user id>" of the officer. */
  actor: string;
  action: AuditAction;
  detail: Record<string, unknown>;
}

export type AuditAction =
  | 'officer.grant'
  | 'officer.revoke'
  | 'officer.invite'
  | 'officer.invite_used'
  | 'officer.denied'
  | 'login'
  | 'broadcast.create'
  | 'broadcast.cancel'
  | 'broadcast.pause'
  | 'broadcast.resume'
  | 'broadcast.resend'
  | 'reminder.rule'
  | 'report.export'
  | 'population.import';

/** How an officer is named in the audit log. */
export function actorOf(o: Pick<Officer, 'channel' | 'platformUserId'>): string {
  return `${o.channel}:${o.platformUserId}`;
}
