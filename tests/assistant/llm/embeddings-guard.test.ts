import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passageEmbeddingText } from '../../../src/assistant/embeddings.js';
import { lessonPassages } from '../../../src/knowledge/lesson-retriever.js';
import { LlmUsageRepository } from '../../../src/store/llm-usage-repository.js';
import { fixtureCurriculum, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const EMBED = { OPENAI_EMBEDDING_MODEL: 'fake-embed' };

describe('hybrid retrieval embeddings', () => {
  it('are computed once per passage, across restarts; an edited section is embedded again, alone', async () => {
    const passages = lessonPassages(fixtureCurriculum().lessons);
    await h.assistant(EMBED);
    const first = h.fake.embeddings.flatMap((r) => r.input);
    expect(first.sort()).toEqual(passages.map(passageEmbeddingText).sort());
    expect(h.fake.embeddings.every((r) => r.model === 'fake-embed')).toBe(true);

    // A restart on the same database: nothing to embed.
    h.fake.embeddings.length = 0;
    await h.assistant(EMBED);
    expect(h.fake.embeddings).toHaveLength(0);

    // One section edited: only that passage is embedded.
    const edited = fixtureCurriculum('v2');
    edited.lessons[2]!.sections[1]!.text += ' Giữ lại biên lai chuyển tiền.';
    await h.assistant(EMBED, {}, edited);
    expect(h.fake.embeddings.flatMap((r) => r.input)).toEqual([passageEmbeddingText(lessonPassages(edited.lessons).find((p) => p.id === 'qr-chuyen-tien#1')!)]);
  });

  it('embed the question per question and fuse the rankings; the answer still cites the right lesson', async () => {
    const a = await h.assistant(EMBED);
    h.fake.embeddings.length = 0;
    const ans = await a.answer('Làm sao kích hoạt tài khoản VNeID?');
    expect(h.fake.embeddings.map((r) => r.input)).toEqual([['Làm sao kích hoạt tài khoản VNeID?']]);
    expect(ans).toMatchObject({ mode: 'llm', grounded: true });
    expect(ans.sources[0]!.lessonId).toBe('vneid-kich-hoat');
    const usage = new LlmUsageRepository(h.db).recent(1)[0]!;
    expect(usage.embeddingTokens).toBeGreaterThan(0);
  });

  it('an embedding server that fails leaves retrieval lexical, and answers keep coming', async () => {
    const a = await h.assistant({ ...EMBED, OPENAI_BASE_URL: h.fake.url.replace('/v1', '/nowhere') });
    const ans = await a.answer('Làm sao kích hoạt tài khoản VNeID?');
    // Chat goes to the same (wrong) base URL, so the answer is the extractive fallback: never silence.
    expect(ans).toMatchObject({ grounded: true, mode: 'extractive' });
    expect(h.logs.some((l) => l.includes('passage embeddings unavailable'))).toBe(true);
  });
});

describe('daily token guard', () => {
  it('switches to extractive mode once the day’s tokens reach the limit, and back the next day', async () => {
    const a = await h.assistant({ LLM_DAILY_TOKEN_LIMIT: '100' });
    h.fake.script({ reply: 'Tải VNeID từ CH Play [1].', usage: { prompt_tokens: 80, completion_tokens: 30 } });
    expect((await a.answer('Làm sao kích hoạt tài khoản VNeID?')).mode).toBe('llm');
    expect(h.fake.chats).toHaveLength(1);

    const over = await a.answer('Quên mật khẩu VNeID thì làm sao?');
    expect(over).toMatchObject({ mode: 'extractive', grounded: true });
    expect(h.fake.chats).toHaveLength(1);
    // A cached answer costs nothing and is still served.
    expect((await a.answer('lam sao kich hoat tai khoan vneid')).mode).toBe('llm');

    const usage = new LlmUsageRepository(h.db).day('2026-03-10');
    expect(usage).toMatchObject({ answers: 1, modelCalls: 1, promptTokens: 80, completionTokens: 30, overLimit: 1, cacheHits: 1 });

    // 17:00 UTC is midnight in Vietnam: a new day.
    h.clock.now = new Date('2026-03-10T17:00:00Z');
    expect((await a.answer('Quên mật khẩu VNeID thì làm sao?')).mode).toBe('llm');
    expect(h.fake.chats).toHaveLength(2);
  });

  it('with no limit (0) the model is always used', async () => {
    const a = await h.assistant({ LLM_DAILY_TOKEN_LIMIT: '0' });
    h.fake.script({ reply: 'Tải VNeID [1].', usage: { prompt_tokens: 900_000, completion_tokens: 900_000 } });
    await a.answer('Làm sao kích hoạt tài khoản VNeID?');
    expect((await a.answer('Quên mật khẩu VNeID thì làm sao?')).mode).toBe('llm');
  });
});
