import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrations } from '../../../src/store/migrate.js';
import { openDatabase } from '../../../src/store/database.js';
import { isoWeek, ScamCheckCountRepository } from '../../../src/store/scam-check-count-repository.js';
import { A, B, DashboardFixture } from './fixture.js';

let f: DashboardFixture;
let counts: ScamCheckCountRepository;
const weeksAgo = (now: Date, n: number) => new Date(now.getTime() - n * 7 * 86_400_000);
const SCAM = 'Em ơi đọc giúp chị mã OTP vừa gửi về máy em với, chị nhập nhầm số';

beforeEach(() => {
  f = new DashboardFixture();
  counts = new ScamCheckCountRepository(f.db);
  const now = f.now;
  // Commune A: money-request seen (suspicious) 3 weeks ago, danger now; otp-request danger for the first time now.
  counts.record(A, weeksAgo(now, 3), 'suspicious', ['money-request']);
  counts.record(A, now, 'danger', ['money-request', 'link-lookalike']);
  // Commune B: a danger 5 weeks ago (old news), a calm check now.
  counts.record(B, weeksAgo(now, 5), 'danger', ['loan']);
  counts.record(B, now, 'no-signs', []);
  // Someone without a commune.
  counts.record(undefined, now, 'danger', ['task-job']);
  // A citizen of A asks through the bot: the real flow records the counts.
  f.db
    .prepare("INSERT INTO learners (channel, platform_user_id, chat_id, commune_code, commune_name, created_at, updated_at, last_active_at) VALUES ('web', 'citizen-a', 'citizen-a', ?, 'Phường Tân Định', ?, ?, ?)")
    .run(A, now.toISOString(), now.toISOString(), now.toISOString());
});
afterEach(async () => {
  await f.close();
});

async function page(userId: string, path = '/admin/lua-dao'): Promise<string> {
  const b = f.browser();
  await b.signIn((await f.linkFor(userId))!);
  const res = await b.get(path);
  expect(res.statusCode).toBe(200);
  return res.body;
}
const rows = (body: string, table: string) => /<table id="scam-(?:candidates|verdicts|kinds)"[\s\S]*?<\/table>/g.exec(body.slice(body.indexOf(`id="scam-${table}"`) - 7))?.[0] ?? '';

describe('the scam-check page (counts only)', () => {
  it('is for signed-in officers only', async () => {
    expect((await f.browser().get('/admin/lua-dao')).statusCode).toBe(401);
  });

  it('shows an officer counts by verdict and by kind per week for their commune only, never the checked text', async () => {
    const replies = await f.say('citizen-a', `kiểm tra giúp: ${SCAM}`);
    expect(replies.map((r) => r.text).join('\n')).toContain('Nguy hiểm');
    f.grant('officer-a', 'officer', [A]);
    const body = await page('officer-a');
    const verdicts = rows(body, 'verdicts');
    expect(verdicts).toContain('Phường Tân Định');
    expect(verdicts).toContain(`Tuần ${Number(isoWeek(f.now).slice(6))}/`);
    // This week in A: the seeded danger and the citizen's check (danger) → 2 checks, 2 danger.
    expect(verdicts).toMatch(/Phường Tân Định<\/td><td class="t">Tuần \d+\/2026<\/td><td>2<\/td><td>2<\/td><td>0<\/td><td>0<\/td>/);
    const kinds = rows(body, 'kinds');
    expect(kinds).toContain('Đòi mã OTP');
    expect(kinds).toContain('Link giả trang thật');
    expect(body).not.toContain('Xã Xuân Phương');
    expect(body).not.toContain('(chưa chọn xã/phường)');
    expect(body).not.toContain('Vay tiền');
    expect(body).not.toContain('nhập nhầm');
    expect(body).not.toContain('OTP vừa gửi');
  });

  it('marks a danger kind not seen before in a commune as a candidate, with a link to compose', async () => {
    await f.say('citizen-a', `kiểm tra giúp: ${SCAM}`);
    f.grant('officer-a', 'officer', [A]);
    const cand = rows(await page('officer-a'), 'candidates');
    expect(cand).toContain('Đòi mã OTP');
    expect(cand).toContain('Link giả trang thật');
    expect(cand).toContain('/admin/thong-bao?mau=otp-request&amp;xa=tandinh');
    // Seen in A three weeks ago (suspicious): not new. Old danger in B: not recent.
    expect(cand).not.toContain('Đòi chuyển tiền');
    expect(cand).not.toContain('Vay tiền');
  });

  it('an admin sees every commune and people without one', async () => {
    f.grant('admin', 'admin');
    const body = await page('admin');
    expect(rows(body, 'verdicts')).toContain('Xã Xuân Phương');
    expect(rows(body, 'verdicts')).toContain('(chưa chọn xã/phường)');
    expect(rows(body, 'kinds')).toContain('Vay tiền không thế chấp');
    expect(rows(body, 'candidates')).toContain('Việc nhẹ lương cao');
    expect(body).toContain('href="/admin/lua-dao" aria-current="page"');
  });

  it('the compose link fills in a warning for that kind and that commune (an officer only their own)', async () => {
    f.grant('officer-a', 'officer', [A]);
    const own = await page('officer-a', '/admin/thong-bao?mau=otp-request&xa=tandinh');
    const text = /<textarea id="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(own)?.[1] ?? '';
    expect(text).toContain('Cảnh báo lừa đảo (Phường Tân Định)');
    expect(text).toContain('Đòi mã OTP');
    expect(text).toContain('5656');
    expect(own).toMatch(/value="tandinh" checked/);
    const other = await page('officer-a', `/admin/thong-bao?mau=loan&xa=${B}`);
    expect(other).not.toContain('Xã Xuân Phương');
    expect(other).not.toMatch(/checked/);
    const junk = await page('officer-a', '/admin/thong-bao?mau=<script>&xa=tandinh');
    expect(/<textarea id="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(junk)?.[1]).toBe('');
  });
});

describe('migration 0015', () => {
  it('keeps the counts recorded before it and accepts danger kinds after it', () => {
    const dir = f.dir;
    const path = `${dir}/old.db`;
    const before = openDatabase(path, readMigrations().filter((m) => m.id < 15));
    before.prepare("INSERT INTO scam_check_counts VALUES ('tandinh', '2026-W40', 'kind', 'loan', 3)").run();
    expect(() => before.prepare("INSERT INTO scam_check_counts VALUES ('tandinh', '2026-W40', 'danger-kind', 'loan', 1)").run()).toThrow();
    before.close();
    const after = openDatabase(path);
    const repo = new ScamCheckCountRepository(after);
    repo.record('tandinh', new Date('2026-12-01T03:00:00Z'), 'danger', ['loan', 'otp-request']);
    expect(repo.list().filter((c) => c.value === 'loan').map((c) => [c.isoWeek, c.measure, c.count])).toEqual([
      ['2026-W40', 'kind', 3],
      ['2026-W49', 'danger-kind', 1],
      ['2026-W49', 'kind', 1],
    ]);
    // loan was seen in W40: not new; otp-request is.
    expect(repo.newDangerKinds('2026-W48').map((c) => c.kind)).toEqual(['otp-request']);
    after.close();
  });
});
