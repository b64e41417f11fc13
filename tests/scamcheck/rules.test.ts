import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScamChecker } from '../../src/scamcheck/checker.js';
import { buildVietQr, crc16, parseEmvPayment, parseTlv } from '../../src/scamcheck/emvco.js';
import { findLinks, judgeLink } from '../../src/scamcheck/links.js';
import { ruleData } from '../../src/scamcheck/rule-data.js';
import { combine } from '../../src/scamcheck/verdict.js';
import type { Reason } from '../../src/scamcheck/types.js';

const checker = new ScamChecker();
const kinds = (text: string) => checker.checkText(text).reasons.map((r) => r.kind);
const verdict = (text: string) => checker.checkText(text).verdict;
const data = ruleData();
const link = (text: string) => {
  const [l] = findLinks(text);
  if (!l) throw new Error(`no link in ${text}`);
  return judgeLink(l, data);
};

describe('link rules', () => {
  it('finds links with and without a scheme, and not amounts, dates or abbreviations', () => {
    const found = findLinks('Vào https://dichvucong.gov.vn/p/home, hoặc www.vneid.gov.vn; hoặc bit.ly/abc. Số tiền 1.500.000đ ngày 2.12, TP.HCM');
    expect(found.map((l) => l.domain)).toEqual(['dichvucong.gov.vn', 'vneid.gov.vn', 'bit.ly']);
  });

  it('treats gov.vn and the listed banks, wallets and telcos as official', () => {
    for (const host of ['https://dichvucong.gov.vn/p/home', 'thuedientu.gdt.gov.vn', 'vietcombank.com.vn/vi', 'momo.vn', 'viettel.vn']) {
      const j = link(host);
      expect(j.official, host).toBe(true);
      expect(j.reasons, host).toEqual([]);
    }
  });

  it.each([
    ['dichvucong-gov.vn', 'extra hyphen and gov.vn outside gov.vn'],
    ['vneid.gov.vn.tracuu-cutru.com', 'gov.vn as a subdomain of another domain'],
    ['vietcombank-xacthuc.top', 'brand plus words, other TLD'],
    ['www.vietcombank.com.vn-xacthuc.info', 'the real name followed by more'],
    ['techcombamk.com', 'one letter changed'],
    ['vietcornbank.com', 'rn for m'],
    ['xn--vietcmbank-4pb.com', 'punycode'],
    ['vіetcombank.com', 'a Cyrillic і'],
    ['momo-quatang.net', 'a short brand as a whole word'],
    ['csgt-vn.com', 'traffic police name'],
  ])('flags the look-alike %s (%s)', (host) => {
    const j = link(`https://${host}/login`);
    expect(j.official).toBe(false);
    expect(j.reasons.map((r) => r.kind)).toContain('link-lookalike');
  });

  it('does not flag ordinary unrelated domains, or known services', () => {
    expect(link('https://banhmi-ngon.vn').reasons).toEqual([]);
    expect(link('shopee.vn/abc').reasons).toEqual([]);
    expect(link('zalo.me/g/abc123').reasons).toEqual([]);
  });

  it('flags shorteners, raw IP links, .apk downloads and risky endings', () => {
    expect(kinds('Xem tại bit.ly/abc123')).toContain('link-shortener');
    expect(kinds('Tra cứu tại http://45.77.123.10/phatnguoi')).toContain('link-ip');
    expect(kinds('Cài tại http://abc-app.com/vneid.apk')).toContain('link-apk');
    expect(verdict('Cài tại http://abc-app.com/vneid.apk')).toBe('danger');
    expect(link('http://qua-tang.xyz').reasons.map((r) => r.kind)).toEqual(['link-risky-tld']);
  });

  it('flags a link that is not the authority’s own in a message claiming an authority', () => {
    expect(kinds('Công an tỉnh thông báo: xem giấy mời tại congvan-online.com')).toContain('authority-impersonation');
    expect(kinds('UBND xã thông báo lịch tiêm tại dichvucong.gov.vn')).not.toContain('authority-impersonation');
  });
});

describe('text red flags', () => {
  it.each([
    ['otp-request', 'Em ơi đọc giúp chị mã OTP vừa gửi về máy em'],
    ['otp-request', 'a oi e gui nham ma vao sdt cua a, a doc lai ma do cho e voi'],
    ['credential-request', 'Gửi ảnh chụp 2 mặt căn cước và số tài khoản để nhận tiền'],
    ['credential-request', 'Cung cấp số thẻ, mã CVV để gia hạn thẻ'],
    ['money-request', 'Chuyển toàn bộ tiền vào tài khoản tạm giữ để điều tra'],
    ['money-request', 'Nộp phí nhận thưởng 3 triệu để được giao xe'],
    ['authority-impersonation', 'Công an quận thông báo anh liên quan đường dây rửa tiền'],
    ['urgency-threat', 'Tài khoản sẽ bị khóa trong 24 giờ'],
    ['prize-benefit', 'Chúc mừng bạn trúng thưởng xe máy SH'],
    ['task-job', 'Tuyển CTV làm nhiệm vụ thả tim video, hoa hồng 30%'],
    ['loan', 'Vay nhanh không cần thế chấp, chỉ cần CCCD'],
    ['overseas-job', 'Tuyển lao động đi Campuchia lương 25 triệu, bao ăn ở'],
    ['refund-order', 'Đơn hàng của bạn bị thất lạc, bồi thường 150%, kết bạn Zalo để nhận'],
    ['biometric-update', 'Cập nhật sinh trắc học tại capnhat-sinhtrac.com trước khi bị khóa'],
    ['family-emergency', 'Con bị tai nạn đang cấp cứu, mẹ chuyển gấp 20 triệu'],
  ])('%s: %s', (kind, text) => {
    expect(kinds(text)).toContain(kind);
    expect(verdict(text)).not.toBe('no-signs');
  });

  it('matches unaccented and shorthand forms the same', () => {
    expect(kinds('gui ngay ma otp vua nhan cho chung toi')).toContain('otp-request');
    expect(kinds('tk cua ban se bi khoa, ck phi mo khoa 500k de dc kich hoat lai')).toEqual(expect.arrayContaining(['urgency-threat', 'money-request']));
  });

  it('reads advice against sharing the OTP as advice, not a request', () => {
    const otp = 'Mã OTP của Quý khách là 482913. Tuyệt đối KHÔNG chia sẻ mã này cho bất kỳ ai. Ngân hàng không bao giờ yêu cầu cung cấp mã OTP.';
    expect(checker.checkText(otp)).toMatchObject({ verdict: 'no-signs', reasons: [] });
  });

  it('leaves ordinary family, shop and bank messages alone', () => {
    for (const t of [
      'Mẹ ơi chiều nay con về muộn, mẹ ăn cơm trước nhé.',
      'TK 1903xxxx5678 +5,000,000VND luc 08:15 02/12/2026. SD: 12,450,000VND. ND: LUONG THANG 11',
      'Thông báo cắt điện ngày 08/12 từ 7h00 đến 11h30 để bảo dưỡng lưới điện.',
      'Phòng khám: kết quả xét nghiệm đã có, anh đến nhận tại quầy số 2.',
    ]) {
      expect(verdict(t), t).toBe('no-signs');
    }
  });
});

describe('phone rules', () => {
  it('flags foreign prefixes but not Vietnamese +84 numbers or amounts with a sign', () => {
    expect(kinds('Gọi lại +855 12 345 678 ngay')).toContain('phone-suspicious');
    expect(kinds('Cuộc gọi từ +1 (202) 555-0147')).toContain('phone-suspicious');
    expect(kinds('Số của mình +84 912 345 678 nhé')).not.toContain('phone-suspicious');
    expect(kinds('TK 0123 +300.000đ lúc 14:20')).not.toContain('phone-suspicious');
  });

  it('flags a mobile number presented as a hotline and a 1900 number with a prize', () => {
    expect(kinds('Tổng đài hỗ trợ của ngân hàng: 0912 345 678')).toContain('phone-suspicious');
    expect(kinds('Trúng thưởng! Gọi 1900 1234 56 để nhận quà')).toContain('phone-suspicious');
    expect(kinds('Cửa hàng nhận đặt cơm, gọi 0912 000 111')).not.toContain('phone-suspicious');
  });

  it('recognises the official hotlines and names only those in its advice', () => {
    const advice = checker.checkText('Đọc giúp em mã OTP vừa gửi').advice.join(' ');
    const numbers = [...advice.matchAll(/\b\d{3,}\b/g)].map((m) => m[0]);
    expect(new Set(numbers)).toEqual(new Set(['5656', '156', '113']));
    const lessons = readdirSync('content/lessons/lua-dao').map((f) => readFileSync(join('content/lessons/lua-dao', f), 'utf8')).join('\n');
    for (const n of numbers) expect(lessons).toContain(n);
    expect([...data.hotlines.keys()].every((n) => lessons.includes(n))).toBe(true);
  });
});

describe('verdict', () => {
  const r = (kind: Reason['kind'], weight: number): Reason => ({ kind, weight, detail: '', meaning: '' });
  it('sums one weight per kind: ≥ 4 danger, ≥ 2 suspicious', () => {
    expect(combine([r('urgency-threat', 1)], false).verdict).toBe('no-signs');
    expect(combine([r('prize-benefit', 2)], false).verdict).toBe('suspicious');
    expect(combine([r('prize-benefit', 2), r('prize-benefit', 2)], false).verdict).toBe('suspicious');
    expect(combine([r('prize-benefit', 2), r('money-request', 2)], false).verdict).toBe('danger');
  });
  it('discounts honest safety advice, but never a decisive link sign', () => {
    expect(combine([r('money-request', 3)], true).verdict).toBe('no-signs');
    expect(combine([r('link-lookalike', 4)], true).verdict).toBe('danger');
  });
  it('never calls anything safe; labels are the three verdicts', () => {
    expect(['danger', 'suspicious', 'no-signs']).toContain(checker.checkText('xin chào').verdict);
  });
});

describe('EMVCo / VietQR', () => {
  it('parses TLV and checks the CRC (CRC-16/CCITT-FALSE)', () => {
    expect(crc16('123456789')).toBe('29B1');
    expect(parseTlv('0002010102115303704')).toEqual(new Map([['00', '01'], ['01', '11'], ['53', '704']]));
    expect(parseTlv('00020')).toBeUndefined();
    const qr = buildVietQr({ bin: '970436', account: '0123456789', amount: 150000, message: 'tien hang', name: 'NGUYEN VAN A' });
    expect(parseEmvPayment(qr)).toMatchObject({ vietqr: true, bin: '970436', account: '0123456789', amount: 150000, message: 'tien hang', name: 'NGUYEN VAN A', crcValid: true, target: 'account' });
    const tampered = qr.replace('0123456789', '0123456780');
    expect(parseEmvPayment(tampered)?.crcValid).toBe(false);
  });

  it('shows the bank from its BIN and asks whether the receiver is known; a bad CRC is suspicious', () => {
    const ok = checker.checkQrText(buildVietQr({ bin: '970418', account: '2151000123', amount: 50000 }));
    expect(ok.qr).toMatchObject({ kind: 'payment', bank: 'BIDV', account: '2151000123', amount: 50000 });
    expect(ok.verdict).toBe('no-signs');
    expect(ok.reasons.map((x) => x.kind)).toEqual(['qr-payment']);
    expect(ok.lessonIds[0]).toBe('tt-chuyen-khoan-ma-qr-vietqr');
    const bad = checker.checkQrText(buildVietQr({ bin: '970418', account: '2151000123' }).replace('2151000123', '2151000124'));
    expect(bad.verdict).toBe('suspicious');
    const fee = checker.checkQrText(buildVietQr({ bin: '970999', account: '1', amount: 500000, message: 'phi mo khoa tai khoan' }));
    expect(fee.qr?.bank).toBe('ngân hàng mã 970999');
    expect(fee.verdict).not.toBe('no-signs');
  });
});

describe('rule data', () => {
  it('points only to lessons that exist', () => {
    const ids = new Set<string>();
    for (const topic of readdirSync('content/lessons')) {
      for (const f of readdirSync(join('content/lessons', topic))) {
        const m = /^id:\s*(\S+)/m.exec(readFileSync(join('content/lessons', topic, f), 'utf8'));
        if (m?.[1]) ids.add(m[1]);
      }
    }
    for (const [kind, lessonIds] of data.lessons) for (const id of lessonIds) expect(ids.has(id), `${kind} → ${id}`).toBe(true);
  });
});
