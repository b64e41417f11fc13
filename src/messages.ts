/**
 * The messages that cross every layer, and are persisted (intake rows keep an Inbound and its
 * Outbound replies): a channel adapter turns a platform update into an {@link Inbound}, the
 * Conversation answers with {@link Outbound} values, the adapter renders them. They live here, below
 * every layer, so the store depends on nothing above it (src/core re-exports them).
 */
export type ChannelId = 'telegram' | 'zalo' | 'console' | 'web';

export interface Inbound {
  channel: ChannelId;
  /** Where replies go (a private chat id on the platform). */
  chatId: string;
  /** The person, stable on that platform. */
  userId: string;
  userName?: string;
  /** What was typed (kind `text`). */
  text?: string;
  /** A button's payload (kind `action`): a short id, at most 64 bytes. */
  action?: string;
  /**
   * `image`: a photo (its caption, if any, in `text`), read only by the scam check as a QR code.
   * `unsupported`: a sticker, voice, video… the assistant can only read text.
   */
  kind: 'text' | 'action' | 'image' | 'unsupported';
  /** Kind `image`: how to fetch the picture. Never serialised (the durable intake keeps no picture). */
  image?: InboundImage;
  /**
   * The channel already showed this person the greeting of `Conversation.greeting` (the web
   * chat does, before any learner exists): a first message then carries on from that greeting.
   */
  greeted?: boolean;
}

/**
 * A picture the channel can fetch on demand (Telegram getFile, Zalo's image URL, the web chat upload).
 * `load` resolves to the bytes, at most `maxBytes`, or rejects (too large, gone, network trouble).
 * A function, so JSON.stringify drops it: the intake record never holds the image.
 */
export interface InboundImage {
  load(maxBytes: number): Promise<Uint8Array>;
}

/** An image larger than the limit given to {@link InboundImage.load}. */
export class ImageTooLargeError extends Error {
  override readonly name = 'ImageTooLargeError';
}

export interface Choice {
  label: string;
  /** Short action id (≤ 64 bytes UTF-8, Telegram's callback_data limit). */
  action: string;
}

export interface Outbound {
  text: string;
  choices?: Choice[];
  imageUrl?: string;
}
