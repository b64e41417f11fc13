import type { SensitiveKind } from '../assistant/safety.js';
/**
 * Every Vietnamese sentence the conversation says, in one place (DESIGN.md convention 14).
 * Short, plain, kind: many readers are elderly, on small phones, and new to chat bots. One idea per
 * message; buttons say what happens; no jargon.
 */

/** Button labels. */
export const labels = {
  learn: '📖 Học bài',
  quiz: '✅ Làm bài kiểm tra',
  review: '🔁 Ôn tập',
  progress: '📊 Xem tiến độ',
  help: '❓ Hướng dẫn',
  menu: '🏠 Về trang chính',
  next: 'Tiếp ▶️',
  takeQuiz: '✅ Làm bài kiểm tra',
  otherTopic: '↩️ Chủ đề khác',
  topicQuiz: '🏁 Kiểm tra cả chủ đề',
  resume: '▶️ Làm tiếp bài kiểm tra',
  retry: '🔁 Làm lại',
  skip: 'Bỏ qua',
  keep: 'Giữ nguyên',
  subscribeYes: '🔔 Có, tôi muốn nhận',
  subscribeNo: 'Không, cảm ơn',
  notifyOn: '🔔 Bật thông báo',
  notifyOff: '🔕 Tắt thông báo',
  deleteYes: '🗑️ Xoá hết',
  deleteNo: 'Không xoá',
  reviewNow: '🔁 Ôn tập ngay',
  notInList: 'Không có trong danh sách',
  openLesson: (title: string) => `📖 Đọc bài: ${title}`,
  reread: (title: string) => `📖 Đọc lại: ${title}`,
  nextLesson: (title: string) => `▶️ Bài tiếp: ${title}`,
  lessonQuizOf: (title: string) => `✅ Kiểm tra bài: ${title}`,
  topicQuizOf: (title: string) => `🏁 Kiểm tra chủ đề: ${title}`,
  lastLessonQuiz: (title: string) => `✅ Bài vừa học: ${title}`,
  topicWithProgress: (title: string, read: number, total: number, passed: boolean) =>
    passed ? `${title} ✅` : read > 0 ? `${title} (${read}/${total})` : title,
  lessonItem: (title: string, read: boolean) => (read ? `${title} ✓` : title),
} as const;

const bullets = (lines: string[]) => lines.map((l) => `• ${l}`).join('\n');

export const texts = {
  // — First contact —
  welcome: (name?: string) =>
    `Xin chào${name ? ` ${name}` : ''}! 👋\nTôi là trợ lý học kỹ năng số của phong trào “Bình dân học vụ số”.\n\nTôi giúp bạn:\n${bullets([
      'Học cách dùng VNeID, dịch vụ công, chuyển khoản, tránh lừa đảo',
      'Làm bài kiểm tra ngắn để nhớ lâu',
      'Trả lời câu hỏi của bạn',
    ])}\n\nBạn cứ gõ câu hỏi bất cứ lúc nào.`,
  welcomeBack: (name?: string) => `Chào mừng${name ? ` ${name}` : ' bạn'} quay lại! 👋`,
  firstContact: 'Xin chào! 👋 Tôi là trợ lý “Bình dân học vụ số”. Gõ “menu” bất cứ lúc nào để xem tôi giúp được gì.',

  askCommune: (example?: string) =>
    `Bạn sống ở xã hay phường nào?\nGõ tên${example ? `, ví dụ: ${example}` : ''}.\n(Để xã/phường biết có bao nhiêu người đang học. Không muốn thì chọn “Bỏ qua”.)`,
  askCommuneAgain: (current?: string) =>
    `${current ? `Hiện tại: ${current}.\n` : ''}Bạn gõ tên xã hoặc phường mới nhé.`,
  communeSaved: (name: string) => `Đã ghi nhận: ${name} ✅`,
  communeNotFound: (typed: string, example?: string) =>
    `Tôi chưa tìm thấy “${typed}” trong danh sách. Bạn gõ lại giúp tôi${example ? ` (ví dụ: ${example})` : ''}, hoặc chọn số 1 để bỏ qua.`,
  communeWhich: 'Bạn ở nơi nào trong các nơi sau?',
  communeSkipped: 'Không sao. Khi nào muốn, bạn gõ “xã” để cho tôi biết nhé.',
  communeKept: 'Vẫn giữ như cũ.',

  askSubscribe:
    'Bạn có muốn nhận thông báo của xã/phường về phong trào (lịch học, hướng dẫn mới) không?\nBạn có thể đổi lại bất cứ lúc nào bằng cách gõ “thông báo”.',
  subscribed: 'Đã bật nhận thông báo 🔔',
  unsubscribed: 'Đã tắt nhận thông báo 🔕',
  notifyStatus: (on: boolean | undefined) =>
    `Nhận thông báo của xã/phường: ${on ? 'đang BẬT 🔔' : 'đang TẮT 🔕'}.\nBạn muốn đổi không?`,

  // — Menu and help —
  menu: 'Bạn muốn làm gì? Chọn một mục bên dưới, hoặc gõ câu hỏi của bạn.',
  help: `Hướng dẫn ngắn:\n${bullets([
    '“học” – xem các bài học',
    '“kiểm tra” – làm bài kiểm tra',
    '“ôn tập” – ôn lại câu đã học',
    '“tiến độ” – xem bạn đã học đến đâu',
    '“xã” – đổi xã/phường',
    '“thông báo” – bật/tắt thông báo',
    '“xoá dữ liệu” – xoá thông tin của bạn',
    '“menu” – về trang chính',
  ])}\n\nKhi thấy danh sách có số, gõ số (1, 2, 3…) để chọn.\nHoặc gõ câu hỏi, ví dụ: “Làm sao cài VNeID?”`,

  // — Lessons —
  chooseTopic: 'Bạn muốn học chủ đề nào?',
  topicLessons: (title: string, description: string) => `📚 ${title}\n${description}\n\nChọn một bài:`,
  lessonPage: (title: string, page: number, pages: number, body: string) =>
    `📖 ${title}${pages > 1 ? ` · trang ${page}/${pages}` : ''}\n\n${body}`,
  lessonSource: (title: string, url: string) => `🔗 Nguồn: ${title}\n${url}`,
  lessonDone: 'Bạn đã đọc xong bài này 👏 Làm bài kiểm tra ngắn để nhớ lâu hơn nhé.',
  unknownLesson: 'Bài này không còn nữa. Mời bạn chọn bài khác.',

  // — Quizzes —
  chooseQuiz: 'Bạn muốn kiểm tra phần nào?',
  quizStart: (title: string, n: number) =>
    `📝 Kiểm tra: ${title}\n${n} câu. Mỗi câu chọn một đáp án (bấm nút hoặc gõ số).`,
  reviewStart: (n: number) => `🔁 Ôn tập: ${n} câu bạn đã học trước đây.`,
  question: (n: number, total: number, text: string) => `Câu ${n}/${total}\n${text}\n${quizHowToLeave}`,
  right: (explain: string) => `✅ Đúng rồi!\n${explain}`,
  wrong: (correct: string, explain: string) => `❌ Chưa đúng. Đáp án đúng là: “${correct}”.\n${explain}`,
  score: (correct: number, total: number, percent: number) => `🎯 Kết quả: đúng ${correct}/${total} câu (${percent}%).`,
  passed: 'Bạn đã đạt! 🎉',
  notPassed: 'Cần đúng từ 80% trở lên để đạt. Đọc lại một chút rồi thử lần nữa nhé, bạn làm được!',
  rereadList: (titles: string[]) => `Nên đọc lại: ${titles.map((t) => `“${t}”`).join(', ')}.`,
  reviewDone: (correct: number, total: number) => `Ôn xong: đúng ${correct}/${total} câu. Giỏi lắm! 👏`,
  topicPassed: (title: string) => `🏆 Bạn đã vượt qua chủ đề “${title}”!`,
  completion: (code: string) =>
    `🎓 Chúc mừng! Bạn đã hoàn thành tất cả các chủ đề.\n\nMã hoàn thành của bạn:\n${code}\n\nHãy đưa mã này cho cán bộ xã/phường để được ghi nhận. Gõ “tiến độ” để xem lại mã bất cứ lúc nào.`,
  completionReminder: (code: string) => `🎓 Mã hoàn thành: ${code}`,
  quizChanged: 'Bài kiểm tra này vừa được cập nhật nội dung. Mời bạn làm lại từ đầu nhé.',
  staleAnswer: 'Câu đó đã qua rồi. Đây là câu đang chờ bạn:',
  staleButton: 'Nút này đã cũ. Mời bạn chọn lại:',
  pickNumber: (n: number) => `Bạn gõ một số từ 1 đến ${n} để chọn nhé.`,
  stillInQuiz: 'Bạn vẫn đang làm bài kiểm tra. Câu đang chờ:',
  resumeQuiz: 'Bạn đang làm dở bài kiểm tra. Chúng ta làm tiếp nhé (gõ “menu” nếu muốn làm việc khác):',
  noReviewCards: 'Bạn chưa có câu nào để ôn. Làm một bài kiểm tra trước nhé.',
  noReviewDue: 'Hôm nay chưa có câu nào cần ôn 👍 Hẹn bạn lần sau!',

  // — Progress —
  progressTitle: (name?: string) => `📊 Tiến độ${name ? ` của ${name}` : ' của bạn'}`,
  progressTopic: (
    n: number,
    title: string,
    bar: string,
    percent: number,
    read: number,
    total: number,
    best: { correct: number; total: number } | undefined,
    passed: boolean,
  ) =>
    `${n}. ${title}\n${bar} ${percent}% · đọc ${read}/${total} bài · ${
      best ? `kiểm tra: ${best.correct}/${best.total}${passed ? ' ✅' : ''}` : 'chưa kiểm tra'
    }`,
  progressDue: (n: number) => (n > 0 ? `🔁 Câu cần ôn hôm nay: ${n}` : '🔁 Chưa có câu cần ôn hôm nay'),
  progressStreak: (days: number) =>
    days > 1 ? `🔥 Học ${days} ngày liên tiếp` : days === 1 ? '🔥 Hôm nay bạn đã học' : '🌱 Hôm nay bạn chưa học',
  suggestReview: (n: number) => `👉 Gợi ý: ôn lại ${n} câu (gõ “ôn tập”).`,
  suggestRead: (title: string) => `👉 Gợi ý: đọc bài “${title}”.`,
  suggestLessonQuiz: (title: string) => `👉 Gợi ý: làm bài kiểm tra của bài “${title}”.`,
  suggestTopicQuiz: (title: string) => `👉 Gợi ý: làm bài kiểm tra chủ đề “${title}”.`,
  suggestDone: '👉 Bạn đã học xong tất cả! Thỉnh thoảng ôn lại để nhớ lâu nhé.',

  // — Data deletion —
  confirmDelete:
    'Bạn muốn xoá toàn bộ thông tin của bạn (tiến độ, xã/phường, cài đặt)?\nĐã xoá thì không lấy lại được.',
  deleted: 'Đã xoá toàn bộ thông tin của bạn. Cảm ơn bạn đã học cùng tôi! Muốn bắt đầu lại, chỉ cần nhắn bất kỳ điều gì.',
  deleteCancelled: 'Đã giữ nguyên, không xoá gì cả.',
  deleteStale: 'Yêu cầu xoá đó đã cũ. Nếu vẫn muốn xoá, bạn gõ “xoá dữ liệu”.',

  // — Questions to the assistant —
  assistantFailed: 'Xin lỗi, lúc này tôi chưa trả lời được. Bạn thử lại sau ít phút nhé.',
  lonelyNumber: 'Tôi chưa hiểu số này. Gõ “menu” để xem các việc tôi giúp được.',

  // — Kind refusals —
  tooLong: 'Tin nhắn dài quá (hơn 2.000 chữ). Bạn gửi câu hỏi ngắn hơn giúp tôi nhé.',
  unsupported: 'Xin lỗi, tôi chỉ đọc được tin nhắn chữ. Bạn gõ câu hỏi giúp tôi nhé.',
  empty: 'Bạn gõ câu hỏi, hoặc gõ “menu” để xem các việc tôi giúp được.',
  error: 'Xin lỗi, có trục trặc nhỏ. Bạn thử lại giúp tôi nhé.',
  /** Sent once when someone writes faster than the rate limit allows (then silence until the window passes). */
  rateLimited: 'Bạn nhắn hơi nhanh. Xin chờ vài giây rồi nhắn tiếp nhé, tôi vẫn ở đây.',

  // — Choices as text (channels without buttons) —
  choiceHint: '👉 Gõ số để chọn.',
} as const;

/**
 * The commands with their short Vietnamese descriptions, for a platform's command menu
 * (Telegram `setMyCommands`: names are ASCII; people may also type the plain words).
 */
export const commandMenu: readonly { command: string; description: string }[] = [
  { command: 'hoc', description: 'Học bài' },
  { command: 'kiemtra', description: 'Làm bài kiểm tra' },
  { command: 'ontap', description: 'Ôn tập câu đã học' },
  { command: 'tiendo', description: 'Xem tiến độ học' },
  { command: 'xa', description: 'Đổi xã/phường' },
  { command: 'thongbao', description: 'Bật/tắt thông báo' },
  { command: 'xoadulieu', description: 'Xoá dữ liệu của tôi' },
  { command: 'giup', description: 'Hướng dẫn' },
  { command: 'menu', description: 'Về trang chính' },
  { command: 'start', description: 'Bắt đầu' },
];

/** `▰▰▰▱▱` for 60%: five segments, rounded to the nearest. */
export function progressBar(percent: number, segments = 5): string {
  const filled = Math.max(0, Math.min(segments, Math.round((percent / 100) * segments)));
  return '▰'.repeat(filled) + '▱'.repeat(segments - filled);
}

// — The assistant's replies (src/assistant) —


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

// — Understanding citizens (issue 9): small talk, quitting, "did you mean" —

/** Short replies in the bot's voice ("tôi") to messages that are not questions; the menu follows. */
const SMALL_TALK: Record<string, string> = {
  greeting: 'Chào bạn! 👋 Tôi có thể giúp bạn học kỹ năng số, hoặc trả lời câu hỏi của bạn.',
  thanks: 'Không có gì đâu ạ! 😊 Cần gì bạn cứ hỏi tôi nhé.',
  compliment: 'Cảm ơn bạn nhiều! 😊 Cần gì bạn cứ hỏi tôi nhé.',
  farewell: 'Chào bạn, hẹn gặp lại! 👋 Khi cần, bạn cứ nhắn tôi nhé.',
  ack: 'Vâng ạ! 👍',
  emoji: '😊',
  yes: 'Vâng ạ.',
  no: 'Vâng, không sao ạ.',
  quit: 'Vâng, tôi dừng ở đây.',
};

/** The short reply to small talk, alone (during a quiz, before the question again). */
export function smallTalkShort(kind: string): string {
  return SMALL_TALK[kind] ?? SMALL_TALK.ack!;
}

/** The reply to small talk (without the menu, which the conversation adds). */
export function smallTalkReply(kind: string): string {
  return `${smallTalkShort(kind)} Bạn muốn làm gì tiếp? Chọn một mục, hoặc gõ câu hỏi của bạn.`;
}

/** "Có phải bạn muốn hỏi…?" with the closest sections (the buttons carry them in the chat). */
export const clarifyPrompt = 'Tôi chưa chắc bạn hỏi điều nào. Có phải bạn muốn hỏi một trong các điều sau? Chọn một mục, hoặc hỏi lại rõ hơn nhé.';

/** The clarification as plain text (for `npm run ask` and the model-less contract). */
export function clarifyText(options: { heading: string; lesson: string }[]): string {
  return [clarifyPrompt, ...options.map((o, i) => `${i + 1}. ${o.heading} (bài «${o.lesson}»)`)].join('\n');
}

/** Leaving a quiz by words ("dừng", "thôi"): it stays resumable from the menu. */
export const quizLeft = 'Vâng, tôi đã dừng bài kiểm tra. Khi nào muốn, bạn chọn “Làm tiếp bài kiểm tra” nhé.';
/** Leaving a lesson by words. */
export const lessonLeft = 'Vâng, bạn dừng đọc bài ở đây. Khi nào muốn, bạn chọn “Học bài” để đọc tiếp nhé.';
/** Under every quiz question: how to leave. */
export const quizHowToLeave = '(Muốn dừng, gõ “dừng”.)';
/** A suggested section that no longer exists. */
export const sectionGone = 'Phần này không còn nữa. Mời bạn hỏi lại nhé.';
