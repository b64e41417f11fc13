import { z } from 'zod';

/**
 * The shape of the curriculum files, validated with zod at start and by `npm run content:check`.
 * Messages are Vietnamese because the people who edit content are the province's officers.
 */

/** Topic ids are a contract: reports, completion and other tools rely on them. */
export const TOPIC_IDS = ['vneid', 'dich-vu-cong', 'thanh-toan', 'lua-dao', 'phong-trao'] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

const slug = z
  .string({ message: 'thiếu, phải là chuỗi' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'chỉ dùng chữ thường không dấu, số và dấu gạch ngang (ví dụ vneid-la-gi)' });

const text = (what: string, max: number) =>
  z
    .string({ message: `thiếu ${what}` })
    .trim()
    .min(1, { message: `${what} không được để trống` })
    .max(max, { message: `${what} dài quá ${max} ký tự` });

const httpUrl = z
  .string({ message: 'thiếu đường link' })
  .trim()
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
      } catch {
        return false;
      }
    },
    { message: 'không phải đường link hợp lệ (phải bắt đầu bằng https:// hoặc http://)' },
  );

export const topicSchema = z.object(
  {
    id: z.enum(TOPIC_IDS, { message: `mã chủ đề phải là một trong: ${TOPIC_IDS.join(', ')}` }),
    title: text('tên chủ đề', 80),
    description: text('mô tả', 300),
  },
  { message: 'mỗi chủ đề phải có id, title, description' },
);
export type Topic = z.infer<typeof topicSchema>;

export const topicsFileSchema = z
  .array(topicSchema, { message: 'topics.yaml phải là một danh sách chủ đề' })
  .min(1, { message: 'cần ít nhất một chủ đề' });

const optionalText = (what: string, max: number) => text(what, max).optional();

/**
 * A source a lesson's facts come from. A document may be cited without a URL (title, issuer, number,
 * date); `sections` names the `## ` headings it backs, so each section can link to its own source.
 */
export const sourceSchema = z.object(
  {
    title: text('tên nguồn', 200),
    url: httpUrl.optional(),
    issuer: optionalText('cơ quan ban hành', 200),
    number: optionalText('số hiệu văn bản', 80),
    date: optionalText('ngày ban hành', 40),
    sections: z.array(text('tên phần', 200), { message: 'sections phải là danh sách tên phần (## ) của bài' }).optional(),
  },
  { message: 'mỗi nguồn phải có title (và url nếu là trang web)' },
);
export type Source = z.infer<typeof sourceSchema>;

export const quizQuestionSchema = z
  .object(
    {
      question: text('câu hỏi', 300),
      choices: z
        .array(text('lựa chọn', 120), { message: 'choices phải là danh sách 2–4 lựa chọn' })
        .min(2, { message: 'cần ít nhất 2 lựa chọn' })
        .max(4, { message: 'nhiều nhất 4 lựa chọn' }),
      answer: z
        .number({ message: 'answer phải là số thứ tự của đáp án đúng (bắt đầu từ 0)' })
        .int({ message: 'answer phải là số nguyên' }),
      explain: text('lời giải thích', 400),
    },
    { message: 'mỗi câu hỏi phải có question, choices, answer, explain' },
  )
  .superRefine((q, ctx) => {
    if (q.answer < 0 || q.answer >= q.choices.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `đáp án ${q.answer} nằm ngoài khoảng 0–${q.choices.length - 1}`,
      });
    }
    const seen = new Set<string>();
    q.choices.forEach((c, i) => {
      const key = c.normalize('NFC').toLowerCase().trim();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['choices', i], message: `lựa chọn bị trùng: "${c}"` });
      seen.add(key);
    });
  });
export type QuizQuestion = z.infer<typeof quizQuestionSchema>;

const isoDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z
    .string({ message: 'thiếu ngày kiểm tra thông tin (YYYY-MM-DD)' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'ngày phải viết dạng YYYY-MM-DD' })
    .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'ngày không có thật' }),
);

export const lessonFrontMatterSchema = z.object(
  {
    id: slug,
    topic: z.string({ message: 'thiếu mã chủ đề' }),
    title: text('tiêu đề', 120),
    summary: text('tóm tắt', 400),
    level: z.enum(['co-ban', 'nang-cao'], { message: 'level phải là co-ban hoặc nang-cao' }),
    order: z.number().int().min(0).optional(),
    sources: z
      .array(sourceSchema, { message: 'sources phải là danh sách nguồn' })
      .min(1, { message: 'cần ít nhất một nguồn chính thức' })
      .refine((list) => list.some((s) => s.url), { message: 'cần ít nhất một nguồn có đường link để gửi người học' }),
    audience: z
      .enum(['citizen', 'officer'], { message: 'audience phải là citizen (người dân) hoặc officer (cán bộ)' })
      .default('citizen'),
    updated: isoDate,
    quiz: z
      .array(quizQuestionSchema, { message: 'quiz phải là danh sách câu hỏi' })
      .min(4, { message: 'mỗi bài cần ít nhất 4 câu hỏi kiểm tra' }),
  },
  { message: 'phần đầu bài (front matter) phải là các trường YAML' },
);
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

/** One `## ` section of a lesson body. */
export interface LessonSection {
  heading: string;
  text: string;
  /** How citizens ask the question this section answers (from the lesson's `.asks.yaml`); never shown. */
  asks: string[];
}

/** `<lesson>.asks.yaml`: the exact `## ` heading of a section → the ways citizens ask it. */
export const asksFileSchema = z.record(
  z.string(),
  z.array(
    z
      .string({ message: 'mỗi câu hỏi phải là chuỗi' })
      .trim()
      .min(3, { message: 'câu hỏi ngắn quá (ít nhất 3 ký tự)' })
      .max(160, { message: 'câu hỏi dài quá 160 ký tự' }),
    { message: 'phải là danh sách câu hỏi' },
  ),
  { message: 'tệp asks phải là bảng: tên phần → danh sách câu hỏi' },
);

/** A lesson needs at least this many question variants in all (when it has an asks file). */
export const MIN_ASKS_PER_LESSON = 8;

/** A validated lesson, ready to teach and to index. */
export interface Lesson extends Omit<LessonFrontMatter, 'topic' | 'quiz'> {
  topic: TopicId;
  /** Repository-relative path of the source file (for error messages and editors). */
  file: string;
  sections: LessonSection[];
  quiz: (QuizQuestion & { id: string })[];
}
