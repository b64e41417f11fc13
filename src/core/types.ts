/**
 * The channel-agnostic message types (DESIGN.md): a channel adapter turns a platform update into an
 * {@link Inbound}, the Conversation answers with {@link Outbound} values, the adapter renders them.
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
}

/**
 * A picture the channel can fetch on demand (Telegram getFile, Zalo's image URL, the web chat upload).
 * `load` resolves to the bytes, at most `maxBytes`, or rejects (too large, gone, network trouble).
 * A function, so JSON.stringify drops it: the intake record never holds the image.
 */
export interface InboundImage {
  load(maxBytes: number): Promise<Uint8Array>;
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

/** What the caller of {@link MessageHandler.handle} may ask of it. */
export interface HandleOptions {
  /**
   * Stores the final replies. A handler that writes to the same SQLite database may call it inside
   * its last transaction, so the replies commit together with its own writes (one commit fewer);
   * it then returns that same array. The caller stores any other returned array itself.
   */
  keep?(replies: Outbound[]): void;
}

/** Anything that turns one inbound message into replies: the Conversation, or a test double. */
export interface MessageHandler {
  handle(inbound: Inbound, options?: HandleOptions): Promise<Outbound[]>;
}

/** An image larger than the limit given to {@link InboundImage.load}. */
export class ImageTooLargeError extends Error {
  override readonly name = 'ImageTooLargeError';
}
