import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompletionRepository } from '../../src/store/completion-repository.js';
import { ConversationStateRepository } from '../../src/store/conversation-state-repository.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';
import { readMigrations } from '../../src/store/migrate.js';
import { ProgressRepository } from '../../src/store/progress-repository.js';
import { QuizRepository } from '../../src/store/quiz-repository.js';
import { ReviewCardRepository } from '../../src/store/review-card-repository.js';

const T0 = new Date('2026-03-01T00:00:00Z');
const later = (min: number) => new Date(T0.getTime() + min * 60_000);

describe('learning repositories (real SQLite file)', () => {
  let dir: string;
  let db: Db;
  let learners: LearnerRepository;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-test-'));
    db = openDatabase(join(dir, 'app.db'));
    learners = new LearnerRepository(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const contact = { channel: 'zalo' as const, platformUserId: 'z1', chatId: 'z1', displayName: 'Ông Ba' };

  it('creates a learner on first contact and refreshes it afterwards', () => {
    const first = learners.seen(contact, T0);
    expect(first.created).toBe(true);
    expect(first.learner).toMatchObject({ channel: 'zalo', platformUserId: 'z1', displayName: 'Ông Ba', communeAsked: false, unreachable: false });
    expect(first.learner.subscribed).toBeUndefined();
    const again = learners.seen({ ...contact, displayName: undefined, chatId: 'z1-new' }, later(5));
    expect(again.created).toBe(false);
    expect(again.learner).toMatchObject({ id: first.learner.id, displayName: 'Ông Ba', chatId: 'z1-new', lastActiveAt: later(5).toISOString() });
    // The same user id on another platform is another person.
    expect(learners.seen({ ...contact, channel: 'telegram' }, T0).learner.id).not.toBe(first.learner.id);
  });

  it('keeps the newest active day on the learner row, and every day in the history', () => {
    const { learner } = learners.seen(contact, T0);
    expect(learner.lastActiveDay).toBeUndefined();
    learners.recordActiveDay(learner.id, '2026-03-02');
    learners.recordActiveDay(learner.id, '2026-03-01'); // recorded late: the newest day stays
    learners.recordActiveDay(learner.id, '2026-03-02');
    expect(learners.seen(contact, later(1)).learner.lastActiveDay).toBe('2026-03-02');
    expect(learners.activeDays(learner.id)).toEqual(['2026-03-02', '2026-03-01']);
  });

  it('fills the last active day of learners made before migration 0005', () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path, readMigrations().filter((m) => m.id < 5));
    old.prepare(`INSERT INTO learners (id, channel, platform_user_id, chat_id, created_at, updated_at, last_active_at)
      VALUES (1, 'zalo', 'z1', 'z1', 't', 't', 't'), (2, 'zalo', 'z2', 'z2', 't', 't', 't')`).run();
    old.prepare(`INSERT INTO learner_days (learner_id, day) VALUES (1, '2026-02-27'), (1, '2026-02-28')`).run();
    old.close();
    const upgraded = openDatabase(path);
    const repo = new LearnerRepository(upgraded);
    expect(repo.get(1)?.lastActiveDay).toBe('2026-02-28');
    expect(repo.get(2)?.lastActiveDay).toBeUndefined();
    upgraded.close();
  });

  it('keeps display names short and ignores blank ones', () => {
    const { learner } = learners.seen({ ...contact, displayName: `  ${'x'.repeat(300)}  ` }, T0);
    expect(learner.displayName).toHaveLength(64);
    expect(learners.seen({ ...contact, displayName: '   ' }, T0).learner.displayName).toHaveLength(64);
  });

  it('stores commune and subscription, and the unreachable flag until the person writes again', () => {
    const { learner } = learners.seen(contact, T0);
    learners.setCommune(learner.id, { code: 'x1', name: 'Xã Một' }, T0);
    learners.setSubscribed(learner.id, true, T0);
    learners.setUnreachable('zalo', 'z1', true, T0);
    expect(learners.get(learner.id)).toMatchObject({ communeCode: 'x1', communeName: 'Xã Một', communeAsked: true, subscribed: true, unreachable: true });
    expect(learners.seen(contact, later(1)).learner.unreachable).toBe(false);
    learners.setCommune(learner.id, undefined, T0);
    expect(learners.get(learner.id)).toMatchObject({ communeCode: undefined, communeName: undefined, communeAsked: true });
  });

  it('records answers once, counts them and finishes the attempt on the last one', () => {
    const { learner } = learners.seen(contact, T0);
    const quizzes = new QuizRepository(db);
    const a = quizzes.create(learner.id, 'lesson', 'l1', [
      { questionId: 'l1:1', choiceOrder: [2, 0, 1] },
      { questionId: 'l1:2', choiceOrder: [1, 0] },
    ], T0);
    expect(quizzes.items(a.id).map((i) => i.choiceOrder)).toEqual([[2, 0, 1], [1, 0]]);
    quizzes.markAsked(a.id, 0, later(1));
    quizzes.markAsked(a.id, 0, later(2));
    expect(quizzes.item(a.id, 0)?.askedAt).toBe(later(1).toISOString());
    expect(quizzes.recordAnswer(a.id, 0, 2, true, later(3))).toMatchObject({ answered: 1, correct: 1, finishedAt: undefined });
    expect(quizzes.recordAnswer(a.id, 0, 0, false, later(3))).toBeUndefined();
    expect(quizzes.recordAnswer(a.id, 1, 1, false, later(4))).toMatchObject({ answered: 2, correct: 1, finishedAt: later(4).toISOString() });
    const b = quizzes.create(learner.id, 'lesson', 'l1', [{ questionId: 'l1:1', choiceOrder: [0, 1, 2] }], T0);
    quizzes.recordAnswer(b.id, 0, 1, true, later(5));
    expect(quizzes.bestScores(learner.id)).toEqual([{ scope: 'lesson', scopeId: 'l1', correct: 1, total: 1 }]);
  });

  it('returns due review cards, most overdue first', () => {
    const { learner } = learners.seen(contact, T0);
    const cards = new ReviewCardRepository(db);
    const base = { learnerId: learner.id, stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 1, learningSteps: 0, reps: 1, lapses: 0, state: 2 };
    cards.upsert({ ...base, questionId: 'q1', due: later(60).toISOString() });
    cards.upsert({ ...base, questionId: 'q2', due: later(10).toISOString() });
    cards.upsert({ ...base, questionId: 'q3', due: later(5000).toISOString() });
    expect(cards.due(learner.id, later(100), 10).map((c) => c.questionId)).toEqual(['q2', 'q1']);
    expect(cards.countDue(learner.id, later(100))).toBe(2);
    cards.upsert({ ...base, questionId: 'q2', due: later(9000).toISOString(), reps: 2, lastReview: later(100).toISOString() });
    expect(cards.get(learner.id, 'q2')).toMatchObject({ reps: 2, lastReview: later(100).toISOString() });
    expect(cards.count(learner.id)).toBe(3);
  });

  it('reads back a malformed conversation state as nothing', () => {
    const { learner } = learners.seen(contact, T0);
    const states = new ConversationStateRepository(db);
    expect(states.get(learner.id)).toBeUndefined();
    states.set(learner.id, { awaiting: 'commune' }, T0);
    expect(states.get(learner.id)).toEqual({ awaiting: 'commune' });
    db.prepare('UPDATE conversation_states SET state = ?').run('{broken');
    expect(states.get(learner.id)).toBeUndefined();
  });

  it('deletes a learner’s rows everywhere and never reuses the id', () => {
    const { learner } = learners.seen(contact, T0);
    const other = learners.seen({ ...contact, platformUserId: 'z2', chatId: 'z2' }, T0).learner;
    for (const id of [learner.id, other.id]) {
      learners.recordActiveDay(id, '2026-03-01');
      new ProgressRepository(db).recordPage(id, 'l1', 1, false, T0);
      const a = new QuizRepository(db).create(id, 'topic', 'vneid', [{ questionId: 'l1:1', choiceOrder: [0, 1] }], T0);
      new QuizRepository(db).recordAnswer(a.id, 0, 0, true, T0);
      new ReviewCardRepository(db).upsert({
        learnerId: id, questionId: 'l1:1', due: T0.toISOString(), stability: 1, difficulty: 5, elapsedDays: 0,
        scheduledDays: 1, learningSteps: 0, reps: 1, lapses: 0, state: 2,
      });
      new ConversationStateRepository(db).set(id, {}, T0);
      new CompletionRepository(db).insert(`HVS-CODE-${id}`, id, T0, [
        { topicId: 'vneid', title: 'VNeID', lessonsOpened: 1, lessonsTotal: 1, correct: 1, total: 1, passedAt: T0.toISOString() },
      ]);
    }
    const count = (id: number) => {
      const n = (sql: string) => (db.prepare(sql).get(id) as { n: number }).n;
      return (
        n('SELECT COUNT(*) AS n FROM learners WHERE id = ?') +
        n('SELECT COUNT(*) AS n FROM learner_days WHERE learner_id = ?') +
        n('SELECT COUNT(*) AS n FROM lesson_reads WHERE learner_id = ?') +
        n('SELECT COUNT(*) AS n FROM quiz_attempts WHERE learner_id = ?') +
        n('SELECT COUNT(*) AS n FROM quiz_attempt_items i JOIN quiz_attempts a ON a.id = i.attempt_id WHERE a.learner_id = ?') +
        n('SELECT COUNT(*) AS n FROM review_cards WHERE learner_id = ?') +
        n('SELECT COUNT(*) AS n FROM conversation_states WHERE learner_id = ?') +
        n('SELECT COUNT(*) AS n FROM completions WHERE learner_id = ?') +
        n('SELECT COUNT(*) AS n FROM completion_topics t JOIN completions c ON c.code = t.code WHERE c.learner_id = ?')
      );
    };
    expect(count(learner.id)).toBe(9);
    expect(learners.deleteLearner(learner.id)).toBe(true);
    expect(count(learner.id)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM quiz_attempt_items').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM completion_topics').get()).toEqual({ n: 1 });
    expect(count(other.id)).toBe(9);
    expect(learners.deleteLearner(learner.id)).toBe(false);
    const again = learners.seen(contact, later(1)).learner;
    expect(again.id).toBeGreaterThan(other.id);
  });

  it('issues one completion per learner and finds it by code', () => {
    const { learner } = learners.seen(contact, T0);
    const repo = new CompletionRepository(db);
    expect(repo.insert('HVS-AAAA-BBBB-CCC', learner.id, T0)).toBe(true);
    expect(repo.insert('HVS-DDDD-EEEE-FFF', learner.id, T0)).toBe(false);
    expect(repo.find('HVS-AAAA-BBBB-CCC')).toMatchObject({ learnerId: learner.id, displayName: 'Ông Ba' });
    expect(repo.find('HVS-DDDD-EEEE-FFF')).toBeUndefined();
  });
});
