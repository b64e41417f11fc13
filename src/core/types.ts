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
  /** `unsupported`: a sticker, photo, voice… the assistant can only read text. */
  kind: 'text' | 'action' | 'unsupported';
  /**
   * The channel already showed this person the greeting of {@link Conversation.greeting} (the web
   * chat does, before any learner exists): a first message then carries on from that greeting.
   */
  greeted?: boolean;
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
