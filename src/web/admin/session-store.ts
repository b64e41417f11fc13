import { createHash } from 'node:crypto';
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { AdminSessionRepository } from '../../store/admin-session-repository.js';

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, result?: Session | null) => void;

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * The @fastify/session store over SQLite: sessions survive a restart, expire with their cookie (or
 * after `idleMs` when the cookie has no expiry), and only a hash of the session id is kept.
 */
export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly repo: AdminSessionRepository,
    private readonly idleMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  set(sessionId: string, session: Session, callback: Callback): void {
    try {
      const cookieExpires = session.cookie?.expires ? new Date(session.cookie.expires) : undefined;
      const expires = cookieExpires && !Number.isNaN(cookieExpires.getTime()) ? cookieExpires : new Date(this.now().getTime() + this.idleMs);
      this.repo.set(hashId(sessionId), JSON.stringify(session), expires);
      callback();
    } catch (err) {
      callback(err);
    }
  }

  get(sessionId: string, callback: GetCallback): void {
    try {
      const data = this.repo.get(hashId(sessionId), this.now());
      callback(undefined, data === undefined ? null : (JSON.parse(data) as Session));
    } catch (err) {
      callback(err);
    }
  }

  destroy(sessionId: string, callback: Callback): void {
    try {
      this.repo.delete(hashId(sessionId));
      callback();
    } catch (err) {
      callback(err);
    }
  }
}
