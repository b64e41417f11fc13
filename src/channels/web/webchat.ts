import type { FastifyInstance } from 'fastify';
import { ImageTooLargeError, type Inbound, type Outbound } from '../../core/types.js';
import type { RateLimiter } from '../../lib/rate-limit.js';
import type { IntakeSink, ReplySender } from '../contract.js';
import { WEB_MAX_TEXT, webChatPage } from './page.js';
import type { SessionSigner } from './session-token.js';

/**
 * The web chat channel: a real adapter over HTTP, for trying the assistant in a browser and for
 * officers to preview it.
 *
 *   POST /api/chat/open  {session?}            → {session, replies}  the greeting (or welcome back and
 *                                                what is pending); issues a signed session when the page
 *                                                has none or an invalid one (limited per address)
 *   POST /api/chat       {session, id, text|action} → {replies, limited}  one message, through the intake
 *   GET  /api/chat?session=…                  → {replies}  replies delivered while no request waited
 *
 * Sessions are signed tokens issued by the server ({@link SessionSigner}); the page keeps its token in
 * localStorage. Opening a session stores nothing: the learner row is created by the first real message
 * (sent with `greeted: true`, so the Conversation carries on from the greeting the page shows).
 */
export interface WebChatOptions {
  intake: IntakeSink;
  signer: SessionSigner;
  /** What the page shows when it opens: Conversation.greeting for the `web` channel. */
  greeting: (sessionId: string) => Promise<Outbound[]>;
  /** New sessions per client address (key: the address). Over it, `open` answers 429. */
  newSessions?: RateLimiter;
  /** Sessions idle longer than this are forgotten from memory (default 1 h). */
  sessionTtlMs?: number;
  now?: () => number;
}

export { WEB_MAX_TEXT };
/** Largest picture accepted from the page (bytes, after base64 decoding). */
export const WEB_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const DATA_URL = /^data:image\/(?:jpeg|png);base64,([A-Za-z0-9+/=]+)$/;
const MESSAGE_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** Undelivered replies kept per session. */
const MAILBOX_LIMIT = 50;
const MAX_SESSIONS = 10_000;

interface Mailbox {
  replies: Outbound[];
  touched: number;
}

interface PostBody {
  session?: unknown;
  id?: unknown;
  text?: unknown;
  action?: unknown;
  /** A picture as a data URL (`data:image/jpeg;base64,…`), for the scam check's QR reading. */
  image?: unknown;
}

export class WebChat implements ReplySender {
  readonly channel = 'web' as const;
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly now: () => number;
  private readonly ttl: number;

  constructor(private readonly options: WebChatOptions) {
    this.now = options.now ?? Date.now;
    this.ttl = options.sessionTtlMs ?? 3_600_000;
  }

  /** Delivery = putting the reply in the session's mailbox, for the waiting request to take. */
  async send(chatId: string, reply: Outbound): Promise<void> {
    const box = this.mailbox(chatId);
    box.replies.push(reply);
    if (box.replies.length > MAILBOX_LIMIT) box.replies.splice(0, box.replies.length - MAILBOX_LIMIT);
  }

  /** Takes (and forgets) the replies waiting for `session`. */
  take(session: string): Outbound[] {
    const box = this.mailboxes.get(session);
    if (!box) return [];
    const replies = box.replies;
    box.replies = [];
    box.touched = this.now();
    return replies;
  }

  /** Mounts `GET /` and the JSON endpoints on the service's server. */
  register(app: FastifyInstance): void {
    app.get('/', async (_req, reply) => {
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'")
        .header('x-content-type-options', 'nosniff')
        .send(webChatPage);
    });

    app.post<{ Body: PostBody }>('/api/chat/open', async (req, reply) => {
      const body = (req.body ?? {}) as PostBody;
      let token = typeof body.session === 'string' ? body.session : undefined;
      let id = this.options.signer.verify(token);
      if (!id) {
        if (this.options.newSessions && this.options.newSessions.check(req.ip) !== 'allow') {
          return reply.code(429).send({ ok: false, error: 'sessions' });
        }
        ({ token, id } = this.options.signer.issue());
      }
      const greeting = await this.options.greeting(id);
      return { ok: true, session: token, replies: [...greeting, ...this.take(id)] };
    });

    app.get<{ Querystring: { session?: string } }>('/api/chat', async (req, reply) => {
      const id = this.options.signer.verify(req.query.session);
      if (!id) return reply.code(401).send({ ok: false, error: 'session' });
      return { ok: true, replies: this.take(id) };
    });

    // The body may carry a photo (base64 is a third larger than the picture).
    app.post<{ Body: PostBody }>('/api/chat', { bodyLimit: Math.ceil((WEB_MAX_IMAGE_BYTES * 4) / 3) + 4096 }, async (req, reply) => {
      const body = (req.body ?? {}) as PostBody;
      const session = this.options.signer.verify(body.session);
      if (!session) return reply.code(401).send({ ok: false, error: 'session' });
      if (typeof body.id !== 'string' || !MESSAGE_ID_RE.test(body.id)) return reply.code(400).send({ ok: false, error: 'id' });
      const base = { channel: 'web' as const, chatId: session, userId: session, greeted: true };
      let inbound: Inbound;
      if (typeof body.image === 'string') {
        const m = DATA_URL.exec(body.image);
        if (!m) return reply.code(400).send({ ok: false, error: 'image' });
        const bytes = Buffer.from(m[1] ?? '', 'base64');
        if (bytes.byteLength === 0) return reply.code(400).send({ ok: false, error: 'image' });
        const caption = typeof body.text === 'string' && body.text.trim() !== '' ? { text: body.text.trim().slice(0, WEB_MAX_TEXT) } : {};
        // Held in memory for this request only; the intake records the message without it.
        const image = {
          load: async (maxBytes: number) => {
            if (bytes.byteLength > Math.min(maxBytes, WEB_MAX_IMAGE_BYTES)) throw new ImageTooLargeError(`image of ${bytes.byteLength} bytes`);
            return bytes;
          },
        };
        inbound = { ...base, kind: 'image' as const, ...caption, image };
      } else if (typeof body.action === 'string' && body.action.length > 0 && Buffer.byteLength(body.action) <= 64) {
        inbound = { ...base, kind: 'action', action: body.action };
      } else if (typeof body.text === 'string' && body.text.trim() !== '') {
        const text = body.text.trim();
        // Refused, never cut: the page shows the limit.
        if (text.length > WEB_MAX_TEXT) return reply.code(413).send({ ok: false, error: 'too-long', max: WEB_MAX_TEXT });
        inbound = { ...base, kind: 'text', text };
      } else {
        return reply.code(400).send({ ok: false, error: 'text' });
      }
      this.mailbox(session);
      const { done, limited } = await this.options.intake.accept(`web:${session}:${body.id}`, inbound);
      await done;
      return { ok: true, replies: this.take(session), limited: limited === true };
    });
  }

  private mailbox(session: string): Mailbox {
    let box = this.mailboxes.get(session);
    if (!box) {
      if (this.mailboxes.size >= MAX_SESSIONS) this.sweep();
      box = { replies: [], touched: this.now() };
      this.mailboxes.set(session, box);
    }
    box.touched = this.now();
    return box;
  }

  private sweep(): void {
    const cutoff = this.now() - this.ttl;
    for (const [key, box] of this.mailboxes) if (box.touched < cutoff) this.mailboxes.delete(key);
    // Still full of live sessions: drop the oldest (a Map iterates in insertion order).
    while (this.mailboxes.size >= MAX_SESSIONS) {
      const oldest = this.mailboxes.keys().next().value;
      if (oldest === undefined) break;
      this.mailboxes.delete(oldest);
    }
  }
}
