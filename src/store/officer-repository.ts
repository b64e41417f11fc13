import type { ChannelId } from '../messages.js';
import type { Officer, OfficerRole } from '../officers/types.js';
import type { Db } from './database.js';

interface OfficerRow {
  id: number;
  channel: string;
  platform_user_id: string;
  role: string;
  communes: string;
  display_name: string | null;
  created_at: string;
  created_by: string;
}

function toOfficer(r: OfficerRow): Officer {
  return {
    id: r.id,
    channel: r.channel as ChannelId,
    platformUserId: r.platform_user_id,
    role: r.role as OfficerRole,
    communes: JSON.parse(r.communes) as string[],
    displayName: r.display_name ?? undefined,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export interface OfficerGrant {
  channel: ChannelId;
  platformUserId: string;
  role: OfficerRole;
  communes: string[];
  displayName?: string;
  createdBy: string;
}

export interface InviteRecord {
  role: OfficerRole;
  communes: string[];
  createdBy: string;
  expiresAt: string;
  usedAt?: string;
}

/** Officers, admins and their invitations. */
export class OfficerRepository {
  private readonly byKeyStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly listStmt;
  private readonly insertInviteStmt;
  private readonly inviteStmt;
  private readonly useInviteStmt;

  constructor(private readonly db: Db) {
    this.byKeyStmt = db.prepare<[string, string], OfficerRow>('SELECT * FROM officers WHERE channel = ? AND platform_user_id = ?');
    this.upsertStmt = db.prepare(
      `INSERT INTO officers (channel, platform_user_id, role, communes, display_name, created_at, created_by)
       VALUES (@channel, @platformUserId, @role, @communes, @displayName, @at, @createdBy)
       ON CONFLICT (channel, platform_user_id) DO UPDATE SET role = excluded.role, communes = excluded.communes,
         display_name = COALESCE(excluded.display_name, officers.display_name)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM officers WHERE channel = ? AND platform_user_id = ?');
    this.listStmt = db.prepare<[], OfficerRow>('SELECT * FROM officers ORDER BY role, channel, platform_user_id');
    this.insertInviteStmt = db.prepare(
      'INSERT INTO officer_invites (code_hash, role, communes, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.inviteStmt = db.prepare<[string], { role: string; communes: string; created_by: string; expires_at: string; used_at: string | null }>(
      'SELECT role, communes, created_by, expires_at, used_at FROM officer_invites WHERE code_hash = ?',
    );
    this.useInviteStmt = db.prepare('UPDATE officer_invites SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL');
  }

  find(channel: ChannelId, platformUserId: string): Officer | undefined {
    const row = this.byKeyStmt.get(channel, platformUserId);
    return row ? toOfficer(row) : undefined;
  }

  /** Grants (or changes) a role; returns the officer as stored. */
  grant(g: OfficerGrant, at: Date): Officer {
    this.upsertStmt.run({
      channel: g.channel,
      platformUserId: g.platformUserId,
      role: g.role,
      communes: JSON.stringify(g.role === 'admin' ? [] : [...new Set(g.communes)].sort()),
      displayName: g.displayName ?? null,
      at: at.toISOString(),
      createdBy: g.createdBy,
    });
    return this.find(g.channel, g.platformUserId)!;
  }

  /** Removes a role; false when the person had none. */
  revoke(channel: ChannelId, platformUserId: string): boolean {
    return this.deleteStmt.run(channel, platformUserId).changes > 0;
  }

  list(): Officer[] {
    return this.listStmt.all().map(toOfficer);
  }

  addInvite(codeHash: string, invite: Omit<InviteRecord, 'usedAt'>, at: Date): void {
    this.insertInviteStmt.run(codeHash, invite.role, JSON.stringify(invite.communes), invite.createdBy, at.toISOString(), invite.expiresAt);
  }

  invite(codeHash: string): InviteRecord | undefined {
    const r = this.inviteStmt.get(codeHash);
    return r
      ? { role: r.role as OfficerRole, communes: JSON.parse(r.communes) as string[], createdBy: r.created_by, expiresAt: r.expires_at, usedAt: r.used_at ?? undefined }
      : undefined;
  }

  /** Marks an invitation used; false when it was used already (two people racing for one code). */
  useInvite(codeHash: string, usedBy: string, at: Date): boolean {
    return this.useInviteStmt.run(at.toISOString(), usedBy, codeHash).changes > 0;
  }

  /** Runs `fn` in one transaction (an invitation is used and the role granted together). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
