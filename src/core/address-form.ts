import { foldDiacritics, hasDiacritics } from '../knowledge/normalize.js';
import { ADDRESS_FORMS, ADDRESS_WORDS, type AddressForm } from './texts.js';

/** Words around the answer that do not change it: "gọi tôi là ông", "cứ gọi bà nhé", "dạ, chú ạ". */
const FILLER = new Set(['goi', 'toi', 'la', 'cu', 'xin', 'da', 'vang', 'a', 'nhe', 'nha', 'thi', 'duoc', 'minh', 'chau', 'em', 'con', 'xung', 'bang']);

/**
 * The form of address in a short typed answer: "ông", "Bà ạ", "goi toi la chu", "chị nhé". Words typed
 * with accents must match exactly ("có" is not "cô"); unaccented ones match folded ("co" is "cô").
 * Undefined unless exactly one form is named among filler words.
 */
export function parseAddressForm(text: string): AddressForm | undefined {
  const words = text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{M}]+/u).filter(Boolean);
  if (!words.length || words.length > 6) return undefined;
  const found = new Set<AddressForm>();
  for (const w of words) {
    const form = ADDRESS_FORMS.find((f) => (hasDiacritics(w) ? ADDRESS_WORDS[f] === w : f === w));
    if (form) found.add(form);
    else if (!FILLER.has(foldDiacritics(w))) return undefined;
  }
  return found.size === 1 ? [...found][0] : undefined;
}
