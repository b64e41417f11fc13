import { createHash, randomBytes } from 'node:crypto';
import type { ChannelId } from '../messages.js';
import { canonicalCompletionCode, makeCompletionCode } from '../learning/completion-code.js';
import type { AuditRepository } from '../store/audit-repository.js';
import type { OfficerRepository } from '../store/officer-repository.js';
import { actorOf, type Officer, type OfficerRole } from './types.js';

/** Invitation codes look like completion codes with another prefix: `CB-XXXX-XXXX-XXX`. */
const INVITE_PREFIX = 'CB';
/** How long an invitation can be used. */
export const INVITE_DAYS = 7;

export class OfficerInputError extends Error {
  override readonly name = 'OfficerInputError';
}

export type ClaimResult =
  | { kind: 'granted'; officer: Officer }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'used' };

/** The communes an officer may see and reach: every one (admin) or their own. */
export type CommuneScope = { all: true } | { all: false; codes: ReadonlySet<string> };

function hashCode(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Who is an officer, and what they may do: roles are granted by the CLI (or by an invitation an admin
 * created, sent to the bot by the future officer), every change is written to the audit log.
 */
export class OfficerService {
  constructor(
    private readonly officers: OfficerRepository,
    private readonly audit: AuditRepository,
    /** Commune codes of content/communes.yaml. */
    private readonly communeCodes: ReadonlySet<string>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The officer behind a chat, if any. */
  find(channel: ChannelId, platformUserId: string): Officer | undefined {
    return this.officers.find(channel, platformUserId);
  }

  list(): Officer[] {
    return this.officers.list();
  }

  scope(officer: Officer): CommuneScope {
    return officer.role === 'admin' ? { all: true } : { all: false, codes: new Set(officer.communes) };
  }

  /** True when the officer may see or reach people of this commune (undefined: no commune recorded → admin only). */
  mayReach(officer: Officer, communeCode: string | undefined): boolean {
    if (officer.role === 'admin') return true;
    return communeCode !== undefined && officer.communes.includes(communeCode);
  }

  private checkGrant(role: OfficerRole, communes: string[]): void {
    if (role === 'officer' && communes.length === 0) throw new OfficerInputError('Cán bộ xã/phường cần ít nhất một mã xã/phường (--commune).');
    const unknown = communes.filter((c) => !this.communeCodes.has(c));
    if (unknown.length) throw new OfficerInputError(`Mã xã/phường không có trong content/communes.yaml: ${unknown.join(', ')}`);
  }

  grant(actor: string, g: { channel: ChannelId; platformUserId: string; role: OfficerRole; communes: string[]; displayName?: string }): Officer {
    this.checkGrant(g.role, g.communes);
    const officer = this.officers.grant({ ...g, createdBy: actor }, this.now());
    this.audit.record(actor, 'officer.grant', { officer: actorOf(officer), role: officer.role, communes: officer.communes }, this.now());
    return officer;
  }

  revoke(actor: string, channel: ChannelId, platformUserId: string): boolean {
    const removed = this.officers.revoke(channel, platformUserId);
    if (removed) this.audit.record(actor, 'officer.revoke', { officer: `${channel}:${platformUserId}` }, this.now());
    return removed;
  }

  /** Creates an invitation; only its hash is stored, so the code is shown once, here. */
  createInvite(actor: string, role: OfficerRole, communes: string[], days = INVITE_DAYS): { code: string; expiresAt: string } {
    this.checkGrant(role, communes);
    const code = makeCompletionCode(randomBytes(7), INVITE_PREFIX);
    const expiresAt = new Date(this.now().getTime() + days * 86_400_000).toISOString();
    this.officers.addInvite(hashCode(code), { role, communes: role === 'admin' ? [] : communes, createdBy: actor, expiresAt }, this.now());
    this.audit.record(actor, 'officer.invite', { role, communes, expiresAt }, this.now());
    return { code, expiresAt };
  }

  /** True when the text has the shape of an invitation code (a cheap test before any lookup). */
  looksLikeInvite(text: string): boolean {
    // The shape only (a mistyped code gets "invalid", not an answer from the assistant).
    return /^\s*cb[\s.-]*[a-z0-9]{4}[\s.-]*[a-z0-9]{4}[\s.-]*[a-z0-9]{3}\s*$/i.test(text);
  }

  /** A person sends an invitation code to the bot: they become an officer once, before it expires. */
  claimInvite(text: string, who: { channel: ChannelId; platformUserId: string; displayName?: string }): ClaimResult {
    const canonical = canonicalCompletionCode(text.trim(), INVITE_PREFIX);
    if (!canonical) return { kind: 'invalid' };
    const hash = hashCode(canonical);
    const now = this.now();
    return this.officers.transaction((): ClaimResult => {
      const invite = this.officers.invite(hash);
      if (!invite) return { kind: 'invalid' };
      if (invite.usedAt) return { kind: 'used' };
      if (Date.parse(invite.expiresAt) <= now.getTime()) return { kind: 'expired' };
      if (!this.officers.useInvite(hash, `${who.channel}:${who.platformUserId}`, now)) return { kind: 'used' };
      const officer = this.officers.grant({ ...who, role: invite.role, communes: invite.communes, createdBy: invite.createdBy }, now);
      this.audit.record(actorOf(officer), 'officer.invite_used', { role: officer.role, communes: officer.communes, invitedBy: invite.createdBy }, now);
      return { kind: 'granted', officer };
    });
  }

  /** Logs a citizen's attempt at an officer command (they get the ordinary unknown-command reply). */
  denied(channel: ChannelId, platformUserId: string, what: string): void {
    this.audit.record(`${channel}:${platformUserId}`, 'officer.denied', { what }, this.now());
  }
}
