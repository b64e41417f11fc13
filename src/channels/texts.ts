import { texts } from '../core/texts.js';

/**
 * The few Vietnamese texts the channel layer says by itself (everything else comes from the
 * Conversation, and the failure text is the Conversation's own). Short, plain and kind.
 */
export const channelTexts = {
  /** Sent once when someone writes faster than the rate limit allows. */
  rateLimited: 'Bạn nhắn hơi nhanh. Xin chờ vài giây rồi nhắn tiếp nhé, tôi vẫn ở đây.',
  /** Sent when the handler itself failed (the Conversation normally answers its own errors). */
  failure: texts.error,
} as const;

/**
 * Bot commands shown in Telegram's menu (setMyCommands): `[command, description]`. The names are the
 * Conversation's slash commands (src/core/commands.ts); Telegram allows only `a-z 0-9 _` here.
 */
export const telegramCommands: ReadonlyArray<readonly [string, string]> = [
  ['start', 'Bắt đầu'],
  ['menu', 'Về trang chính'],
  ['hoc', 'Xem các bài học'],
  ['kiemtra', 'Làm bài kiểm tra'],
  ['ontap', 'Ôn lại câu đã học'],
  ['tiendo', 'Xem bạn đã học đến đâu'],
  ['xa', 'Đổi xã/phường'],
  ['thongbao', 'Bật/tắt thông báo của xã/phường'],
  ['giup', 'Hướng dẫn sử dụng'],
  ['xoadulieu', 'Xoá dữ liệu của bạn'],
];
