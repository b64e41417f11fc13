import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../../src/assistant/answer-cache.js';
import { UsageGuard, vietnamDay } from '../../../src/assistant/usage-guard.js';
import { AnswerCacheRepository } from '../../../src/store/answer-cache-repository.js';
import { ChatTurnRepository } from '../../../src/store/chat-turn-repository.js';
import { openDatabase, type Db } from '../../../src/store/database.js';
import { EmbeddingCacheRepository } from '../../../src/store/embedding-cache-repository.js';
import { LearnerRepository } from '../../../src/store/learner-repository.js';
import { LlmUsageRepository } from '../../../src/store/llm-usage-repository.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-store-'));
  db = openDatabase(join(dir, 'app.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ChatTurnRepository', () => {
  it('keeps the newest turns per conversation, oldest first, and never mixes conversations', () => {
    const turns = new ChatTurnRepository(db);
    for (let i = 1; i <= 5; i++) turns.add('telegram:1', { question: `q${i}`, answer: `a${i}`, at: i * 1000 }, 3);
    turns.add('zalo:1', { question: 'other', answer: 'x', at: 9000 }, 3);
    expect(turns.recent('telegram:1', 0, 10).map((t) => t.question)).toEqual(['q3', 'q4', 'q5']);
    expect(turns.recent('telegram:1', 4000, 10).map((t) => t.question)).toEqual(['q4', 'q5']);
    expect(turns.recent('telegram:1', 0, 1).map((t) => t.question)).toEqual(['q5']);
    expect(turns.recent('zalo:1', 0, 10)).toEqual([{ question: 'other', answer: 'x', at: 9000 }]);
    expect(turns.purgeBefore(4500)).toBe(2);
    expect(turns.recent('telegram:1', 0, 10).map((t) => t.question)).toEqual(['q5']);
  });

  it('deleting the learner (/xoadulieu) deletes their turns, and only theirs', () => {
    const learners = new LearnerRepository(db);
    const now = new Date();
    const { learner } = learners.seen({ channel: 'telegram', platformUserId: '42', chatId: '42' }, now);
    learners.seen({ channel: 'zalo', platformUserId: '42', chatId: '42' }, now);
    const turns = new ChatTurnRepository(db);
    turns.add('telegram:42', { question: 'q', answer: 'a', at: 1 }, 3);
    turns.add('zalo:42', { question: 'q', answer: 'a', at: 1 }, 3);
    expect(learners.deleteLearner(learner.id)).toBe(true);
    expect(turns.recent('telegram:42', 0, 10)).toEqual([]);
    expect(turns.recent('zalo:42', 0, 10)).toHaveLength(1);
  });
});

describe('AnswerCache over SQLite', () => {
  const value = { answer: 'Tải VNeID [1].', grounded: true, sources: [{ lessonId: 'l', topic: 'vneid' as const, title: 'T', url: 'https://x', score: 1 }] };
  it('stores only a hash of the question; expires; a corrupt row is a miss', () => {
    let now = new Date('2026-03-10T00:00:00Z');
    const repo = new AnswerCacheRepository(db);
    const cache = new AnswerCache(repo, { contentVersion: 'c1', model: 'm', promptsVersion: 'p' }, () => now);
    cache.put('VNeID là gì?', value);
    expect(cache.get('vneid la gi')).toEqual(value);
    const rows = db.prepare('SELECT key, answer FROM answer_cache').all() as { key: string; answer: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toMatch(/VNeID là gì|vneid la gi/);
    // Another model or content version does not see it.
    expect(new AnswerCache(repo, { contentVersion: 'c2', model: 'm', promptsVersion: 'p' }, () => now).get('VNeID là gì?')).toBeUndefined();
    expect(new AnswerCache(repo, { contentVersion: 'c1', model: 'm2', promptsVersion: 'p' }, () => now).get('VNeID là gì?')).toBeUndefined();
    now = new Date('2026-03-18T00:00:00Z');
    expect(cache.get('VNeID là gì?')).toBeUndefined();
    db.prepare("UPDATE answer_cache SET answer = '{broken', created_at = ?").run(now.getTime());
    expect(cache.get('VNeID là gì?')).toBeUndefined();
  });

  it('prunes to the newest rows', () => {
    const repo = new AnswerCacheRepository(db);
    for (let i = 0; i < 10; i++) repo.put(`k${i}`, value, i);
    expect(repo.prune(2, 5)).toBe(5);
    expect((db.prepare('SELECT key FROM answer_cache ORDER BY key').all() as { key: string }[]).map((r) => r.key)).toEqual(['k5', 'k6', 'k7', 'k8', 'k9']);
  });
});

describe('usage', () => {
  it('adds per Vietnam-local day and the guard compares chat tokens with the limit', () => {
    let now = new Date('2026-03-10T16:59:00Z');
    const guard = new UsageGuard(new LlmUsageRepository(db), 1000, () => now);
    expect(vietnamDay(now)).toBe('2026-03-10');
    guard.record({ answers: 1, modelCalls: 1, promptTokens: 700, completionTokens: 200, embeddingTokens: 5000 });
    expect(guard.allows()).toBe(true);
    guard.record({ modelCalls: 1, promptTokens: 90, completionTokens: 10 });
    expect(guard.allows()).toBe(false);
    now = new Date('2026-03-10T17:00:00Z');
    expect(vietnamDay(now)).toBe('2026-03-11');
    expect(guard.allows()).toBe(true);
    expect(new LlmUsageRepository(db).recent(5).map((d) => [d.day, d.modelCalls, d.promptTokens, d.embeddingTokens])).toEqual([['2026-03-10', 2, 790, 5000]]);
  });
});

describe('EmbeddingCacheRepository', () => {
  it('round-trips Float32 vectors per (hash, model) across connections', () => {
    new EmbeddingCacheRepository(db).put([{ hash: 'h1', vector: Float32Array.from([0.5, -1, 2]) }], 'm1', 1);
    db.close();
    db = openDatabase(join(dir, 'app.db'));
    const repo = new EmbeddingCacheRepository(db);
    expect([...repo.get(['h1', 'h2'], 'm1')]).toEqual([['h1', Float32Array.from([0.5, -1, 2])]]);
    expect(repo.get(['h1'], 'm2').size).toBe(0);
  });
});
