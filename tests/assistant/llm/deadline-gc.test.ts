import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmFallbackNote } from '../../../src/core/texts.js';
import { DenseRanker, OpenAiEmbedder } from '../../../src/assistant/embeddings.js';
import { LessonRetriever } from '../../../src/knowledge/lesson-retriever.js';
import { EmbeddingCacheRepository } from '../../../src/store/embedding-cache-repository.js';
import { API_KEY, fixtureCurriculum, startHarness, type Harness } from './harness.js';

/**
 * nodejs/node#57736: on Node 20 a deadline built from AbortSignal.any + AbortSignal.timeout can be lost
 * after a full GC. Here full GCs are forced (vitest runs with --expose-gc) every few milliseconds while
 * the fake model accepts the request and never answers: the deadline must still end the wait.
 */
const gc = (globalThis as { gc?: () => void }).gc;

/** Forces full GCs every 20 ms until the returned function is called. */
function forceGcs(): () => void {
  if (!gc) throw new Error('run vitest with --expose-gc (vitest.config.ts execArgv)');
  const timer = setInterval(() => gc(), 20);
  return () => clearInterval(timer);
}

const HOW = 'Làm sao kích hoạt tài khoản VNeID?';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  // One answered question on a generous deadline first: the client's first call loads modules lazily,
  // which on a busy machine can take longer than the short deadlines below.
  const warm = await h.assistant({ LLM_TIMEOUT_MS: '20000' });
  expect(await warm.answer('Quên mật khẩu VNeID thì làm gì?')).toMatchObject({ mode: 'llm' });
  h.fake.chats.length = 0;
});
afterEach(async () => {
  await h.close();
});

describe('the model deadline under forced full GCs', () => {
  it('a model that never answers: the question gets the extractive answer at the deadline', async () => {
    const a = await h.assistant({ LLM_TIMEOUT_MS: '1500' });
    h.fake.script({ hang: true }, { hang: true });
    const stop = forceGcs();
    try {
      const started = Date.now();
      const answers = await Promise.all([a.answer(HOW), a.answer('Chuyển nhầm tiền qua mã QR thì làm gì?')]);
      const elapsed = Date.now() - started;
      for (const ans of answers) {
        expect(ans.mode).toBe('extractive');
        expect(ans.answer.startsWith(llmFallbackNote)).toBe(true);
      }
      expect(answers[0]!.sources[0]!.lessonId).toBe('vneid-kich-hoat');
      // The deadline is 1.5 s; the margin covers a loaded 2-core machine, not minutes of hanging.
      expect(elapsed).toBeLessThan(6_000);
    } finally {
      stop();
    }
    expect(h.fake.chats).toHaveLength(2);
    expect(h.fake.chats.every((c) => c.status === 0)).toBe(true); // never answered
  }, 30_000);

  it('an embedding server that never answers: start-up embedding and question embedding end at their deadlines', async () => {
    h.fake.hangEmbeddings = true;
    const curriculum = fixtureCurriculum();
    const lexical = new LessonRetriever(curriculum);
    const dense = new DenseRanker({
      passages: lexical.passages,
      lexical,
      embedder: new OpenAiEmbedder({ model: 'fake-embed', apiKey: API_KEY, baseURL: h.fake.url }),
      store: new EmbeddingCacheRepository(h.db),
      logger: h.logger,
      now: () => h.clock.now,
      prepareTimeoutMs: 800,
    });
    const stop = forceGcs();
    try {
      const started = Date.now();
      expect(await dense.prepare()).toBe(false);
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(dense.ready).toBe(false);
      expect(h.logs.some((l) => l.includes('passage embeddings unavailable'))).toBe(true);
    } finally {
      stop();
    }
    // And the whole pipeline with embeddings configured and hanging still answers (lexical ranking, model fine).
    h.fake.hangEmbeddings = false;
    const a = await h.assistant({ LLM_TIMEOUT_MS: '4000', OPENAI_EMBEDDING_MODEL: 'fake-embed' });
    h.fake.hangEmbeddings = true;
    const stop2 = forceGcs();
    try {
      const started = Date.now();
      const ans = await a.answer(HOW);
      expect(Date.now() - started).toBeLessThan(6_000);
      // The question's embedding gets a quarter of the deadline; the model still answers in time.
      expect(ans).toMatchObject({ mode: 'llm', grounded: true });
      expect(ans.sources[0]!.lessonId).toBe('vneid-kich-hoat');
      expect(h.logs.some((l) => l.includes('question embedding failed'))).toBe(true);
    } finally {
      stop2();
    }
  }, 30_000);
});
