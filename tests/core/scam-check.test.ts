import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageTooLargeError, type Inbound } from '../../src/core/types.js';
import { buildVietQr } from '../../src/scamcheck/emvco.js';
import { ScamCheckCountRepository } from '../../src/store/scam-check-count-repository.js';
import { noisePng, qrPhoto, qrPng } from '../scamcheck/qr-fixtures.js';
import { actionOf, Harness, lastChoices, quizQuestion, textOf } from './harness.js';

const SCAM = 'Vietcombank: tài khoản của quý khách sẽ bị khóa trong 24h. Xác thực ngay tại vietcombank-xacthuc.top/login và nhập mã OTP.';

function photo(bytes: Uint8Array | undefined, caption?: string, user = 'u1'): Inbound {
  return {
    channel: 'telegram',
    chatId: `c-${user}`,
    userId: user,
    kind: 'image',
    ...(caption ? { text: caption } : {}),
    ...(bytes ? { image: { load: async (max: number) => {
      if (bytes.byteLength > max) throw new ImageTooLargeError('too large');
      return bytes;
    } } } : {}),
  };
}

describe('"Kiểm tra giúp tôi" in the conversation', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('asks for the message, then answers with the verdict, reasons, what to do and the lesson button', async () => {
    h = new Harness({ contentDir: 'content' });
    let out = await h.say('/kiemtra_tin');
    expect(textOf(out)).toContain('dán');
    out = await h.say(SCAM);
    const text = textOf(out);
    expect(text).toContain('Nguy hiểm');
    expect(text).not.toMatch(/an toàn\b(?! trong)/i);
    expect(text).toContain('vietcombank-xacthuc.top');
    expect(text).toContain('Bạn nên làm gì ngay');
    expect(text).toContain('5656');
    const lesson = actionOf(out, 'Đọc bài');
    out = await h.tap(lesson);
    expect(textOf(out)).toMatch(/📖/);
    // The next text is a question again, not a message to check.
    out = await h.say('vneid la gi');
    expect(textOf(out)).not.toContain('Kết quả:');
  });

  it('understands plain words and a message given with the request', async () => {
    h = new Harness({ contentDir: 'content' });
    for (const words of ['kiểm tra tin nhắn', 'Tin này có phải lừa đảo không?', 'check giúp', 'kiem tra giup']) {
      expect(textOf(await h.say(words)), words).toContain('dán');
    }
    const out = await h.say(`Tin này có phải lừa đảo không?\n${SCAM}`);
    expect(textOf(out)).toContain('Nguy hiểm');
    const calm = await h.say('kiểm tra giúp: Mẹ ơi chiều nay con về muộn, mẹ ăn cơm trước nhé');
    expect(textOf(calm)).toContain('Chưa thấy dấu hiệu lừa đảo');
  });

  it('works in the middle of a quiz and keeps it, also across a restart', async () => {
    h = new Harness();
    let out = await h.say('kiểm tra');
    out = await h.tap(actionOf(out, 'VNeID'));
    const q = quizQuestion(h, out);
    out = await h.say('/kiemtra_tin');
    expect(lastChoices(out).map((c) => c.label).join()).toContain('Làm tiếp');
    h.restart();
    out = await h.say(SCAM);
    expect(textOf(out)).toContain('Nguy hiểm');
    out = await h.tap(actionOf(out, 'Làm tiếp'));
    expect(quizQuestion(h, out).text).toBe(q.text);
  });

  it('decodes a QR photo sent while waiting, and a photo captioned "kiểm tra giúp"', async () => {
    h = new Harness({ contentDir: 'content' });
    await h.say('/kiemtra_tin');
    let out = await h.send(photo(await qrPhoto(buildVietQr({ bin: '970422', account: '0987654321', amount: 120000, message: 'tra tien hang' }))));
    let text = textOf(out);
    expect(text).toContain('MB Bank');
    expect(text).toContain('0987654321');
    expect(text).toContain('120.000');
    expect(text).toContain('Bạn có biết người nhận không?');
    expect(actionOf(out, 'Đọc bài')).toBeTruthy();
    out = await h.send(photo(await qrPng('https://vneid-gov.com/capnhat'), 'kiểm tra giúp mã này'));
    text = textOf(out);
    expect(text).toContain('Nguy hiểm');
    expect(text).toContain('vneid-gov.com');
  });

  it('answers kindly: an unreadable photo (and stays waiting), a photo nobody asked to check, a lost or too large one', async () => {
    h = new Harness();
    expect(textOf(await h.send(photo(await qrPng('x'))))).toContain('/kiemtra_tin');
    await h.say('/kiemtra_tin');
    expect(textOf(await h.send(photo(noisePng())))).toContain('chụp lại rõ hơn');
    expect(textOf(await h.send(photo(await qrPng('https://bit.ly/abc'))))).toContain('Đáng ngờ');
    await h.say('/kiemtra_tin');
    expect(textOf(await h.send(photo(undefined)))).toContain('gửi lại ảnh');
    expect(textOf(await h.send(photo(new Uint8Array(11 * 1024 * 1024))))).toContain('lớn quá');
  });

  it('counts verdicts and red-flag kinds per commune and week, and stores nothing of what was checked', async () => {
    h = new Harness({ contentDir: 'content' });
    await h.say('/start hoaan');
    const secret = 'Bac oi doc giup chau ma OTP vua gui ve may, chau la can bo Zyxwvu, so 0912345678';
    await h.say(`kiểm tra giúp: ${secret}`);
    await h.say('/kiemtra_tin');
    await h.send(photo(await qrPng(buildVietQr({ bin: '970436', account: '5550001112223', message: 'Qwertyzx payment' }))));
    const counts = new ScamCheckCountRepository(h.db).list();
    expect(counts.filter((c) => c.measure === 'verdict').map((c) => [c.value, c.count]).sort()).toEqual([['danger', 1], ['no-signs', 1]]);
    expect(counts.some((c) => c.measure === 'kind' && c.value === 'otp-request')).toBe(true);
    expect(new Set(counts.map((c) => c.isoWeek))).toEqual(new Set(['2026-W10']));
    const learner = h.db.prepare<[], { commune_code: string | null }>('SELECT commune_code FROM learners').get();
    expect(learner?.commune_code).toBeTruthy();
    expect(counts.every((c) => c.communeCode === learner?.commune_code)).toBe(true);
    h.db.close();
    const bytes = Buffer.concat(readdirSync(h.dir).map((f) => readFileSync(join(h.dir, f))));
    for (const needle of ['Zyxwvu', 'doc giup chau', '0912345678', '5550001112223', 'Qwertyzx']) {
      expect(bytes.includes(Buffer.from(needle)), needle).toBe(false);
    }
    h.open();
  });
});
