import type { Update } from 'telegraf/types';
import { z } from 'zod';
import type { Inbound } from '../../core/types.js';

/** A Telegram update turned into what the dispatcher takes. */
export interface TelegramIntake {
  /** Dedupe key `telegram:<bot id>:<update_id>` (update ids are per bot). */
  key: string;
  inbound: Inbound;
  /** Set for button presses: the query must be answered. */
  callbackQueryId?: string;
  /** Set for photos (and pictures sent as files): the file to fetch with getFile, and its size if known. */
  photo?: { fileId: string; size?: number };
}

/** Message kinds the bot cannot read: they get a kind "text only" answer. */
const MEDIA_FIELDS = [
  'photo', 'sticker', 'voice', 'audio', 'video', 'video_note', 'animation', 'document', 'location', 'contact', 'poll', 'dice', 'venue',
] as const;

/** True for a JSON value shaped like an update (an object with an integer `update_id`). */
export function isTelegramUpdate(value: unknown): value is Update {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const id = (value as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}

/**
 * The parts of an update this adapter reads, validated at the boundary (anything else in the update
 * passes through untouched): ids are integers, names and texts strings. An update whose `chat.id` is an
 * object, a `from` without an id, a text that is not a string… is refused, never answered.
 */
const userSchema = z.looseObject({
  id: z.number().int().safe(),
  is_bot: z.boolean().optional(),
  first_name: z.string().max(1000).optional(),
  last_name: z.string().max(1000).optional(),
});
const chatSchema = z.looseObject({ id: z.number().int().safe() });
const messageSchema = z.looseObject({
  message_id: z.number().int().optional(),
  chat: chatSchema,
  from: userSchema.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(z.looseObject({ file_id: z.string().min(1), file_size: z.number().optional() })).optional(),
  document: z.looseObject({ file_id: z.string().min(1), file_size: z.number().optional(), mime_type: z.string().optional() }).optional(),
});
const updateSchema = z.looseObject({
  update_id: z.number().int().nonnegative().safe(),
  message: messageSchema.optional(),
  callback_query: z
    .looseObject({
      id: z.string().min(1).max(256),
      from: userSchema,
      data: z.string().optional(),
      message: z.looseObject({ chat: chatSchema }).optional(),
    })
    .optional(),
});

/** What {@link readTelegramUpdate} made of an update. */
export type TelegramReading = { intake: TelegramIntake } | { ignored: true } | { invalid: string };

/**
 * Validates and translates an update (DESIGN.md: adapters translate, nothing else):
 * text → `text` (a `/start@Bot code` command loses its `@Bot`, so deep links arrive as `/start code`),
 * a button press → `action` with its callback data, a photo (or a JPEG/PNG sent as a file) → `image`
 * with its caption and the file to fetch, stickers/voice… → `unsupported`.
 * Edits, service messages and bots are `ignored`; a malformed update is `invalid` (with the first
 * problem's path, for the log: never its values).
 */
export function readTelegramUpdate(value: unknown, botId: string): TelegramReading {
  const parsed = updateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { invalid: issue ? `${issue.path.join('.') || '(update)'}: ${issue.code}` : 'invalid' };
  }
  const update = parsed.data;
  const key = `telegram:${botId}:${update.update_id}`;
  if (update.callback_query) {
    const q = update.callback_query;
    if (q.from.is_bot || typeof q.data !== 'string') return { ignored: true };
    const chatId = String(q.message?.chat.id ?? q.from.id);
    return {
      intake: {
        key,
        callbackQueryId: q.id,
        inbound: { channel: 'telegram', chatId, userId: String(q.from.id), ...nameOf(q.from), kind: 'action', action: q.data },
      },
    };
  }
  const m = update.message;
  if (!m || !m.from || m.from.is_bot) return { ignored: true };
  const base = { channel: 'telegram' as const, chatId: String(m.chat.id), userId: String(m.from.id), ...nameOf(m.from) };
  if (typeof m.text === 'string') {
    const text = m.text.replace(/^(\/[A-Za-z0-9_]+)@[A-Za-z0-9_]+/, '$1');
    return { intake: { key, inbound: { ...base, kind: 'text', text } } };
  }
  const caption = typeof m.caption === 'string' ? { text: m.caption } : {};
  const best = m.photo?.[m.photo.length - 1];
  if (best) {
    // Sizes come smallest first; the largest is at most 1280 px on its longest side.
    return { intake: { key, inbound: { ...base, kind: 'image', ...caption }, photo: { fileId: best.file_id, size: best.file_size } } };
  }
  if (m.document && /^image\/(jpeg|png)$/.test(m.document.mime_type ?? '')) {
    return { intake: { key, inbound: { ...base, kind: 'image', ...caption }, photo: { fileId: m.document.file_id, size: m.document.file_size } } };
  }
  if (MEDIA_FIELDS.some((f) => f in m)) return { intake: { key, inbound: { ...base, kind: 'unsupported' } } };
  return { ignored: true };
}

/** {@link readTelegramUpdate}, keeping only the intake (undefined when ignored or invalid). */
export function translateTelegramUpdate(update: unknown, botId: string): TelegramIntake | undefined {
  const r = readTelegramUpdate(update, botId);
  return 'intake' in r ? r.intake : undefined;
}

function nameOf(user: { first_name?: string; last_name?: string }): { userName?: string } {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return name ? { userName: name } : {};
}
