import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ScamChecker } from '../../src/scamcheck/checker.js';
import {
  combineWithResemblance,
  MODEL_PATH,
  RESEMBLANCE_WEIGHT,
  resemblanceModel,
  resemblanceTokens,
  STRONG_AT,
  type ResemblanceSign,
} from '../../src/scamcheck/resemblance.js';
import { DEV_FILE, parseLabelled, sha256, trainModel } from '../../src/scamcheck/resemblance-train.js';
import { ruleData } from '../../src/scamcheck/rule-data.js';
import type { Reason, ReasonKind } from '../../src/scamcheck/types.js';

const sign = (probability: number): ResemblanceSign => ({
  probability,
  reason: { kind: 'resembles-scam', detail: 'tin giống các tin lừa đảo đã gặp', meaning: '', weight: RESEMBLANCE_WEIGHT },
});
const r = (kind: ReasonKind, weight: number): Reason => ({ kind, detail: '', meaning: '', weight });

describe('resemblance model', () => {
  it('was trained on the dev file as it is now', () => {
    const committed = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as { trainedOn: { sha256: string; file: string } };
    expect(committed.trainedOn.file).toBe(DEV_FILE);
    expect(
      sha256(readFileSync(DEV_FILE)),
      `${DEV_FILE} changed since the resemblance model was trained: run \`npm run scam:model\` and commit src/scamcheck/data/resemblance-model.json`,
    ).toBe(committed.trainedOn.sha256);
  });

  it('trains deterministically: the same messages give the same model', { timeout: 60_000 }, () => {
    const all = parseLabelled(readFileSync(DEV_FILE, 'utf8'), DEV_FILE);
    // Every third message keeps it quick; both labels are spread through the file.
    const items = all.filter((_, i) => i % 3 === 0);
    const a = trainModel(items);
    const b = trainModel(items);
    expect(b.weights).toEqual(a.weights);
    expect([b.bias, b.threshold]).toEqual([a.bias, a.threshold]);
    expect(Object.keys(a.weights).length).toBeGreaterThan(500);
  });

  it('maps numbers, amounts, phones and links to class words and keeps the original words', () => {
    const text = 'Nộp 1.500.000đ vào tk, gọi 0912.345.678 hoặc vào https://abc.xyz/nhan ngay';
    const t = resemblanceTokens(text, [[text.indexOf('https'), text.indexOf(' ngay'), false]], ruleData());
    expect(t.tokens).toEqual(['nop', '<amount>', 'vao', 'tai', 'khoan', 'goi', '<phone>', 'hoac', 'vao', '<link>', 'ngay']);
    expect(t.words[t.source[0]!]).toBe('Nộp');
    expect(t.words[t.source[4]!]).toBe('tk');
  });

  it('explains with words of the original message', () => {
    const text = 'Chúc mừng quý khách đã trúng thưởng xe máy, vui lòng nộp phí 500k để nhận thưởng';
    const { probability, topWords } = resemblanceModel().score(resemblanceTokens(text, [], ruleData()));
    expect(probability).toBeGreaterThan(resemblanceModel().threshold);
    expect(topWords.length).toBeGreaterThanOrEqual(2);
    for (const w of topWords) expect(text.toLowerCase()).toContain(w);
    const detail = new ScamChecker().checkText(text).reasons.find((x) => x.kind === 'resembles-scam')?.detail;
    expect(detail).toMatch(/^tin giống các tin lừa đảo đã gặp \(có các chữ: ‘.+’\)$/);
  });

  it('alone makes suspicious at most; with another sign danger only from a strong score; safety advice still counts', () => {
    expect(combineWithResemblance([], false, false, sign(0.999)).verdict).toBe('suspicious');
    expect(combineWithResemblance([r('urgency-threat', 1)], false, false, sign(0.999)).verdict).toBe('suspicious');
    expect(combineWithResemblance([r('money-request', 2)], false, false, sign(STRONG_AT - 0.01)).verdict).toBe('suspicious');
    expect(combineWithResemblance([r('money-request', 2)], false, false, sign(STRONG_AT)).verdict).toBe('danger');
    expect(combineWithResemblance([r('otp-request', 4)], false, false, sign(0.5)).verdict).toBe('danger');
    expect(combineWithResemblance([], true, false, sign(0.999)).verdict).toBe('no-signs');
    expect(combineWithResemblance([r('money-request', 2)], false, true, sign(0.999)).verdict).toBe('no-signs');
  });

  it('does not push a real OTP notice that says "không chia sẻ" to danger', () => {
    const checker = new ScamChecker();
    for (const text of [
      'Mã OTP của bạn là 482913, có hiệu lực trong 3 phút. Tuyệt đối không chia sẻ mã này cho bất kỳ ai, kể cả nhân viên ngân hàng.',
      'Vietcombank: Ma OTP cua Quy khach la 123456. KHONG chia se ma nay voi bat ky ai, ngan hang khong bao gio yeu cau cung cap OTP.',
    ]) {
      expect(checker.checkText(text).verdict).not.toBe('danger');
    }
  });

  it('a message the rules miss can still be flagged, and the check without the model is the rules alone', () => {
    const text = 'Chị ơi em bên chăm sóc khách hàng, chị được chọn nhận gói quà tri ân, mai em gửi quà tận nhà cho chị nhé';
    const rulesOnly = new ScamChecker(undefined, null).checkText(text);
    expect(rulesOnly.reasons.some((x) => x.kind === 'resembles-scam')).toBe(false);
    const both = new ScamChecker().checkText(text);
    expect(both.reasons.map((x) => x.kind)).toContain('resembles-scam');
    expect(both.verdict).not.toBe('no-signs');
  });

  it('appears in `check --json`', { timeout: 60_000 }, async () => {
    const tsx = join('node_modules', '.bin', 'tsx');
    const text = 'Chị ơi em bên chăm sóc khách hàng, chị được chọn nhận gói quà tri ân, mai em gửi quà tận nhà cho chị nhé';
    const { stdout } = await promisify(execFile)(tsx, ['src/cli.ts', 'check', '--json', text], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    const out = JSON.parse(stdout) as { verdict: string; reasons: { kind: string; detail: string }[] };
    expect(out.verdict).toBe('suspicious');
    expect(out.reasons).toContainEqual({ kind: 'resembles-scam', detail: expect.stringContaining('tin giống các tin lừa đảo đã gặp') });
  });
});
