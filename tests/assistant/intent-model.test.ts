import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAssistant } from '../../src/assistant/extractive.js';
import { INTENT_CLASSES, INTENT_MODEL_PATH, intentFeatures, intentModel, parseIntentModel } from '../../src/assistant/intent-model.js';
import { DEV_FILE, EXAMPLES_FILE, lessonExamples, lessonExamplesSha, LESSONS_SOURCE, readQuestions } from '../../src/assistant/intent-train.js';
import { loadCurriculum, type Curriculum } from '../../src/content/loader.js';

let curriculum: Curriculum;
beforeAll(() => {
  curriculum = loadCurriculum('content');
});

describe('intent features', () => {
  it('reads a message as the search does: folded, chat shorthand rewritten, numbers as <num>, pairs of words', () => {
    const f = intentFeatures('ko nhan dc 500 ma otp');
    expect(f).toEqual(expect.arrayContaining(['khong', 'nhan', 'duoc', '<num>', 'otp', 'khong nhan', 'nhan duoc', 'duoc <num>', 'ma otp']));
    expect(intentFeatures('Không nhận được 123 mã OTP')).toEqual(expect.arrayContaining(['khong nhan', 'nhan duoc', 'duoc <num>']));
  });

  it('adds the message’s shape: length, question mark, emoji', () => {
    expect(intentFeatures('👍')).toEqual(['#len0', '#emoji']);
    expect(intentFeatures('vneid là gì?')).toEqual(expect.arrayContaining(['#len2-3', '#question-mark']));
    expect(intentFeatures('a b c d e f g h i')).toContain('#len8-15');
  });

});

describe('the committed intent model', () => {
  it('was trained on the lessons, the dev set and the examples as they are now', () => {
    const file = JSON.parse(readFileSync(INTENT_MODEL_PATH, 'utf8')) as { trainedOn: { file: string; sha256: string }[] };
    const stale = `changed since the intent model was trained: run \`npm run intent:model\` and commit src/assistant/data/intent-model.json`;
    const byFile = new Map(file.trainedOn.map((t) => [t.file, t.sha256]));
    expect(byFile.get(LESSONS_SOURCE), `the lessons' headings or asks ${stale}`).toBe(lessonExamplesSha(lessonExamples(curriculum)));
    for (const path of [DEV_FILE, EXAMPLES_FILE]) expect(byFile.get(path), `${path} ${stale}`).toBe(readQuestions(path).sha256);
  });

  it('loads, with a policy, and gives probabilities over every class that sum to 1', () => {
    const model = intentModel();
    expect(model.policy).toBeDefined();
    const p = model.classify('làm sao đổi bằng lái xe trên mạng');
    expect(Object.keys(p)).toEqual([...INTENT_CLASSES]);
    expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(p['dich-vu-cong']).toBeGreaterThan(0.5);
  });

  it('rejects a malformed model file with the reason', () => {
    const file = JSON.parse(readFileSync(INTENT_MODEL_PATH, 'utf8')) as { weights: string[] };
    expect(() => parseIntentModel(JSON.stringify({ ...file, weights: ['abc\t1 2'] }))).toThrow(/bad weight line/);
    expect(() => parseIntentModel(JSON.stringify({ ...file, classes: ['a'] }))).toThrow(/classes/);
  });

  // Messages written for this test, in none of the training or evaluation sets.
  it.each([
    ['giá phân bón tháng này tăng hay giảm vậy', 'decline'],
    ['cho hoi cach lam banh chung cho ngon', 'decline'],
    ['chỉ giùm cách lén coi tin nhắn zalo của chồng mà ảnh không biết', 'decline'],
    ['bác cảm ơn cháu nhiều lắm nha, hay quá', 'smalltalk'],
    ['lam sao de chuyen tien bang ma qr cho nguoi ban hang', 'answer'],
    ['ai gọi xưng công an bảo tôi chuyển tiền vào tài khoản tạm giữ', 'answer'],
  ])('understands %s → %s', (q, intent) => {
    expect(new ExtractiveAssistant(curriculum).understand(q).intent).toBe(intent);
  });
});

describe('smallTalk (what the conversation asks before a question)', () => {
  it('reads quitting and chatting messages the word lists lack, and nothing else', () => {
    const a = new ExtractiveAssistant(curriculum);
    expect(a.smallTalk('thôi để bữa khác cháu học tiếp')).toBe('quit');
    expect(a.smallTalk('cảm ơn')).toBe('thanks');
    expect(a.smallTalk('làm sao đổi bằng lái trên mạng')).toBeUndefined();
    expect(a.smallTalk('   ')).toBeUndefined();
  });
});

describe('bare subject words', () => {
  it.each(['vneid', 'otp', 'chuyển khoản', 'dinh danh', 'định danh'])('%s names a subject: offered or answered, never small talk', (q) => {
    expect(['answer', 'clarify']).toContain(new ExtractiveAssistant(curriculum).understand(q).intent);
  });
});
