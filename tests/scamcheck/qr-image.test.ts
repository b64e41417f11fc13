import { describe, expect, it } from 'vitest';
import { ScamChecker } from '../../src/scamcheck/checker.js';
import { buildVietQr } from '../../src/scamcheck/emvco.js';
import { decodeQrImage, decodeQrImagePureJs, MAX_IMAGE_BYTES } from '../../src/scamcheck/qr-image.js';
import { cameraPhoto, noisePng, qrPhoto, qrPng } from './qr-fixtures.js';

const checker = new ScamChecker();

describe('QR photos', () => {
  it('reads a VietQR payment photo: bank from the BIN, account, amount, message', async () => {
    const payload = buildVietQr({ bin: '970436', account: '0071000123456', amount: 250000, message: 'tien dien thang 11' });
    for (const bytes of [await qrPng(payload), await qrPhoto(payload)]) {
      const check = await checker.checkImage(bytes);
      expect(check.ok).toBe(true);
      if (!check.ok) return;
      expect(check.result.qr).toMatchObject({ kind: 'payment', bank: 'Vietcombank', account: '0071000123456', amount: 250000, message: 'tien dien thang 11', crcValid: true });
      expect(check.result.verdict).toBe('no-signs');
    }
  });

  it('sends a link QR through the link rules', async () => {
    const bad = await checker.checkImage(await qrPng('https://vneid-gov.com/capnhat'));
    expect(bad.ok && bad.result).toMatchObject({ verdict: 'danger', qr: { kind: 'link', url: 'https://vneid-gov.com/capnhat' } });
    const good = await checker.checkImage(await qrPng('https://dichvucong.gov.vn/p/home/dvc-trang-chu.html'));
    expect(good.ok && good.result.verdict).toBe('no-signs');
    const unknown = await checker.checkImage(await qrPng('https://quan-pho-ngon.vn/menu'));
    expect(unknown.ok && unknown.result.reasons.map((r) => r.kind)).toEqual(['link-unknown']);
  });

  it('checks a QR holding plain text with the text rules', async () => {
    const check = await checker.checkImage(await qrPng('Chuyen khoan phi mo khoa tai khoan 500k de duoc kich hoat lai'));
    expect(check.ok && check.result.qr?.kind).toBe('text');
    expect(check.ok && check.result.verdict).not.toBe('no-signs');
  });

  it('says so kindly for an unreadable photo, bytes that are not an image, and a too large file', async () => {
    for (const decode of [decodeQrImage, async (b: Uint8Array) => decodeQrImagePureJs(b)]) {
      expect(await decode(noisePng())).toEqual({ ok: false, reason: 'no-qr' });
      expect(await decode(new Uint8Array([1, 2, 3, 4, 5]))).toEqual({ ok: false, reason: 'not-an-image' });
      expect(await decode(Buffer.from([0xff, 0xd8, 0xff, 0, 0, 0]))).toEqual({ ok: false, reason: 'not-an-image' });
      expect(await decode(new Uint8Array(MAX_IMAGE_BYTES + 1))).toEqual({ ok: false, reason: 'too-large' });
    }
  });

  // Generating a 12-megapixel picture takes a few seconds on a loaded machine: a longer timeout.
  it('reads a phone-camera photo (4000×3000 JPEG, code in one part, EXIF-rotated) with sharp', async () => {
    const payload = buildVietQr({ bin: '970418', account: '2151000123', amount: 120000, message: 'tien hoc' });
    const photo = await cameraPhoto(payload, { width: 4000, height: 3000, qrShare: 0.3, orientation: 6 });
    expect(await decodeQrImage(photo)).toEqual({ ok: true, text: payload });
  }, 60_000);

  it('reads a 1600×1200 phone photo with sharp and with the pure-JavaScript fallback alike', async () => {
    const payload = buildVietQr({ bin: '970418', account: '2151000123', amount: 120000, message: 'tien hoc' });
    const plain = await cameraPhoto(payload, { width: 1600, height: 1200, qrShare: 0.35 });
    expect(await decodeQrImage(plain)).toEqual({ ok: true, text: payload });
    expect(decodeQrImagePureJs(plain)).toEqual({ ok: true, text: payload });
  }, 60_000);
});
