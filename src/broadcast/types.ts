import type { TopicId } from '../content/schema.js';
import type { ChannelId } from '../messages.js';

/**
 * Who an announcement reaches. Only people with announcements switched on (and reachable) are ever
 * included; the filters narrow that down. An officer's audience is always within their communes.
 */
export interface Audience {
  /** Commune codes; absent = every commune the sender may reach. */
  communes?: string[];
  /** One channel only. */
  channel?: ChannelId;
  /** People who have not passed this topic's quiz. */
  notPassedTopic?: TopicId;
  /** People with no activity for at least this many days. */
  inactiveDays?: number;
  /** true: people who passed every topic (have a completion code); false: people who have not. */
  completedAll?: boolean;
}

export type BroadcastKind = 'announcement' | 'reminder';
export type BroadcastState = 'sending' | 'paused' | 'cancelled' | 'done';
export type RecipientState = 'queued' | 'sending' | 'sent' | 'failed' | 'blocked' | 'in-doubt' | 'skipped';
export const RECIPIENT_STATES: RecipientState[] = ['queued', 'sending', 'sent', 'failed', 'blocked', 'in-doubt', 'skipped'];

export interface Broadcast {
  id: number;
  createdBy: string;
  kind: BroadcastKind;
  text: string;
  audience: Audience;
  state: BroadcastState;
  notBefore: string;
  createdAt: string;
  finishedAt?: string;
  counts: Record<RecipientState, number>;
}

/** One message to deliver, claimed by the delivery worker. */
export interface Delivery {
  broadcastId: number;
  learnerId: number;
  channel: ChannelId;
  chatId: string;
  text: string;
  attempts: number;
}
