import { createHash, randomBytes } from 'node:crypto';
import type { ChannelId } from '../messages.js';
import type { AuditRepository } from '../store/audit-repository.js';
import type { SignInLinkRepository } from '../store/sign-in-link-repository.js';
import type { OfficerService } from './officer-service.js';
import { actorOf, type Officer } from './types.js';

/** How long a dashboard sign-in link can be used. */
export const LINK_MINUTES = 10;
/** The path a link opens; the token follows it. */
export const LINK_PATH = '/admin/dangnhap/';

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export type ConsumeResult =
  | { kind: 'ok'; officer: Officer }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'used' }
  /** The link was real but its officer's role has been revoked since. */
  | { kind: 'revoked' };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * One-time dashboard sign-in links: an officer sends /dangnhap to the bot and gets
 * `<base>/admin/dangnhap/<token>`, valid {@link LINK_MINUTES} minutes, usable once. The token is 256
 * random bits; only its SHA-256 is stored. Every use (and every refused use of a real link) is audited.
 */
export class SignInLinks {
  constructor(
    private readonly links: SignInLinkRepository,
    private readonly officers: OfficerService,
    private readonly audit: AuditRepository,
    /** The public address of the dashboard (PUBLIC_URL, else the server's own address). */
    private readonly baseUrl: () => string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  issue(officer: Pick<Officer, 'channel' | 'platformUserId'>): { url: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
    this.links.prune(new Date(now.getTime() - 86_400_000));
    this.links.add(hashToken(token), officer.channel, officer.platformUserId, now, expiresAt);
    return { url: `${this.baseUrl().replace(/\/+$/, '')}${LINK_PATH}${token}`, expiresAt };
  }

  /** True when the text could be a token (checked before any lookup). */
  static looksLikeToken(token: string): boolean {
    return TOKEN_RE.test(token);
  }

  /** Uses a link: once, before it expires, by someone who is still an officer. */
  consume(token: string): ConsumeResult {
    if (!SignInLinks.looksLikeToken(token)) return { kind: 'invalid' };
    const hash = hashToken(token);
    const now = this.now();
    return this.links.transaction((): ConsumeResult => {
      const link = this.links.get(hash);
      if (!link) return { kind: 'invalid' };
      const actor = `${link.channel}:${link.platformUserId}`;
      const refuse = (kind: 'expired' | 'used' | 'revoked'): ConsumeResult => {
        this.audit.record(actor, 'login', { ok: false, reason: kind }, now);
        return { kind };
      };
      if (link.usedAt) return refuse('used');
      if (Date.parse(link.expiresAt) <= now.getTime()) return refuse('expired');
      if (!this.links.use(hash, now)) return refuse('used');
      const officer = this.officers.find(link.channel as ChannelId, link.platformUserId);
      if (!officer) return refuse('revoked');
      this.audit.record(actorOf(officer), 'login', { ok: true, via: 'bot-link' }, now);
      return { kind: 'ok', officer };
    });
  }
}
