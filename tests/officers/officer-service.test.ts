import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfficerInputError, OfficerService } from '../../src/officers/officer-service.js';
import { AuditRepository } from '../../src/store/audit-repository.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { OfficerRepository } from '../../src/store/officer-repository.js';

let dir = '';
let db: Db;
let now = new Date('2026-12-01T08:00:00Z');
let service: OfficerService;
let audit: AuditRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'officers-'));
  db = openDatabase(join(dir, 'app.db'));
  audit = new AuditRepository(db);
  now = new Date('2026-12-01T08:00:00Z');
  service = new OfficerService(new OfficerRepository(db), audit, new Set(['08290', '08293']), () => now);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OfficerService', () => {
  it('grants, scopes and revokes, writing each change to the audit log', () => {
    const o = service.grant('cli', { channel: 'telegram', platformUserId: '42', role: 'officer', communes: ['08293', '08290', '08290'] });
    expect(o.communes).toEqual(['08290', '08293']);
    expect(service.mayReach(o, '08290')).toBe(true);
    expect(service.mayReach(o, '09999')).toBe(false);
    expect(service.mayReach(o, undefined)).toBe(false);
    const admin = service.grant('cli', { channel: 'zalo', platformUserId: 'a', role: 'admin', communes: [] });
    expect(service.mayReach(admin, undefined)).toBe(true);
    expect(service.revoke('cli', 'telegram', '42')).toBe(true);
    expect(service.find('telegram', '42')).toBeUndefined();
    expect(audit.recent().map((e) => e.action)).toEqual(['officer.revoke', 'officer.grant', 'officer.grant']);
  });

  it('refuses unknown communes and an officer without a commune', () => {
    expect(() => service.grant('cli', { channel: 'telegram', platformUserId: '1', role: 'officer', communes: ['nope'] })).toThrow(OfficerInputError);
    expect(() => service.grant('cli', { channel: 'telegram', platformUserId: '1', role: 'officer', communes: [] })).toThrow(OfficerInputError);
  });

  it('an invitation works once, before it expires, typed leniently; only its hash is stored', () => {
    const { code } = service.createInvite('cli', 'officer', ['08290']);
    expect(code).toMatch(/^CB-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);
    const stored = db.prepare('SELECT code_hash FROM officer_invites').all() as { code_hash: string }[];
    expect(JSON.stringify(stored)).not.toContain(code);
    const typed = code.toLowerCase().replace(/-/g, ' ');
    expect(service.looksLikeInvite(typed)).toBe(true);
    const r = service.claimInvite(typed, { channel: 'telegram', platformUserId: '7' });
    expect(r.kind).toBe('granted');
    expect(service.find('telegram', '7')?.communes).toEqual(['08290']);
    expect(service.claimInvite(code, { channel: 'telegram', platformUserId: '8' }).kind).toBe('used');
    expect(service.find('telegram', '8')).toBeUndefined();
  });

  it('an expired or mistyped invitation grants nothing', () => {
    const { code } = service.createInvite('cli', 'officer', ['08290'], 1);
    now = new Date(now.getTime() + 2 * 86_400_000);
    expect(service.claimInvite(code, { channel: 'zalo', platformUserId: '9' }).kind).toBe('expired');
    const wrong = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    expect(service.claimInvite(wrong, { channel: 'zalo', platformUserId: '9' }).kind).toBe('invalid');
    expect(service.find('zalo', '9')).toBeUndefined();
  });
});
