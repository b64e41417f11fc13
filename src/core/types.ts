/**
 * The core's contract (DESIGN.md): the message types (defined in src/messages.ts, below every layer)
 * and the {@link MessageHandler} that turns one Inbound into Outbound replies.
 */
export type { ChannelId, Choice, Inbound, InboundImage, Outbound } from '../messages.js';
export { ImageTooLargeError } from '../messages.js';
import type { Inbound, Outbound } from '../messages.js';

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
