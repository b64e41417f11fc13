import type { SensitiveKind } from './safety.js';

/** The assistant's Vietnamese reply texts (short, plain, kind). */

const SENSITIVE_NAMES: Record<SensitiveKind, string> = {
  otp: 'mã OTP',
  password: 'mật khẩu',
  card: 'số thẻ ngân hàng',
  'citizen-id': 'số căn cước (định danh cá nhân)',
};

/** Shown first when a question seems to contain sensitive data. */
export function sensitiveWarning(kinds: SensitiveKind[]): string {
  const what = kinds.map((k) => SENSITIVE_NAMES[k]).join(', ');
  return (
    `⚠️ Tin nhắn của bạn có vẻ chứa ${what}. Đừng gửi những thông tin này cho bất kỳ ai, kể cả trợ lý này, ` +
    'người tự xưng là công an hay nhân viên ngân hàng. Tôi không lưu tin nhắn này.'
  );
}

/** The honest "not covered" reply: what the assistant covers, and where to get human help. */
export function notCovered(topicTitles: string[]): string {
  return [
    'Xin lỗi, tôi chưa có thông tin về câu hỏi này. Tôi chỉ hướng dẫn về:',
    ...topicTitles.map((t) => `• ${t}`),
    'Bạn thử hỏi lại bằng từ khác, hoặc nhờ Tổ công nghệ số cộng đồng ở xã, phường của bạn giúp đỡ nhé.',
  ].join('\n');
}

export function readMore(title: string, url: string): string {
  return `📖 Đọc thêm: «${title}» — ${url}`;
}

export const emptyQuestion = 'Bạn muốn hỏi gì? Hãy gõ câu hỏi, ví dụ: "VNeID là gì?"';

/** Said before an extractive answer when the model could not answer (timeout, error, unusable reply). */
export const llmFallbackNote = 'ℹ️ Trợ lý AI đang bận, tôi trả lời bằng nội dung trích từ bài học:';

/** The sources list after a model answer: the numbers used in the answer, each lesson's title and official link. */
export function citedSources(sources: { title: string; url: string }[]): string {
  return ['📚 Nguồn:', ...sources.map((s, i) => `[${i + 1}] «${s.title}» — ${s.url}`)].join('\n');
}
