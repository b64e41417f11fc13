import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Web chat sessions are issued by the server, never chosen by the page: a token is
 * `<id>.<mac>`, where `id` is 16 random bytes and `mac` the first 16 bytes of HMAC-SHA256 over the id
 * with a secret generated once and kept in SQLite (settings). A token the server did not issue is
 * refused; the id alone (the learner's user id on the `web` channel) is never accepted.
 */
const TOKEN_RE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

export class SessionSigner {
  constructor(private readonly secret: Buffer | string) {
    if (Buffer.byteLength(secret) < 16) throw new RangeError('session secret too short');
  }

  /** A new session: its token for the page and its id (the chat and user id). */
  issue(): { token: string; id: string } {
    const id = randomBytes(16).toString('base64url');
    return { token: `${id}.${this.mac(id).toString('base64url')}`, id };
  }

  /** The session id of a token this server issued; undefined for anything else. */
  verify(token: unknown): string | undefined {
    if (typeof token !== 'string') return undefined;
    const m = TOKEN_RE.exec(token);
    if (!m) return undefined;
    const [, id, mac] = m as unknown as [string, string, string];
    const given = Buffer.from(mac, 'base64url');
    const want = this.mac(id);
    return given.length === want.length && timingSafeEqual(given, want) ? id : undefined;
  }

  private mac(id: string): Buffer {
    return createHmac('sha256', this.secret).update(`web-session:${id}`).digest().subarray(0, 16);
  }
}
