import { createHash } from 'node:crypto';
import { citizenLessons, officerLessons } from '../content/audience.js';
import type { Curriculum } from '../content/loader.js';
import type { Lesson, QuizQuestion, Topic, TopicId } from '../content/schema.js';
import { lessonPages, type LessonPage } from './lesson-pages.js';

/** A quiz question with its id (`${lessonId}:${n}`) and the lesson it belongs to. */
export interface IndexedQuestion {
  id: string;
  question: QuizQuestion;
  lesson: Lesson;
}

/** Lesson ids up to this many bytes are used as-is in action ids; longer ones get a short hash key. */
const MAX_KEY_BYTES = 24;

/**
 * Lookups over the loaded curriculum: topics, lessons by id and by topic, questions by id, and a short
 * stable key per lesson for button actions (Telegram allows 64 bytes of callback data).
 * Only citizens' lessons are indexed: officers' lessons (`audience: officer`) are kept apart in
 * {@link CurriculumIndex.officerLessons}, so menus, quizzes, review, progress and completion never see them.
 */
export class CurriculumIndex {
  readonly topics: readonly Topic[];
  /** Citizens' lessons, in teaching order. */
  readonly lessons: readonly Lesson[];
  /** Officers' lessons (`audience: officer`): not offered to citizens. */
  readonly officerLessons: readonly Lesson[];
  private readonly lessonById = new Map<string, Lesson>();
  private readonly lessonByKey = new Map<string, Lesson>();
  private readonly keyByLesson = new Map<string, string>();
  private readonly byTopic = new Map<TopicId, Lesson[]>();
  private readonly questions = new Map<string, IndexedQuestion>();
  private readonly topicById = new Map<string, Topic>();
  private readonly pageCache = new Map<string, LessonPage[]>();

  constructor(curriculum: Curriculum) {
    this.topics = curriculum.topics;
    this.lessons = citizenLessons(curriculum.lessons);
    this.officerLessons = officerLessons(curriculum.lessons);
    for (const t of curriculum.topics) {
      this.topicById.set(t.id, t);
      this.byTopic.set(t.id, []);
    }
    for (const lesson of this.lessons) {
      this.lessonById.set(lesson.id, lesson);
      const key =
        Buffer.byteLength(lesson.id) <= MAX_KEY_BYTES
          ? lesson.id
          : `~${createHash('sha256').update(lesson.id).digest('base64url').slice(0, 10)}`;
      this.lessonByKey.set(key, lesson);
      this.keyByLesson.set(lesson.id, key);
      this.byTopic.get(lesson.topic)?.push(lesson);
      for (const q of lesson.quiz) this.questions.set(q.id, { id: q.id, question: q, lesson });
    }
  }

  topic(id: string): Topic | undefined {
    return this.topicById.get(id);
  }

  lesson(id: string): Lesson | undefined {
    return this.lessonById.get(id);
  }

  /** The lessons of a topic, in teaching order. */
  lessonsOf(topic: TopicId): readonly Lesson[] {
    return this.byTopic.get(topic) ?? [];
  }

  /** The lesson's short pages (computed once). */
  pages(lesson: Lesson): LessonPage[] {
    let pages = this.pageCache.get(lesson.id);
    if (!pages) {
      pages = lessonPages(lesson);
      this.pageCache.set(lesson.id, pages);
    }
    return pages;
  }

  question(id: string): IndexedQuestion | undefined {
    return this.questions.get(id);
  }

  /** The short key of a lesson for action ids (the id itself when short). */
  lessonKey(lessonId: string): string {
    return this.keyByLesson.get(lessonId) ?? lessonId;
  }

  lessonByActionKey(key: string): Lesson | undefined {
    return this.lessonByKey.get(key);
  }
}
