import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildVietQr } from '../../src/scamcheck/emvco.js';
import { noisePng, qrPng } from '../scamcheck/qr-fixtures.js';

const run = promisify(execFile);
const tsx = join('node_modules', '.bin', 'tsx');
const env = { ...process.env, LOG_LEVEL: 'silent' };

describe('check command', () => {
  it('--json prints the contract for a text', { timeout: 60_000 }, async () => {
    const { stdout } = await run(tsx, ['src/cli.ts', 'check', '--json', 'Em ơi đọc giúp chị mã OTP vừa gửi về máy em nhé'], { env });
    const r = JSON.parse(stdout);
    expect(Object.keys(r).sort()).toEqual(['lessonIds', 'reasons', 'verdict']);
    expect(r.verdict).toBe('danger');
    expect(r.reasons[0]).toEqual({ kind: 'otp-request', detail: expect.any(String) });
    expect(r.lessonIds.length).toBeGreaterThan(0);
  });

  it('--file reads lines and JSONL; --image reads a payment QR, and says so for an unreadable one', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const file = join(dir, 'm.jsonl');
    writeFileSync(file, '{"id":"a","text":"Mẹ ơi con về muộn"}\nTải app tại http://1.2.3.4/a.apk\n');
    const { stdout } = await run(tsx, ['src/cli.ts', 'check', '--json', '--file', file], { env });
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l).verdict)).toEqual(['no-signs', 'danger']);
    const img = join(dir, 'qr.png');
    writeFileSync(img, await qrPng(buildVietQr({ bin: '970415', account: '1010123456', amount: 99000 })));
    const out = JSON.parse((await run(tsx, ['src/cli.ts', 'check', '--json', '--image', img], { env })).stdout);
    expect(out.qr).toEqual({ kind: 'payment', bank: 'VietinBank', account: '1010123456', amount: 99000 });
    const noise = join(dir, 'noise.png');
    writeFileSync(noise, noisePng());
    const err = await run(tsx, ['src/cli.ts', 'check', '--json', '--image', noise], { env }).catch((e: { code: number; stdout: string }) => e);
    expect(err).toMatchObject({ code: 1 });
    expect(JSON.parse((err as { stdout: string }).stdout)).toMatchObject({ error: 'no-qr', message: expect.stringContaining('chụp lại rõ hơn') });
  });
});
