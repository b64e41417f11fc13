import { afterEach, describe, expect, it } from 'vitest';
import { parseAction } from '../../src/core/actions.js';
import { parseAddressForm } from '../../src/core/address-form.js';
import * as ui from '../../src/core/texts.js';
import { ADDRESS_FORMS, addressAs, labels, texts, type AddressForm } from '../../src/core/texts.js';
import { Harness, lastChoices, textOf } from './harness.js';

/** Every string the texts module can produce, functions called with sample arguments. */
function allUiStrings(): string[] {
  const sample = (fn: (...a: never[]) => unknown): unknown => {
    // One value that serves as a string, a list of titles, a number in a template, and a progress view.
    const any = Object.assign(['x'], { percent: 40, lessonsOpened: 1, lessonsTotal: 2, lessonQuizzes: { taken: 1, passed: 0 }, quizPassed: false, passed: false });
    const args = Array.from({ length: fn.length }, () => any);
    return (fn as (...a: unknown[]) => unknown)(...args);
  };
  const out: string[] = [];
  for (const group of [texts, labels] as Record<string, unknown>[]) {
    for (const v of Object.values(group)) {
      if (typeof v === 'string') out.push(v);
      else if (typeof v === 'function') {
        const r = sample(v as (...a: never[]) => unknown);
        if (typeof r === 'string') out.push(r);
      }
    }
  }
  out.push(ui.sensitiveWarning(['otp']), ui.notCovered(['A']), ui.emptyQuestion, ui.llmFallbackNote);
  return out;
}

describe('one form of address in every UI string', () => {
  const FORMS: [AddressForm | undefined, string, string][] = [
    [undefined, 'bạn', 'Bạn'], ['ban', 'bạn', 'Bạn'], ['anh', 'anh', 'Anh'], ['chi', 'chị', 'Chị'], ['co', 'cô', 'Cô'],
    ['chu', 'chú', 'Chú'], ['bac', 'bác', 'Bác'], ['ong', 'ông', 'Ông'], ['ba', 'bà', 'Bà'],
  ];

  it.each(FORMS)('%s: “%s” mid-sentence, “%s” at a sentence start', (form, lower, upper) => {
    expect(addressAs(texts.menu, form)).toBe(`${upper} muốn làm gì? Chọn một mục bên dưới, hoặc gõ câu hỏi của ${lower}.`);
    expect(addressAs(texts.deleted, form)).toBe(
      `Đã xoá toàn bộ thông tin của ${lower}. Cảm ơn ${lower} đã học cùng tôi! Muốn bắt đầu lại, chỉ cần nhắn bất kỳ điều gì.`,
    );
    expect(addressAs(texts.progressTitle(), form)).toBe(`📊 Tiến độ của ${lower}`);
    expect(addressAs(texts.pickNumber(3), form)).toBe(`${upper} gõ một số từ 1 đến 3 để chọn nhé.`);
    expect(addressAs(texts.welcomeBack(), form)).toBe(`Chào mừng ${lower} quay lại! 👋`);
    expect(addressAs(ui.sensitiveWarning(['otp']), form)).toContain(`Tin nhắn của ${lower} có vẻ chứa mã OTP`);
  });

  it('no UI string addresses the person except through {bạn}, and every form leaves no placeholder behind', () => {
    const strings = allUiStrings();
    expect(strings.length).toBeGreaterThan(80);
    for (const s of strings) {
      // A quoted “bạn” names the neutral form itself (the address question); anything else must be a placeholder.
      expect(s.replace(/“bạn”/g, ''), s).not.toMatch(/(^|[^{\p{L}])[Bb]ạn(?![\p{L}}])/u);
      for (const f of ADDRESS_FORMS) expect(addressAs(s, f), s).not.toMatch(/\{[Bb]ạn\}/);
    }
  });

  it.each([
    ['ông', 'ong'], ['Bà ạ', 'ba'], ['gọi tôi là chú', 'chu'], ['goi toi la co', 'co'], ['chị nhé', 'chi'], ['ANH', 'anh'],
    ['bạn', 'ban'], ['dạ, cô ạ', 'co'], ['bác', 'bac'], ['goi la bac nhe', 'bac'],
  ])('"%s" names the form %s', (typed, form) => {
    expect(parseAddressForm(typed)).toBe(form);
  });

  it.each(['có', 'ông hay bà', 'vneid là gì', '', 'ba người'])('"%s" names no form', (typed) => {
    expect(parseAddressForm(typed)).toBeUndefined();
  });

  it('reads the address buttons and refuses forged ones', () => {
    expect(parseAction('af:ong')).toEqual({ kind: 'address', form: 'ong' });
    expect(parseAction('af:-')).toEqual({ kind: 'address', form: undefined });
    expect(parseAction('af:ngai')).toBeUndefined();
  });
});

describe('asking how to address the person', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('asks once at onboarding, after the commune and announcements, and speaks that way from then on', async () => {
    h = new Harness();
    await h.say('/start');
    await h.say('tan dinh');
    let out = await h.say('không');
    expect(out[0]?.text).toBe('Đã tắt nhận thông báo 🔕');
    expect(out[1]?.text).toBe('Để trò chuyện cho phải phép, tôi nên gọi bạn là gì?\nChọn một cách gọi bên dưới. Không chọn thì tôi gọi là “bạn”.');
    expect(lastChoices(out).map((c) => c.label)).toEqual(['Bạn', 'Anh', 'Chị', 'Cô', 'Chú', 'Bác', 'Ông', 'Bà', 'Bỏ qua']);

    out = await h.say('7'); // numbered, as on Zalo
    expect(out[0]?.text).toBe('Dạ, từ nay tôi xin gọi là ông ạ. Muốn đổi cách gọi, ông gõ “xưng hô” bất cứ lúc nào.');
    expect(out[1]?.text).toBe('Ông muốn làm gì? Chọn một mục bên dưới, hoặc gõ câu hỏi của ông.');
    expect(h.learners.find('telegram', 'u1')).toMatchObject({ addressForm: 'ong', addressAsked: true });
    expect(textOf(await h.say('/tiendo'))).toContain('🔥 Hôm nay ông đã học');
    expect(textOf(await h.say('giúp'))).toContain('“xưng hô” – đổi cách tôi gọi ông');

    // Not asked again on /start.
    out = await h.say('/start');
    expect(out.at(-1)?.text).toContain('Ông muốn làm gì?');

    // Changing it: the command, then a typed answer.
    out = await h.say('xưng hô');
    expect(out[0]?.text).toBe('Hiện tôi đang gọi là “ông”. Ông muốn tôi gọi thế nào?');
    expect(lastChoices(out).at(-1)?.label).toBe('Giữ nguyên');
    out = await h.say('gọi tôi là bà');
    expect(out[0]?.text).toContain('tôi xin gọi là bà ạ');
    expect(out[1]?.text).toContain('Bà muốn làm gì?');
    await h.say('/xungho');
    out = await h.say('giữ nguyên');
    expect(out[0]?.text).toBe('Vẫn giữ như cũ.');
    expect(h.learners.find('telegram', 'u1')?.addressForm).toBe('ba');

    // Deleted with everything else: the next contact is asked again and addressed neutrally.
    await h.say('xoá dữ liệu');
    out = await h.say('1');
    expect(out[0]?.text).toContain('Đã xoá toàn bộ thông tin của bà');
    out = await h.say('menu');
    expect(textOf(out)).toContain('Bạn muốn làm gì?');
    expect(h.learners.find('telegram', 'u1')).toMatchObject({ addressForm: undefined, addressAsked: false });
  });

  it('can be skipped (the neutral “bạn”), and a question typed instead is answered', async () => {
    h = new Harness();
    await h.say('/start');
    await h.say('bỏ qua');
    await h.say('không');
    let out = await h.say('hả');
    // Telegram shows the choices as buttons: the reply asks to press one.
    expect(out[0]?.text).toContain('bấm một nút');
    out = await h.say('bỏ qua');
    expect(out[0]?.text).toBe('Dạ, tôi sẽ gọi là “bạn”. Muốn đổi cách gọi, bạn gõ “xưng hô” bất cứ lúc nào.');
    expect(h.learners.find('telegram', 'u1')).toMatchObject({ addressForm: undefined, addressAsked: true });

    h.close();
    h = new Harness();
    await h.say('/start');
    await h.say('bỏ qua');
    await h.say('không');
    out = await h.say('vneid dùng để làm gì');
    expect(h.assistant.asked).toEqual(['vneid dùng để làm gì']);
    expect(h.learners.find('telegram', 'u1')?.addressAsked).toBe(false);
  });
});
