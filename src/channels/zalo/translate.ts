import { z } from 'zod';
import type { Inbound } from '../../core/types.js';
import { fetchImage } from '../fetch-image.js';
import type { ZaloUpdate } from './types.js';

/** A Zalo update turned into what the dispatcher takes. */
export interface ZaloIntake {
  /** Dedupe key: `zalo:<event_name>:<message_id>` (the platform may redeliver). */
  key: string;
  inbound: Inbound;
}

/**
 * Accepts both webhook body shapes: bare `{event_name, message}` and wrapped `{ok, result: {...}}`.
 * Returns undefined when the body is not an update at all.
 */
export function unwrapZaloBody(body: unknown): ZaloUpdate | undefined {
  if (!isObject(body)) return undefined;
  const candidate = body.ok === true && isObject(body.result) ? body.result : body;
  return isZaloUpdate(candidate) ? candidate : undefined;
}

/** An id as Zalo sends it: a short string (or a number, tolerated); never an object. */
const idSchema = z.union([z.string().min(1).max(128), z.number().finite()]);

/**
 * The parts of an update this adapter reads, validated at the boundary (other fields pass through):
 * event name, message id and chat id are required; names and text must be strings.
 */
const updateSchema = z.looseObject({
  event_name: z.string().min(1).max(200),
  message: z.looseObject({
    message_id: idSchema,
    chat: z.looseObject({ id: idSchema }),
    from: z
      .looseObject({
        id: idSchema,
        display_name: z.string().max(1000).optional(),
        name: z.string().max(1000).optional(),
        first_name: z.string().max(1000).optional(),
        is_bot: z.boolean().optional(),
      })
      .optional(),
    text: z.string().optional(),
  }),
});

/** Structural check of an update (zod): event name, message id and chat id are required. */
export function isZaloUpdate(value: unknown): value is ZaloUpdate {
  return updateSchema.safeParse(value).success;
}

/**
 * Translates an update (DESIGN.md: adapters translate, nothing else). Text messages become `text`,
 * images `image` (caption as text, the photo URL fetched on demand), stickers and everything the bot
 * cannot read become `unsupported`. Messages from bots give
 * `undefined` (never answer another bot).
 */
export function translateZaloUpdate(update: ZaloUpdate): ZaloIntake | undefined {
  const m = update.message;
  if (m.from?.is_bot) return undefined;
  const chatId = String(m.chat.id);
  const userId = String(m.from?.id ?? m.chat.id);
  const userName = m.from?.display_name ?? m.from?.name ?? m.from?.first_name;
  const base = { channel: 'zalo' as const, chatId, userId, ...(userName ? { userName } : {}) };
  const key = `zalo:${update.event_name}:${String(m.message_id)}`;
  if (update.event_name === 'message.text.received' && typeof m.text === 'string' && m.text.trim() !== '') {
    return { key, inbound: { ...base, kind: 'text', text: m.text } };
  }
  if (update.event_name === 'message.image.received' && typeof m.photo_url === 'string' && /^https?:\/\//i.test(m.photo_url)) {
    const url = m.photo_url;
    const caption = typeof m.caption === 'string' && m.caption.trim() !== '' ? { text: m.caption } : {};
    // The picture is fetched only if the conversation wants it (a scam check), never recorded.
    return { key, inbound: { ...base, kind: 'image', ...caption, image: { load: (maxBytes: number) => fetchImage(url, maxBytes) } } };
  }
  if (update.event_name.startsWith('message.')) {
    return { key, inbound: { ...base, kind: 'unsupported' } };
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> & { [k: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
