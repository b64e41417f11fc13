/**
 * Words people type at "Which xã/phường do you live in?" that are not a place: a greeting, an "ok", a
 * thank-you, or "I don't know". Compared with the whole message, folded (no accents, lower case, no
 * punctuation), so "Chào!", "alo", "OK", "Không biết ạ" are recognised and never matched to a commune by
 * typo tolerance.
 */

const GREETINGS = ['chao', 'xin chao', 'chao ban', 'chao em', 'chao chau', 'chao bot', 'chao tro ly', 'alo', 'a lo', 'alo alo', 'hello', 'helo', 'hi', 'hey', 'chao buoi sang', 'chao buoi toi'];
const FILLERS = [
  'ok', 'oke', 'okay', 'okie', 'oki', 'uh', 'u', 'um', 'uhm', 'hm', 'hmm', 'vang', 'da', 'da vang', 'vang a', 'da a', 'roi',
  'duoc', 'co', 'cam on', 'cam on ban', 'cam on nhe', 'cam on nhieu', 'thanks', 'thank you', 'tot', 'hay', 'hay qua',
  'gi', 'gi vay', 'sao', 'sao a', 'ha', 'the nao', 'la sao', 'nhu the nao', 'hoi gi', 'test', 'thu',
];
const DONT_KNOW = [
  'khong biet', 'ko biet', 'k biet', 'kh biet', 'hong biet', 'kb', 'chua biet', 'khong ro', 'ko ro', 'chua ro', 'khong nho',
  'ko nho', 'quen roi', 'toi khong biet', 'chau khong biet', 'em khong biet', 'khong biet nua', 'chiu', 'khong chac',
];

const kinds = new Map<string, CommuneChatter>();
for (const w of GREETINGS) kinds.set(w, 'greeting');
for (const w of FILLERS) kinds.set(w, 'filler');
for (const w of DONT_KNOW) kinds.set(w, 'dont-know');

export type CommuneChatter = 'greeting' | 'filler' | 'dont-know';

/** Particles that may end any of them: "không biết ạ", "ok nhé". */
const TRAILING = /(?:\s+(?:a|nhe|nha|ha|nhi|day|luon))+$/;

/** The kind of chatter the folded message is, if it is one. */
export function communeChatter(folded: string): CommuneChatter | undefined {
  const s = folded.trim();
  return kinds.get(s) ?? kinds.get(s.replace(TRAILING, ''));
}
