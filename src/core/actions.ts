import { ADDRESS_FORMS, type AddressForm } from './texts.js';

/**
 * Button action ids: short ASCII strings (Telegram allows 64 bytes of callback data). Lessons are
 * referred to by their short key (CurriculumIndex.lessonKey), topics by their fixed id.
 *
 *   menu | learn | quiz | review | progress | help | commune | notify | resume | scan (check a message for scams)
 *   t:<topic>              a topic's lessons
 *   l:<lesson>:<page>      a lesson page (0-based)
 *   s:<lesson>:<section>   one section's answer (0-based), from a "Có phải bạn muốn hỏi…?" suggestion
 *   lq:<lesson>            a lesson's quiz
 *   tq:<topic>             a topic quiz
 *   a:<attempt>:<pos>:<k>  answer k (0-based, as shown) to question pos of an attempt
 *   c:<code>               pick a commune      | cskip   keep/skip the commune question
 *   sub:1 | sub:0          announcements on/off
 *   del:yes | del:no       confirm/cancel data deletion
 *   af:<form> | af:-       how to address the person (ban, anh, chi, co, chu, bac, ong, ba) | skip
 */
export type Action =
  | { kind: 'menu' | 'learn' | 'quiz' | 'review' | 'progress' | 'help' | 'commune' | 'notify' | 'resume' | 'cskip' | 'scan' }
  | { kind: 'topic'; topic: string }
  | { kind: 'page'; lesson: string; page: number }
  | { kind: 'section'; lesson: string; section: number }
  | { kind: 'lessonQuiz'; lesson: string }
  | { kind: 'topicQuiz'; topic: string }
  | { kind: 'answer'; attemptId: number; position: number; choice: number }
  | { kind: 'pickCommune'; code: string }
  | { kind: 'subscribe'; on: boolean }
  | { kind: 'delete'; confirm: boolean }
  | { kind: 'address'; form: AddressForm | undefined };

const SIMPLE = new Set(['menu', 'learn', 'quiz', 'review', 'progress', 'help', 'commune', 'notify', 'resume', 'cskip', 'scan']);

/** The longest action id allowed (bytes, UTF-8). */
export const MAX_ACTION_BYTES = 64;

export const act = {
  menu: 'menu',
  learn: 'learn',
  quiz: 'quiz',
  review: 'review',
  progress: 'progress',
  help: 'help',
  commune: 'commune',
  notify: 'notify',
  resume: 'resume',
  communeSkip: 'cskip',
  scan: 'scan',
  topic: (topic: string) => `t:${topic}`,
  page: (lessonKey: string, page: number) => `l:${lessonKey}:${page}`,
  section: (lessonKey: string, section: number) => `s:${lessonKey}:${section}`,
  lessonQuiz: (lessonKey: string) => `lq:${lessonKey}`,
  topicQuiz: (topic: string) => `tq:${topic}`,
  answer: (attemptId: number, position: number, choice: number) => `a:${attemptId}:${position}:${choice}`,
  pickCommune: (code: string) => `c:${code}`,
  subscribe: (on: boolean) => `sub:${on ? 1 : 0}`,
  delete: (confirm: boolean) => `del:${confirm ? 'yes' : 'no'}`,
  address: (form: AddressForm | undefined) => `af:${form ?? '-'}`,
} as const;

const int = (s: string | undefined) => (s !== undefined && /^\d{1,12}$/.test(s) ? Number(s) : undefined);

/** Decodes an action id; undefined for anything unknown or malformed (an old or forged button). */
export function parseAction(raw: string): Action | undefined {
  if (Buffer.byteLength(raw) > MAX_ACTION_BYTES) return undefined;
  if (SIMPLE.has(raw)) return { kind: raw } as Action;
  const [head, ...rest] = raw.split(':');
  const arg = rest.join(':');
  switch (head) {
    case 't':
      return arg ? { kind: 'topic', topic: arg } : undefined;
    case 'tq':
      return arg ? { kind: 'topicQuiz', topic: arg } : undefined;
    case 'lq':
      return arg ? { kind: 'lessonQuiz', lesson: arg } : undefined;
    case 'l': {
      const page = int(rest[1]);
      return rest.length === 2 && rest[0] && page !== undefined ? { kind: 'page', lesson: rest[0], page } : undefined;
    }
    case 's': {
      const section = int(rest[1]);
      return rest.length === 2 && rest[0] && section !== undefined ? { kind: 'section', lesson: rest[0], section } : undefined;
    }
    case 'a': {
      const [a, p, k] = rest.map(int);
      return rest.length === 3 && a !== undefined && p !== undefined && k !== undefined
        ? { kind: 'answer', attemptId: a, position: p, choice: k }
        : undefined;
    }
    case 'c':
      return arg ? { kind: 'pickCommune', code: arg } : undefined;
    case 'sub':
      return arg === '1' || arg === '0' ? { kind: 'subscribe', on: arg === '1' } : undefined;
    case 'del':
      return arg === 'yes' || arg === 'no' ? { kind: 'delete', confirm: arg === 'yes' } : undefined;
    case 'af':
      if (arg === '-') return { kind: 'address', form: undefined };
      return (ADDRESS_FORMS as readonly string[]).includes(arg) ? { kind: 'address', form: arg as AddressForm } : undefined;
    default:
      return undefined;
  }
}
