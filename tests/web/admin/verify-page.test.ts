import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCompletionCode } from '../../../src/learning/completion-code.js';
import { A, B, csrfOf, DashboardFixture } from './fixture.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The code with its first random symbol replaced by the next one of the alphabet (a typo). */
function typo(code: string): string {
  const i = 4;
  const c = code[i]!;
  return code.slice(0, i) + ALPHABET[(ALPHABET.indexOf(c) + 1) % 31]! + code.slice(i + 1);
}

let f: DashboardFixture;
let code: string;
beforeEach(() => {
  f = new DashboardFixture();
  const id = Number(
    f.db
      .prepare("INSERT INTO learners (channel, platform_user_id, chat_id, display_name, commune_code, commune_name, created_at, updated_at, last_active_at) VALUES ('zalo', 'z1', 'z1', 'Bác Hòa', ?, 'Phường Tân Định', ?, ?, ?)")
      .run(A, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z').lastInsertRowid,
  );
  code = makeCompletionCode(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]));
  f.db.prepare('INSERT INTO completions (code, learner_id, issued_at) VALUES (?, ?, ?)').run(code, id, '2026-11-20T03:00:00.000Z');
});
afterEach(async () => {
  await f.close();
});

async function verify(officerId: string, typed: string): Promise<string> {
  const b = f.browser();
  await b.signIn((await f.linkFor(officerId))!);
  const page = await b.get('/admin/ma-hoan-thanh');
  const res = await b.post('/admin/ma-hoan-thanh', { _csrf: csrfOf(page.body), ma: typed });
  expect(res.statusCode).toBe(200);
  return /<p class="(?:ok|bad)" role="status">([\s\S]*?)<\/p>/.exec(res.body)?.[1] ?? '';
}

describe('verify a completion code', () => {
  it('tells a valid code, a mistyped one, an unknown one and something that is not a code apart', async () => {
    f.grant('officer-a', 'officer', [A]);
    expect(await verify('officer-a', code.toLowerCase().replace(/-/g, ' '))).toContain('HỢP LỆ');
    expect(await verify('officer-a', code)).toContain('Bác Hòa');
    expect(await verify('officer-a', typo(code))).toContain('gõ sai');
    const unknown = makeCompletionCode(Uint8Array.from([9, 9, 9, 9, 9, 9, 9]));
    expect(await verify('officer-a', unknown)).toContain('KHÔNG có trong hệ thống');
    expect(await verify('officer-a', 'HVS-123')).toContain('không phải mã');
  });

  it('an officer of another commune learns that the code is valid, not whose it is', async () => {
    f.grant('officer-b', 'officer', [B]);
    const said = await verify('officer-b', code);
    expect(said).toContain('HỢP LỆ');
    expect(said).not.toContain('Bác Hòa');
    expect(said).toContain('xã/phường khác');
  });
});
