/**
 * Syllables that carry little meaning in a citizen's question to the lessons: question words
 * ("làm sao", "thế nào", "là gì", "ở đâu", "có … không"), pronouns and politeness particles. The lessons'
 * headings are phrased as questions, so without this "làm sao cài VNeID" would match any heading that
 * starts with "Làm sao". They are down-weighted, not removed: "VNeID là gì?" still prefers the section
 * titled "VNeID là gì?". Written with accents: an accented query down-weights only these exact syllables,
 * an unaccented one their folded forms.
 */
export const QUESTION_STOP_SYLLABLES: readonly string[] = [
  'tôi', 'mình', 'em', 'anh', 'chị', 'bạn',
  'có', 'không', 'là', 'gì', 'sao', 'làm', 'thế', 'nào', 'như', 'ở', 'đâu', 'được', 'thì', 'phải',
  'ạ', 'nhé', 'vậy', 'ơi', 'hỏi', 'xin', 'nhiêu', 'muốn', 'biết', 'của', 'và', 'với', 'này', 'ai',
  'rồi', 'đã', 'nên', 'hay', 'hoặc',
];
