import type { Update } from 'telegraf/types';
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
 * Translates an update (DESIGN.md: adapters translate, nothing else):
 * text → `text` (a `/start@Bot code` command loses its `@Bot`, so deep links arrive as `/start code`),
 * a button press → `action` with its callback data, a photo (or a JPEG/PNG sent as a file) → `image`
 * with its caption and the file to fetch, stickers/voice… → `unsupported`.
 * Everything else (edits, service messages, bots) gives `undefined`: nothing to answer.
 */
export function translateTelegramUpdate(update: Update, botId: string): TelegramIntake | undefined {
  const key = `telegram:${botId}:${update.update_id}`;
  if ('callback_query' in update && update.callback_query) {
    const q = update.callback_query;
    if (q.from.is_bot || !('data' in q) || typeof q.data !== 'string') return undefined;
    const chatId = String(q.message?.chat.id ?? q.from.id);
    return {
      key,
      callbackQueryId: q.id,
      inbound: { channel: 'telegram', chatId, userId: String(q.from.id), ...nameOf(q.from), kind: 'action', action: q.data },
    };
  }
  if (!('message' in update) || !update.message) return undefined;
  const m = update.message;
  if (!m.from || m.from.is_bot) return undefined;
  const base = { channel: 'telegram' as const, chatId: String(m.chat.id), userId: String(m.from.id), ...nameOf(m.from) };
  if ('text' in m && typeof m.text === 'string') {
    const text = m.text.replace(/^(\/[A-Za-z0-9_]+)@[A-Za-z0-9_]+/, '$1');
    return { key, inbound: { ...base, kind: 'text', text } };
  }
  const caption = 'caption' in m && typeof m.caption === 'string' ? { text: m.caption } : {};
  if ('photo' in m && Array.isArray(m.photo) && m.photo.length > 0) {
    // Sizes come smallest first; the largest is at most 1280 px on its longest side.
    const best = m.photo[m.photo.length - 1]!;
    return { key, inbound: { ...base, kind: 'image', ...caption }, photo: { fileId: best.file_id, size: best.file_size } };
  }
  if ('document' in m && m.document && /^image\/(jpeg|png)$/.test(m.document.mime_type ?? '')) {
    return { key, inbound: { ...base, kind: 'image', ...caption }, photo: { fileId: m.document.file_id, size: m.document.file_size } };
  }
  if (MEDIA_FIELDS.some((f) => f in m)) return { key, inbound: { ...base, kind: 'unsupported' } };
  return undefined;
}

function nameOf(user: { first_name: string; last_name?: string }): { userName?: string } {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return name ? { userName: name } : {};
}
