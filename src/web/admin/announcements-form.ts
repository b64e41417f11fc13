import type { Audience } from '../../broadcast/types.js';
import type { TopicId } from '../../content/schema.js';
import type { ChannelId } from '../../core/types.js';
import type { Draft } from './announcement-desk.js';
import type { ComposeValues } from './pages.js';

/** The compose form as posted (a multi-select arrives as a string or an array). */
export type ComposeValuesInput = Record<string, string | string[] | undefined>;

export function emptyCompose(): ComposeValues {
  return { text: '', communes: [], channel: '', topic: '', inactiveDays: '', completed: '', at: '' };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function normalizeValues(v: ComposeValuesInput): ComposeValues {
  return {
    text: one(v.text).slice(0, 2000),
    communes: [v.communes ?? []].flat().filter((c) => typeof c === 'string' && c !== ''),
    channel: one(v.channel),
    topic: one(v.topic),
    inactiveDays: one(v.inactiveDays),
    completed: one(v.completed),
    at: one(v.at),
  };
}

/** `YYYY-MM-DDTHH:MM` typed as Vietnam time → Date; undefined when empty; null when malformed. */
export function parseLocalTime(at: string): Date | undefined | null {
  if (!at) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at)) return null;
  const d = new Date(`${at}:00+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The draft the form describes, or a Vietnamese message saying what is wrong. */
export function draftFrom(input: ComposeValuesInput, topics: readonly TopicId[], channels: readonly ChannelId[]): Draft | string {
  const v = normalizeValues(input);
  const audience: Audience = {};
  if (v.communes.length) audience.communes = v.communes;
  if (v.channel) {
    if (!channels.includes(v.channel as ChannelId)) return 'Kênh không hợp lệ.';
    audience.channel = v.channel as ChannelId;
  }
  if (v.topic) {
    if (!topics.includes(v.topic as TopicId)) return 'Chủ đề không hợp lệ.';
    audience.notPassedTopic = v.topic as TopicId;
  }
  if (v.inactiveDays) {
    const n = Number(v.inactiveDays);
    if (!Number.isInteger(n) || n < 1 || n > 365) return 'Số ngày không hoạt động phải từ 1 đến 365.';
    audience.inactiveDays = n;
  }
  if (v.completed === 'yes') audience.completedAll = true;
  else if (v.completed === 'no') audience.completedAll = false;
  const notBefore = parseLocalTime(v.at);
  if (notBefore === null) return 'Thời gian gửi không hợp lệ.';
  if (!v.text.trim()) return 'Nội dung thông báo đang trống.';
  return { text: v.text, audience, notBefore };
}
