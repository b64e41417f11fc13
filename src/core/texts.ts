import type { TopicProgress } from '../learning/progress-service.js';
import type { AddressForm } from '../learning/types.js';
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
  retryLessonQuiz: (title: string) => `🔁 Làm lại kiểm tra: ${title}`,
  retryTopicQuiz: (title: string) => `🔁 Làm lại kiểm tra chủ đề: ${title}`,
  topicWithProgress: (title: string, read: number, total: number, passed: boolean) =>
    passed ? `${title} ✅` : read > 0 ? `${title} (${read}/${total})` : title,
  lessonItem: (title: string, read: boolean) => (read ? `${title} ✓` : title),
} as const;

/** What a progress line shows of one topic (see ProgressService.summary). */
export type TopicProgressView = Omit<TopicProgress, 'topic'>;

const bullets = (lines: string[]) => lines.map((l) => `• ${l}`).join('\n');

export const texts = {
  // — First contact —
  welcome: (name?: string) =>
    `Xin chào${name ? ` ${name}` : ''}! 👋\nTôi là trợ lý học kỹ năng số của phong trào “Bình dân học vụ số”.\n\nTôi giúp {bạn}:\n${bullets([
      'Học cách dùng VNeID, dịch vụ công, chuyển khoản, tránh lừa đảo',
      'Làm bài kiểm tra ngắn để nhớ lâu',
      'Trả lời câu hỏi của {bạn}',
    ])}\n\n{Bạn} cứ gõ câu hỏi bất cứ lúc nào.`,
  welcomeBack: (name?: string) => `Chào mừng${name ? ` ${name}` : ' {bạn}'} quay lại! 👋`,
  firstContact: 'Xin chào! 👋 Tôi là trợ lý “Bình dân học vụ số”. Gõ “trang chủ” bất cứ lúc nào để xem tôi giúp được gì.',

  askCommune: (example?: string) =>
    `{Bạn} sống ở xã hay phường nào?\nGõ tên${example ? `, ví dụ: ${example}` : ''}.\n(Để xã/phường biết có bao nhiêu người đang học. Không muốn thì chọn “Bỏ qua”.)`,
  askCommuneAgain: (current?: string) =>
    `${current ? `Hiện tại: ${current}.\n` : ''}{Bạn} gõ tên xã hoặc phường mới nhé.`,
  communeSaved: (name: string) => `Đã ghi nhận: ${name} ✅`,
  communeNotFound: (typed: string, example: string | undefined, skipLabel: string) =>
    `Tôi chưa tìm thấy “${typed}” trong danh sách. {Bạn} gõ lại giúp tôi${example ? ` (ví dụ: ${example})` : ''}, hoặc chọn “${skipLabel}”.`,
  communeWhich: '{Bạn} ở nơi nào trong các nơi sau?',
  communeSkipped: 'Không sao. Khi nào muốn, {bạn} gõ “xã” để cho tôi biết nhé.',
  communeKept: 'Vẫn giữ như cũ.',

  askSubscribe:
    '{Bạn} có muốn nhận thông báo của xã/phường về phong trào (lịch học, hướng dẫn mới) không?\n{Bạn} có thể đổi lại bất cứ lúc nào bằng cách gõ “thông báo”.',
  subscribed: 'Đã bật nhận thông báo 🔔',
  unsubscribed: 'Đã tắt nhận thông báo 🔕',
  notifyStatus: (on: boolean | undefined) =>
    `Nhận thông báo của xã/phường: ${on ? 'đang BẬT 🔔' : 'đang TẮT 🔕'}.\n{Bạn} muốn đổi không?`,

  // — Menu and help —
  menu: '{Bạn} muốn làm gì? Chọn một mục bên dưới, hoặc gõ câu hỏi của {bạn}.',
  help: (buttons: boolean) => `Hướng dẫn ngắn:\n${bullets([
    '“học” – xem các bài học',
    '“kiểm tra” – làm bài kiểm tra',
    '“kiểm tra tin nhắn” – xem tin nhắn, đường link, mã QR có dấu hiệu lừa đảo không',
    '“ôn tập” – ôn lại câu đã học',
    '“tiến độ” – xem {bạn} đã học đến đâu',
    '“xã” – đổi xã/phường',
    '“thông báo” – bật/tắt thông báo',
    '“xưng hô” – đổi cách tôi gọi {bạn}',
    '“xoá dữ liệu” – xoá thông tin của {bạn}',
    '“trang chủ” – về trang chính',
  ])}\n\n${buttons ? 'Khi thấy các nút, bấm vào nút để chọn.' : 'Khi thấy danh sách có số, gõ số (1, 2, 3…) để chọn.'}\nHoặc gõ câu hỏi, ví dụ: “Làm sao cài VNeID?”`,

  // — Lessons —
  chooseTopic: '{Bạn} muốn học chủ đề nào?',
  topicLessons: (title: string, description: string) => `📚 ${title}\n${description}\n\nChọn một bài:`,
  lessonPage: (title: string, page: number, pages: number, body: string) =>
    `📖 ${title}${pages > 1 ? ` · trang ${page}/${pages}` : ''}\n\n${body}`,
  lessonSource: (title: string, url: string) => `🔗 Nguồn: ${title}\n${url}`,
  lessonDone: '{Bạn} đã đọc xong bài này 👏 Làm bài kiểm tra ngắn để nhớ lâu hơn nhé.',
  unknownLesson: 'Bài này không còn nữa. Mời {bạn} chọn bài khác.',

  // — Quizzes —
  chooseQuiz: '{Bạn} muốn kiểm tra phần nào?',
  quizStart: (title: string, n: number, buttons: boolean) =>
    `📝 Kiểm tra: ${title}\n${n} câu. Mỗi câu chọn một đáp án (${buttons ? 'bấm vào nút' : 'gõ số'}).`,
  reviewStart: (n: number) => `🔁 Ôn tập: ${n} câu {bạn} đã học trước đây.`,
  question: (n: number, total: number, text: string) => `Câu ${n}/${total}\n${text}\n${quizHowToLeave}`,
  right: (explain: string) => `✅ Đúng rồi!\n${explain}`,
  wrong: (correct: string, explain: string) => `❌ Chưa đúng. Đáp án đúng là: “${correct}”.\n${explain}`,
  score: (correct: number, total: number, percent: number) => `🎯 Kết quả: đúng ${correct}/${total} câu (${percent}%).`,
  passed: '{Bạn} đã đạt! 🎉',
  notPassed: 'Cần đúng từ 80% trở lên để đạt. Đọc lại một chút rồi thử lần nữa nhé, {bạn} làm được!',
  rereadList: (titles: string[]) => `Nên đọc lại: ${titles.map((t) => `“${t}”`).join(', ')}.`,
  reviewDone: (correct: number, total: number) => `Ôn xong: đúng ${correct}/${total} câu. Rất tốt! 👏`,
  topicPassed: (title: string) => `🏆 {Bạn} đã vượt qua chủ đề “${title}”!`,
  topicNeedsLessons: (title: string, unopened: string[]) =>
    `{Bạn} đã đạt bài kiểm tra chủ đề “${title}” 👍 Còn ${unopened.length} bài chưa mở: ${unopened.map((t) => `“${t}”`).join(', ')}. Mở xem các bài đó là hoàn thành chủ đề.`,
  completion: (code: string) =>
    `🎓 Chúc mừng! {Bạn} đã hoàn thành tất cả các chủ đề.\n\nMã hoàn thành của {bạn}:\n${code}\n\nHãy đưa mã này cho cán bộ xã/phường để được ghi nhận. Gõ “tiến độ” để xem lại mã bất cứ lúc nào.`,
  completionReminder: (code: string) => `🎓 Mã hoàn thành: ${code}`,
  quizChanged: 'Bài kiểm tra này vừa được cập nhật nội dung. Mời {bạn} làm lại từ đầu nhé.',
  staleAnswer: 'Câu đó đã qua rồi. Đây là câu đang chờ {bạn}:',
  staleButton: 'Nút này đã cũ. Mời {bạn} chọn lại:',
  pickNumber: (n: number) => `{Bạn} gõ một số từ 1 đến ${n} để chọn nhé.`,
  /** {@link pickNumber} where choices are buttons without numbers (Telegram, the web chat). */
  pickButton: '{Bạn} bấm một nút bên dưới để chọn nhé.',
  stillInQuiz: '{Bạn} vẫn đang làm bài kiểm tra. Câu đang chờ:',
  resumeQuiz: '{Bạn} đang làm dở bài kiểm tra. Chúng ta làm tiếp nhé (gõ “trang chủ” nếu muốn làm việc khác):',
  noReviewCards: '{Bạn} chưa có câu nào để ôn. Làm một bài kiểm tra trước nhé.',
  noReviewDue: 'Hôm nay chưa có câu nào cần ôn 👍 Hẹn {bạn} lần sau!',

  // — Progress —
  progressTitle: (name?: string) => `📊 Tiến độ${name ? ` của ${name}` : ' của {bạn}'}`,
  progressTopic: (n: number, title: string, bar: string, p: TopicProgressView) =>
    `${n}. ${title}${p.passed ? ' ✅' : ''}\n${bar} ${p.percent}% · đã mở ${p.lessonsOpened}/${p.lessonsTotal} bài · ${
      p.best
        ? `kiểm tra chủ đề: ${p.best.correct}/${p.best.total}${p.quizPassed ? ' (đạt)' : ' (chưa đạt)'}`
        : p.lessonQuizzes.taken > 0
          ? `kiểm tra từng bài: đạt ${p.lessonQuizzes.passed}/${p.lessonsTotal}`
          : 'chưa làm bài kiểm tra nào'
    }${p.quizPassed && !p.passed ? ` · còn ${p.lessonsTotal - p.lessonsOpened} bài chưa mở` : ''}`,
  progressDue: (n: number) => (n > 0 ? `🔁 Câu cần ôn hôm nay: ${n}` : '🔁 Chưa có câu cần ôn hôm nay'),
  progressStreak: (days: number) =>
    days > 1 ? `🔥 Học ${days} ngày liên tiếp` : days === 1 ? '🔥 Hôm nay {bạn} đã học' : '🌱 Hôm nay {bạn} chưa học',
  suggestReview: (n: number) => `👉 Gợi ý: ôn lại ${n} câu (gõ “ôn tập”).`,
  suggestRead: (title: string) => `👉 Gợi ý: đọc bài “${title}”.`,
  suggestLessonQuiz: (title: string) => `👉 Gợi ý: làm bài kiểm tra của bài “${title}”.`,
  suggestTopicQuiz: (title: string) => `👉 Gợi ý: làm bài kiểm tra chủ đề “${title}”.`,
  suggestDone: '👉 {Bạn} đã học xong tất cả! Thỉnh thoảng ôn lại để nhớ lâu nhé.',
  suggestRetryLessonQuiz: (title: string) => `👉 Gợi ý: bài kiểm tra “${title}” lần trước chưa đạt. Đọc lại bài rồi làm lại nhé.`,
  suggestRetryTopicQuiz: (title: string) => `👉 Gợi ý: bài kiểm tra chủ đề “${title}” lần trước chưa đạt. Làm lại nhé, {bạn} làm được!`,

  // — Data deletion —
  confirmDelete:
    '{Bạn} muốn xoá toàn bộ thông tin của {bạn} (tiến độ, xã/phường, cài đặt)?\nĐã xoá thì không lấy lại được.',
  deleted: 'Đã xoá toàn bộ thông tin của {bạn}. Cảm ơn {bạn} đã học cùng tôi! Muốn bắt đầu lại, chỉ cần nhắn bất kỳ điều gì.',
  deleteCancelled: 'Đã giữ nguyên, không xoá gì cả.',
  deleteStale: 'Yêu cầu xoá đó đã cũ. Nếu vẫn muốn xoá, {bạn} gõ “xoá dữ liệu”.',

  // — Questions to the assistant —
  assistantFailed: 'Xin lỗi, lúc này tôi chưa trả lời được. {Bạn} thử lại sau ít phút nhé.',
  lonelyNumber: 'Tôi chưa hiểu số này. Gõ “trang chủ” để xem các việc tôi giúp được.',

  // — Kind refusals —
  tooLong: 'Tin nhắn dài quá (hơn 2.000 chữ). {Bạn} gửi câu hỏi ngắn hơn giúp tôi nhé.',
  unsupported: 'Xin lỗi, tôi chỉ đọc được tin nhắn chữ. {Bạn} gõ câu hỏi giúp tôi nhé.',
  empty: '{Bạn} gõ câu hỏi, hoặc gõ “trang chủ” để xem các việc tôi giúp được.',
  error: 'Xin lỗi, có trục trặc nhỏ. {Bạn} thử lại giúp tôi nhé.',
  /** Sent once when someone writes faster than the rate limit allows (then silence until the window passes). */
  rateLimited: '{Bạn} nhắn hơi nhanh. Xin chờ vài giây rồi nhắn tiếp nhé, tôi vẫn ở đây.',

  // — Choices as text (channels without buttons) —
  choiceHint: '👉 Gõ số để chọn.',

  // — voice: the commune question, completion, how to address the person —
  communeGreeting: (example?: string) =>
    `Xin chào! {Bạn} cho tôi biết tên xã hoặc phường nơi {bạn} sống nhé${example ? `, ví dụ: ${example}` : ''}. Không muốn nói thì chọn “Bỏ qua”.`,
  communeNudge: (example?: string) =>
    `{Bạn} gõ tên xã hoặc phường nơi {bạn} sống giúp tôi${example ? ` (ví dụ: ${example})` : ''}. Không muốn nói thì chọn “Bỏ qua”.`,
  askAddress:
    'Để trò chuyện cho phải phép, tôi nên gọi {bạn} là gì?\nChọn một cách gọi bên dưới. Không chọn thì tôi gọi là “bạn”.',
  addressSaved: 'Dạ, từ nay tôi xin gọi là {bạn} ạ. Muốn đổi cách gọi, {bạn} gõ “xưng hô” bất cứ lúc nào.',
  addressSkipped: 'Dạ, tôi sẽ gọi là “bạn”. Muốn đổi cách gọi, {bạn} gõ “xưng hô” bất cứ lúc nào.',
  addressCurrent: 'Hiện tôi đang gọi là “{bạn}”. {Bạn} muốn tôi gọi thế nào?',
  // — Coming back to a chat that shows no history (ops) —
  resumeChoices: 'Lần trước {bạn} dừng ở đây. Bấm một nút để làm tiếp, hoặc gõ câu hỏi:',
} as const;

/**
 * The web chat page's own strings (ops): shown by the page itself, not by the Conversation. Injected
 * into the page as JSON, so every Vietnamese string of the service lives in this file.
 */
export const webTexts = {
  title: 'Trợ lý Bình dân học vụ số',
  subtitle: 'Học kỹ năng số từng bước. Gõ câu hỏi hoặc bấm nút để chọn.',
  logLabel: 'Cuộc trò chuyện',
  inputLabel: 'Nhập câu hỏi của bạn (có dấu hay không dấu đều được):',
  placeholder: 'Ví dụ: VNeID là gì?',
  send: 'Gửi',
  noScript: 'Trang này cần bật JavaScript.',
  me: 'Bạn: ',
  bot: 'Trợ lý: ',
  busy: 'Trợ lý đang trả lời…',
  /** The text box holds more than the page accepts; nothing was sent ({n}, {max} are filled in by the page). */
  tooLong: 'Tin nhắn dài {n} chữ, quá giới hạn {max} chữ nên chưa gửi. Bạn rút gọn rồi gửi lại nhé.',
  /** The request never reached the service. */
  offline: 'Chưa gửi được: không kết nối được tới máy chủ. Bạn kiểm tra mạng rồi thử lại nhé.',
  /** The service answered with an error (5xx). */
  serverError: 'Máy chủ đang gặp trục trặc nên chưa trả lời được. Bạn thử lại sau ít phút nhé.',
  /** Messages came faster than the limit: nothing was lost, the buttons work again. */
  slowDown: 'Bạn gửi hơi nhanh. Chờ vài giây rồi bấm hoặc gõ lại nhé.',
  /** Too many new chats were opened from this address. */
  tooManySessions: 'Có quá nhiều cuộc trò chuyện mới từ mạng của bạn. Bạn thử lại sau ít phút nhé.',
} as const;

// — voice: how the bot addresses the person —

/**
 * How the bot addresses the person, chosen at onboarding (or with “xưng hô”) and kept on the learner.
 * Every UI string above is written once with `{bạn}` / `{Bạn}` where the person is addressed
 * (mid-sentence / sentence start); {@link addressAs} puts in the chosen word. The bot always says “tôi”.
 * Lessons and quiz questions stay in a neutral voice and are never rewritten.
 */
export { ADDRESS_FORMS, type AddressForm } from '../learning/types.js';

/** The word for each form, lower case (capitalised at a sentence start by {@link addressAs}). */
export const ADDRESS_WORDS: Record<AddressForm, string> = {
  ban: 'bạn',
  anh: 'anh',
  chi: 'chị',
  co: 'cô',
  chu: 'chú',
  ong: 'ông',
  bac: 'bác',
  ba: 'bà',
};

const ADDRESS_TOKEN = /\{(bạn|Bạn)\}/g;

/** `text` with `{bạn}` / `{Bạn}` replaced by the person's form of address (default: the neutral “bạn”). */
export function addressAs(text: string, form: AddressForm | undefined = undefined): string {
  const word = ADDRESS_WORDS[form ?? 'ban'];
  return text.replace(ADDRESS_TOKEN, (_m, t: string) => (t === 'Bạn' ? word.charAt(0).toUpperCase() + word.slice(1) : word));
}

/** The choice labels of the address question, in order: “Bạn”, “Anh”, … */
export function addressLabel(form: AddressForm): string {
  const word = ADDRESS_WORDS[form];
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The commands with their short Vietnamese descriptions, for a platform's command menu
 * (Telegram `setMyCommands`: names are ASCII; people may also type the plain words).
 */
export const commandMenu: readonly { command: string; description: string }[] = [
  { command: 'hoc', description: 'Học bài' },
  { command: 'kiemtra', description: 'Làm bài kiểm tra' },
  { command: 'kiemtra_tin', description: 'Kiểm tra tin nhắn, link, mã QR lừa đảo' },
  { command: 'ontap', description: 'Ôn tập câu đã học' },
  { command: 'tiendo', description: 'Xem tiến độ học' },
  { command: 'xa', description: 'Đổi xã/phường' },
  { command: 'thongbao', description: 'Bật/tắt thông báo' },
  { command: 'xungho', description: 'Đổi cách xưng hô' },
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
    `⚠️ Tin nhắn của {bạn} có vẻ chứa ${what}. Đừng gửi những thông tin này cho bất kỳ ai, kể cả trợ lý này, ` +
    'người tự xưng là công an hay nhân viên ngân hàng. Tôi không lưu tin nhắn này.'
  );
}

/** The honest "not covered" reply: what the assistant covers, and where to get human help. */
export function notCovered(topicTitles: string[]): string {
  return [
    'Xin lỗi, tôi chưa có thông tin về câu hỏi này. Tôi chỉ hướng dẫn về:',
    ...topicTitles.map((t) => `• ${t}`),
    '{Bạn} thử hỏi lại bằng từ khác, hoặc nhờ Tổ công nghệ số cộng đồng ở xã, phường của {bạn} giúp đỡ nhé.',
  ].join('\n');
}

export function readMore(title: string, url: string): string {
  return `📖 Đọc thêm: «${title}» — ${url}`;
}

export const emptyQuestion = '{Bạn} muốn hỏi gì? Hãy gõ câu hỏi, ví dụ: "VNeID là gì?"';

/** Said before an extractive answer when the model could not answer (timeout, error, unusable reply). */
export const llmFallbackNote = 'ℹ️ Phần trả lời tự động (AI) đang bận, tôi trả lời bằng nội dung trích từ bài học:';

/** The sources list after a model answer: the numbers used in the answer, each lesson's title and official link. */
export function citedSources(sources: { title: string; url: string }[]): string {
  return ['📚 Nguồn:', ...sources.map((s, i) => `[${i + 1}] «${s.title}» — ${s.url}`)].join('\n');
}

// ── Officers: announcements, reminders, invitations (bcast) ─────────────────────────────────────
/** Ends every announcement and reminder: how to switch them off. */
export const broadcastFooter = '—\n🔕 Không muốn nhận thông báo nữa? Gõ “tắt thông báo”.';

export const officerTexts = {
  inviteGranted: (role: 'admin' | 'officer', communes: string[]) =>
    role === 'admin'
      ? '✅ Chào anh/chị! Anh/chị đã được cấp quyền quản trị toàn tỉnh.\nGõ /guithongbao để gửi thông báo, /thongbao_trangthai để xem tiến độ gửi.'
      : `✅ Chào anh/chị! Anh/chị đã được cấp quyền cán bộ cho: ${communes.join(', ')}.\nGõ /guithongbao để gửi thông báo, /thongbao_trangthai để xem tiến độ gửi.`,
  inviteInvalid: 'Mã mời này không đúng. Anh/chị kiểm tra lại từng ký tự, hoặc xin mã mới từ quản trị viên nhé.',
  inviteExpired: 'Mã mời này đã hết hạn. Anh/chị xin quản trị viên tạo mã mới nhé.',
  inviteUsed: 'Mã mời này đã được dùng rồi. Mỗi mã chỉ dùng được một lần; anh/chị xin quản trị viên mã mới nhé.',
  composeAskText:
    '📣 Soạn thông báo\nAnh/chị gõ nội dung thông báo (tối đa 1.500 ký tự) vào tin nhắn tiếp theo.\nCuối mỗi tin, hệ thống tự thêm cách tắt nhận thông báo.',
  composeTooLong: (max: number) => `Nội dung dài quá (tối đa ${max} ký tự). Anh/chị rút gọn rồi gửi lại nhé.`,
  composeEmpty: 'Nội dung trống. Anh/chị gõ nội dung thông báo nhé.',
  composeAudience: 'Gửi cho ai?',
  composePickCommune: 'Chọn xã/phường:',
  composePickChannel: 'Chọn kênh:',
  composePickFilter: 'Chọn nhóm người học:',
  composePickTopic: 'Những người chưa qua chủ đề nào?',
  composeTypeCommune: 'Gõ tên xã/phường cần gửi:',
  composeCommuneUnknown: 'Không tìm thấy xã/phường này trong danh sách của anh/chị. Gõ lại tên, hoặc gõ /guithongbao để làm lại.',
  composePreview: (n: number, audience: string, text: string) =>
    `👀 Xem trước — gửi tới ${n.toLocaleString('vi-VN')} người (${audience}):\n\n${text}`,
  composeZaloNote: 'ℹ️ Trên Zalo, chỉ người đã từng nhắn cho trợ lý mới nhận được.',
  composeQuietNote: '🌙 Đang là giờ nghỉ: thông báo sẽ được gửi từ sáng mai.',
  composeNobody: 'Không có ai trong nhóm này đang bật nhận thông báo. Anh/chị chọn nhóm khác nhé.',
  composeSent: (id: number, n: number) => `✅ Đã xếp hàng thông báo số ${id} tới ${n.toLocaleString('vi-VN')} người. Gõ /thongbao_trangthai để xem tiến độ.`,
  composeCancelled: 'Đã huỷ, không gửi gì.',
  composeExpired: 'Bản soạn này không còn nữa. Gõ /guithongbao để soạn lại.',
  statusNone: 'Chưa có thông báo nào.',
  statusLine: (b: { id: number; state: string; total: number; sent: number; failed: number; blocked: number; inDoubt: number; queued: number; text: string }) =>
    `#${b.id} · ${b.state} · ${b.text}\n` +
    `   đã gửi ${b.sent}/${b.total} · chờ ${b.queued} · lỗi ${b.failed} · chặn ${b.blocked} · không rõ ${b.inDoubt}`,
  stateNames: { sending: 'đang gửi', paused: 'tạm dừng', cancelled: 'đã huỷ', done: 'xong' } as Record<string, string>,
  statusInDoubtNote: '“Không rõ”: tin đang gửi đúng lúc máy chủ dừng đột ngột — có thể người nhận đã nhận. Hệ thống không tự gửi lại; anh/chị có thể chọn “Gửi lại”.',
  paused: (id: number) => `⏸ Đã tạm dừng thông báo #${id}.`,
  resumed: (id: number) => `▶️ Tiếp tục gửi thông báo #${id}.`,
  cancelled: (id: number) => `⏹ Đã huỷ thông báo #${id}: không gửi thêm tin nào.`,
  resent: (id: number, n: number) => `🔁 Thông báo #${id}: gửi lại ${n} tin “không rõ”.`,
  notAllowed: 'Anh/chị không có quyền với thông báo này.',
  cannot: 'Thông báo này không ở trạng thái cho phép việc đó.',
  reminderText: (name: string | undefined, next: string) =>
    `👋 Chào ${name ?? '{bạn}'}! Đã lâu chưa gặp {bạn} ở lớp học kỹ năng số.\n${next}\nGõ “học” để học tiếp nhé.`,
  reminderLessonsLeft: (n: number, topic: string) => `📖 {Bạn} còn ${n} bài nữa là xong chủ đề “${topic}”.`,
  reminderTopicQuiz: (topic: string) => `✅ {Bạn} đã đọc hết chủ đề “${topic}”, chỉ còn làm bài kiểm tra chủ đề.`,
  reminderReview: (n: number) => `🔁 {Bạn} có ${n} câu ôn tập đang chờ.`,
};

export const officerLabels = {
  allMine: '🏘️ Tất cả xã/phường của tôi',
  allProvince: '🏘️ Toàn tỉnh',
  oneCommune: '📍 Một xã/phường',
  oneChannel: '💬 Một kênh (Telegram/Zalo)',
  filter: '🎯 Theo tình hình học',
  notPassed: '📕 Chưa qua một chủ đề',
  inactive7: '💤 Không hoạt động 7 ngày',
  completed: '🎓 Đã hoàn thành tất cả',
  notCompleted: '📚 Chưa hoàn thành',
  send: '✅ Gửi',
  cancel: '❌ Huỷ',
  pause: '⏸ Tạm dừng',
  resume: '▶️ Tiếp tục',
  stop: '⏹ Huỷ gửi',
  resend: '🔁 Gửi lại tin “không rõ”',
} as const;

// — Officers' dashboard sign-in (/dangnhap; src/core/flows/officer-sign-in.ts) —
export const dashboardTexts = {
  signInLink: (url: string, minutes: number) =>
    `🔐 Đường link đăng nhập trang quản lý (dùng được một lần, trong ${minutes} phút):\n${url}\n\n` +
    'Không chuyển link này cho người khác. Nếu hết hạn, gõ /dangnhap để nhận link mới.',
} as const;
// ─── "Kiểm tra giúp tôi" (scam check, issue 12) ─────────────────────────────────────────────────
/** Verdict labels: never "an toàn" — the check can only say it found no sign. */
export const scamVerdictLabels = {
  danger: '🔴 Nguy hiểm',
  suspicious: '🟠 Đáng ngờ',
  'no-signs': '🟢 Chưa thấy dấu hiệu lừa đảo',
} as const;

export const scamTexts = {
  askPaste:
    '🔎 Kiểm tra giúp {bạn}\n{Bạn} dán (hoặc chuyển tiếp) tin nhắn, đường link hay số điện thoại cần kiểm tra vào đây. Có mã QR thì gửi ảnh chụp mã QR.\nTôi chỉ đọc để kiểm tra, không lưu lại nội dung.',
  askPasteAgain: '{Bạn} dán tin nhắn cần kiểm tra vào đây, hoặc gửi ảnh mã QR nhé.',
  cancelled: 'Đã thôi kiểm tra.',
  reasonsHeading: 'Vì sao:',
  adviceHeading: '{Bạn} nên làm gì ngay:',
  knowReceiver: '❓ {Bạn} có biết người nhận không? Chỉ chuyển khi {bạn} biết rõ người nhận và số tiền.',
  unreadable: '📷 Tôi chưa đọc được mã QR trong ảnh. {Bạn} chụp lại rõ hơn giúp tôi: chụp thẳng, đủ sáng, mã QR nằm trọn trong ảnh và không bị mờ.',
  notAnImage: '📷 Tôi chưa mở được ảnh này. {Bạn} chụp lại hoặc gửi ảnh khác (JPG, PNG) giúp tôi nhé.',
  imageTooLarge: '📷 Ảnh lớn quá. {Bạn} chụp lại hoặc gửi ảnh nhỏ hơn giúp tôi nhé.',
  imageLost: '📷 Tôi chưa nhận được ảnh. {Bạn} gửi lại ảnh mã QR giúp tôi nhé.',
  photoHint: 'Xin lỗi, tôi chỉ đọc được tin nhắn chữ. Muốn kiểm tra mã QR, {bạn} gõ /kiemtra_tin rồi gửi ảnh mã QR.',
  checkAnother: '🔎 Kiểm tra tin khác',
  qrPayment: (p: { bank?: string; account?: string; name?: string; amount?: number; message?: string }) =>
    [
      '💳 Mã QR chuyển tiền:',
      p.bank ? `• Ngân hàng: ${p.bank}` : undefined,
      p.account ? `• Số tài khoản: ${p.account}` : undefined,
      p.name ? `• Tên người nhận: ${p.name}` : undefined,
      p.amount !== undefined ? `• Số tiền: ${p.amount.toLocaleString('vi-VN')} đồng` : '• Số tiền: chưa ghi ({bạn} tự nhập)',
      p.message ? `• Nội dung: ${p.message}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
  qrLink: (url: string) => `🔗 Mã QR dẫn tới: ${url}`,
  qrText: (text: string) => `📝 Mã QR chứa chữ: ${text}`,
};

/** The reply to a check: verdict, the reasons with what they mean, what to do now. */
export function scamCheckReply(r: {
  verdict: keyof typeof scamVerdictLabels;
  reasons: { detail: string; meaning: string; weight: number }[];
  advice: string[];
}): string {
  const lines: string[] = [`Kết quả: ${scamVerdictLabels[r.verdict]}`];
  const shown = r.reasons.filter((x) => x.weight > 0);
  if (shown.length) {
    lines.push('', scamTexts.reasonsHeading);
    for (const x of shown.slice(0, 5)) lines.push(`• ${x.detail}: ${x.meaning}`);
  }
  lines.push('', scamTexts.adviceHeading, ...r.advice.map((a) => `• ${a}`));
  return lines.join('\n');
}
// — Understanding citizens (issue 9): small talk, quitting, "did you mean" —

/** Short replies in the bot's voice ("tôi") to messages that are not questions; the menu follows. */
const SMALL_TALK: Record<string, string> = {
  greeting: 'Chào {bạn}! 👋 Tôi có thể giúp {bạn} học kỹ năng số, hoặc trả lời câu hỏi của {bạn}.',
  thanks: 'Không có gì đâu ạ! 😊 Cần gì {bạn} cứ hỏi tôi nhé.',
  compliment: 'Cảm ơn {bạn} nhiều! 😊 Cần gì {bạn} cứ hỏi tôi nhé.',
  farewell: 'Chào {bạn}, hẹn gặp lại! 👋 Khi cần, {bạn} cứ nhắn tôi nhé.',
  ack: 'Vâng ạ! 👍',
  emoji: '😊',
  yes: 'Vâng ạ.',
  no: 'Vâng, không sao ạ.',
  quit: 'Vâng, tôi dừng ở đây.',
  // Round 2 of issue 9: apologies and "who are you".
  apology: 'Không sao đâu ạ! 😊',
  who: 'Tôi là trợ lý học kỹ năng số của phong trào “Bình dân học vụ số”: một chương trình máy tính, không phải người thật. Tôi giúp {bạn} học và trả lời câu hỏi từ các bài học.',
};

/** The short reply to small talk, alone (during a quiz, before the question again). */
export function smallTalkShort(kind: string): string {
  return SMALL_TALK[kind] ?? SMALL_TALK.ack!;
}

/** The reply to small talk (without the menu, which the conversation adds). */
export function smallTalkReply(kind: string): string {
  return `${smallTalkShort(kind)} {Bạn} muốn làm gì tiếp? Chọn một mục, hoặc gõ câu hỏi của {bạn}.`;
}

/** "Có phải {bạn} muốn hỏi…?" with the closest sections (the buttons carry them in the chat). */
export const clarifyPrompt = 'Tôi chưa chắc {bạn} hỏi điều nào. Có phải {bạn} muốn hỏi một trong các điều sau? Chọn một mục, hoặc hỏi lại rõ hơn nhé.';

/** The clarification as plain text (for `npm run ask` and the model-less contract). */
export function clarifyText(options: { heading: string; lesson: string }[]): string {
  return [clarifyPrompt, ...options.map((o, i) => `${i + 1}. ${o.heading} (bài «${o.lesson}»)`)].join('\n');
}

/** Leaving a quiz by words ("dừng", "thôi"): it stays resumable from the menu. */
export const quizLeft = 'Vâng, tôi đã dừng bài kiểm tra. Khi nào muốn, {bạn} chọn “Làm tiếp bài kiểm tra” nhé.';
/** Leaving a lesson by words. */
export const lessonLeft = 'Vâng, {bạn} dừng đọc bài ở đây. Khi nào muốn, {bạn} chọn “Học bài” để đọc tiếp nhé.';
/** Under every quiz question: how to leave. */
export const quizHowToLeave = '(Muốn dừng, gõ “dừng”.)';
/** A suggested section that no longer exists. */
export const sectionGone = 'Phần này không còn nữa. Mời {bạn} hỏi lại nhé.';
