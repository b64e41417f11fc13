import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/content/loader.js';
import { LessonRetriever } from '../../src/knowledge/lesson-retriever.js';
import { CurriculumIndex } from '../../src/learning/curriculum-index.js';
import { ProgressService } from '../../src/learning/progress-service.js';
import { QuizService } from '../../src/learning/quiz-service.js';
import { seededRandom } from '../../src/learning/random.js';
import { ReviewScheduler } from '../../src/learning/review-scheduler.js';
import { sampleTopicQuestions } from '../../src/learning/topic-sampler.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';
import { ProgressRepository } from '../../src/store/progress-repository.js';
import { QuizRepository } from '../../src/store/quiz-repository.js';
import { ReviewCardRepository } from '../../src/store/review-card-repository.js';

// Lesson "a" is for citizens, lesson "b" (plan numbers, targets) has `audience: officer`.
const curriculum = loadCurriculum(join(import.meta.dirname, '..', 'fixtures', 'content-rules', 'officer-track'));
const now = new Date('2026-12-02T02:00:00Z');

describe('officer track (audience: officer)', () => {
  let dir = '';
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'officer-'));
    db = openDatabase(join(dir, 'app.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is loaded, but kept out of the citizens\' index: menus, lesson lookups, questions', () => {
    expect(curriculum.lessons.map((l) => [l.id, l.audience])).toEqual([['a', 'citizen'], ['b', 'officer']]);
    const index = new CurriculumIndex(curriculum);
    expect(index.lessonsOf('vneid').map((l) => l.id)).toEqual(['a']);
    expect(index.lessons.map((l) => l.id)).toEqual(['a']);
    expect(index.officerLessons.map((l) => l.id)).toEqual(['b']);
    expect(index.lesson('b')).toBeUndefined();
    expect(index.question('b:1')).toBeUndefined();
  });

  it('never appears in a topic quiz, a lesson quiz or review', () => {
    const index = new CurriculumIndex(curriculum);
    for (let seed = 1; seed <= 20; seed++) {
      expect(sampleTopicQuestions(index.lessonsOf('vneid'), 10, seededRandom(seed)).every((id) => id.startsWith('a:'))).toBe(true);
    }
    const learner = new LearnerRepository(db).seen({ channel: 'telegram', platformUserId: 'u1', chatId: 'u1', displayName: 'Bà Lan' }, now).learner;
    const quizRepo = new QuizRepository(db);
    const reviews = new ReviewScheduler(new ReviewCardRepository(db));
    const quizzes = new QuizService(index, quizRepo, reviews, seededRandom(3));
    const topic = quizzes.start(learner.id, 'topic', 'vneid', now);
    // Four citizens' questions; with the officer's lesson it would be eight.
    expect(topic?.total).toBe(4);
    expect(quizzes.start(learner.id, 'lesson', 'b', now)).toBeUndefined();
  });

  it('does not count in progress or completion', () => {
    const index = new CurriculumIndex(curriculum);
    const learners = new LearnerRepository(db);
    const learner = learners.seen({ channel: 'telegram', platformUserId: 'u1', chatId: 'u1', displayName: 'Bà Lan' }, now).learner;
    const quizRepo = new QuizRepository(db);
    const reviews = new ReviewScheduler(new ReviewCardRepository(db));
    const progress = new ProgressService(index, new ProgressRepository(db), quizRepo, reviews, learners);
    const [topic] = progress.summary(learner.id, now).topics;
    expect(topic?.lessonsTotal).toBe(1);
  });

  it('is never a source of the citizens\' answers', () => {
    const retriever = new LessonRetriever(curriculum);
    expect(retriever.passages.map((p) => p.lessonId)).toEqual(['a']);
    expect(retriever.search('số hiệu kế hoạch 47-KH/TU chỉ tiêu').every((h) => h.passage.lessonId === 'a')).toBe(true);
  });
});
