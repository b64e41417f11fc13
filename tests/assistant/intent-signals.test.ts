import { describe, expect, it } from 'vitest';
import { intentSignals, lessonVocabulary } from '../../src/assistant/intent-signals.js';
import { loadCurriculum } from '../../src/content/loader.js';

describe('intentSignals', () => {
  const curriculum = loadCurriculum('content');
  it('signals words the lessons’ own text never uses, and what the word lists say', () => {
    const vocabulary = lessonVocabulary(curriculum);
    expect(intentSignals('vneid là gì', vocabulary)).toContain('#oov0');
    expect(intentSignals('bitcoin là gì', vocabulary)).toContain('#oov1');
    expect(intentSignals('đọc trộm tin nhắn của vợ', vocabulary)).toContain('#listed-harmful');
    expect(intentSignals('quên mật khẩu vneid', vocabulary)).toContain('#names-lesson-subject');
  });

  it('counts the lessons’ own words, not their question variants', () => {
    const vocabulary = lessonVocabulary(curriculum);
    for (const w of ['vneid', 'chuyen', 'khoan', 'dinh', 'danh']) expect(vocabulary.has(w), w).toBe(true);
    expect(vocabulary.has('bitcoin')).toBe(false);
  });
});
