/**
 * The Zalo Bot Platform API as this service uses it (see ../shared/platforms/zalo-bot-api.md).
 * Ids are strings; `date` is in milliseconds; getUpdates returns ONE update, not an array.
 */
export interface ZaloUser {
  id: string;
  display_name?: string;
  name?: string;
  first_name?: string;
  is_bot?: boolean;
}

export interface ZaloMessage {
  message_id: string;
  date?: number;
  chat: { id: string; chat_type?: 'PRIVATE' | 'GROUP' | string };
  from?: ZaloUser;
  text?: string;
  photo_url?: string;
  caption?: string;
  sticker?: string;
}

export interface ZaloUpdate {
  event_name: string;
  message: ZaloMessage;
}

export interface ZaloSent {
  message_id: string;
  date: number;
}

/** Request and result types per method: the client's `call` is typed by this map. */
export interface ZaloMethods {
  getMe: { params: Record<string, never>; result: { id: string; account_name: string; account_type?: string; can_join_groups?: boolean } };
  getUpdates: { params: { timeout: string }; result: ZaloUpdate };
  setWebhook: { params: { url: string; secret_token: string }; result: { url: string; updated_at?: number } };
  deleteWebhook: { params: Record<string, never>; result: { url: string; updated_at?: number } };
  getWebhookInfo: { params: Record<string, never>; result: { url: string; updated_at?: number } };
  sendMessage: { params: { chat_id: string; text: string }; result: ZaloSent };
  sendPhoto: { params: { chat_id: string; photo: string; caption?: string }; result: ZaloSent };
  sendChatAction: { params: { chat_id: string; action: 'typing' | 'upload_photo' }; result: boolean };
}

export type ZaloMethod = keyof ZaloMethods;
