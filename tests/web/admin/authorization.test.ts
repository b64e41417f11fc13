import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { A, B, csrfOf, DashboardFixture, seedLearners } from './fixture.js';

let f: DashboardFixture;
beforeEach(() => {
  f = new DashboardFixture();
  seedLearners(f.db, [
    { commune: A, passed: ['vneid'] },
    { commune: A, passed: ['vneid', 'lua-dao'], completed: true },
    { commune: B, passed: ['vneid'] },
    { commune: B },
    { commune: B },
  ]);
});
afterEach(async () => {
  await f.close();
});

const actions = () => f.dashboard.deps.audit.recent(100).map((e) => e.action);

describe('dashboard authorisation', () => {
  it('a citizen gets the ordinary reply to /dangnhap, no link, and the attempt is logged', async () => {
    const citizen = await f.say('citizen-1', '/dangnhap');
    const other = await f.say('citizen-2', '/lenhkhongco');
    expect(citizen.map((r) => r.text).join('\n')).not.toContain('/admin/');
    // Exactly what any unknown command gets (the first-contact greeting, then the assistant's reply).
    expect(citizen.map((r) => r.text)).toEqual(other.map((r) => r.text));
    expect(f.dashboard.deps.audit.recent(10).find((e) => e.action === 'officer.denied')).toMatchObject({ actor: 'web:citizen-1', detail: { what: 'dangnhap' } });
  });

  it('without a session every page and export is refused, and nothing is leaked', async () => {
    const b = f.browser();
    for (const path of ['/admin', '/admin/xa-phuong', '/admin/xa-phuong.csv', '/admin/xa-phuong.xlsx', '/admin/cau-hoi', '/admin/thong-bao', '/admin/nhat-ky', '/admin/ma-hoan-thanh']) {
      const res = await b.get(path);
      expect(res.statusCode, path).toBe(401);
      expect(res.body).toContain('/dangnhap');
      expect(res.body).not.toContain('Tân Định');
    }
  });

  it('an officer signs in with the bot link and sees only their own xã/phường', async () => {
    f.grant('officer-a', 'officer', [A]);
    const b = f.browser();
    const link = await f.linkFor('officer-a');
    expect(link).toBeDefined();
    const res = await b.signIn(link!);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const cookie = [res.headers['set-cookie']].flat().join(';');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(actions()).toContain('login');

    const csv = await b.get('/admin/xa-phuong.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Phường Tân Định');
    expect(csv.body).not.toContain('Xuân Phương');
    const page = await b.get('/admin/xa-phuong');
    expect(page.body).toContain('Phường Tân Định');
    expect(page.body).not.toContain('Xã Xuân Phương');
    const overview = await b.get('/admin');
    expect(overview.body).toMatch(/<div class="n">2<\/div><div class="l">Người học</);
    // The audit log is for admins only.
    expect((await b.get('/admin/nhat-ky')).statusCode).toBe(403);
    // Importing population is for admins only, even with a valid form token.
    const imp = await b.post('/admin/xa-phuong/dan-so', { _csrf: csrfOf(page.body), csv: `${A},100` });
    expect(imp.statusCode).toBe(403);
    expect(f.dashboard.deps.population.all().size).toBe(0);
  });

  it('an officer cannot announce to another commune', async () => {
    f.grant('officer-a', 'officer', [A]);
    const b = f.browser();
    await b.signIn((await f.linkFor('officer-a'))!);
    const page = await b.get('/admin/thong-bao');
    expect(page.body).not.toContain(`value="${B}"`);
    const res = await b.post('/admin/thong-bao/gui', { _csrf: csrfOf(page.body), text: 'Họp tổ', communes: B });
    expect(res.statusCode).toBe(400);
    expect(f.db.prepare('SELECT count(*) AS n FROM broadcasts').get()).toEqual({ n: 0 });
    // Their own commune works and reaches its 2 subscribers.
    const ok = await b.post('/admin/thong-bao/gui', { _csrf: csrfOf(page.body), text: 'Họp tổ', communes: A });
    expect(ok.statusCode).toBe(200);
    expect(f.db.prepare('SELECT count(*) AS n FROM broadcast_recipients').get()).toEqual({ n: 2 });
  });

  it('a sign-in link works once, and not after 10 minutes', async () => {
    f.grant('officer-a', 'officer', [A]);
    const link = (await f.linkFor('officer-a'))!;
    expect((await f.browser().signIn(link)).statusCode).toBe(303);
    const again = await f.browser().signIn(link);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('đã được dùng');

    const late = (await f.linkFor('officer-a'))!;
    f.now = new Date(f.now.getTime() + 10 * 60_000 + 1000);
    const expired = await f.browser().signIn(late);
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('hết hạn');
    // A made-up token is refused too; only a hash of real ones is stored.
    expect((await f.browser().signIn('/admin/dangnhap/' + 'x'.repeat(43))).statusCode).toBe(400);
    const junk = await f.browser().get('/admin/dangnhap/not-a-token');
    expect(junk.statusCode).toBe(400);
    expect(junk.headers['set-cookie']).toBeUndefined();
    const stored = f.db.prepare('SELECT token_hash FROM admin_login_links').all() as { token_hash: string }[];
    expect(stored.some((r) => link.endsWith(r.token_hash))).toBe(false);
  });

  it('a revoked officer is out at the next click', async () => {
    f.grant('officer-a', 'officer', [A]);
    const b = f.browser();
    await b.signIn((await f.linkFor('officer-a'))!);
    expect((await b.get('/admin')).statusCode).toBe(200);
    f.dashboard.deps.officers.revoke('cli', 'web', 'officer-a');
    expect((await b.get('/admin')).statusCode).toBe(401);
  });

  it('forms without the CSRF token are refused', async () => {
    f.grant('admin-1', 'admin');
    const b = f.browser();
    await b.signIn((await f.linkFor('admin-1'))!);
    const page = await b.get('/admin/xa-phuong');
    expect((await b.post('/admin/xa-phuong/dan-so', { csv: `${A},100` })).statusCode).toBe(403);
    expect((await b.post('/admin/xa-phuong/dan-so', { _csrf: 'wrong', csv: `${A},100` })).statusCode).toBe(403);
    expect(f.dashboard.deps.population.all().size).toBe(0);
    // The sign-in button's form needs it too.
    const link = (await f.linkFor('admin-1'))!;
    expect((await f.browser().post(link, {})).statusCode).toBe(403);
    // With the token it goes through.
    const ok = await b.post('/admin/xa-phuong/dan-so', { _csrf: csrfOf(page.body), csv: `code,count\n${A},100\n${B},"1.000"` });
    expect(ok.statusCode).toBe(303);
    expect(f.dashboard.deps.population.all()).toEqual(new Map([[A, 100], [B, 1000]]));
  });

  it('a session ends after 8 hours without use, and at sign-out', async () => {
    f.grant('admin-1', 'admin');
    const b = f.browser();
    await b.signIn((await f.linkFor('admin-1'))!);
    f.now = new Date(f.now.getTime() + 7 * 3_600_000);
    expect((await b.get('/admin')).statusCode).toBe(200); // used within 8 h: still on, and the clock restarts
    f.now = new Date(f.now.getTime() + 8 * 3_600_000 + 60_000);
    const res = await b.get('/admin');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('hết hạn');

    await b.signIn((await f.linkFor('admin-1'))!);
    const page = await b.get('/admin');
    expect(page.statusCode).toBe(200);
    expect((await b.post('/admin/dangxuat', { _csrf: csrfOf(page.body) })).statusCode).toBe(200);
    expect((await b.get('/admin')).statusCode).toBe(401);
  });

  it('the audit log shows sign-ins and exports to an admin', async () => {
    f.grant('admin-1', 'admin');
    const b = f.browser();
    await b.signIn((await f.linkFor('admin-1'))!);
    await b.get('/admin/xa-phuong.xlsx');
    const log = await b.get('/admin/nhat-ky');
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('report.export');
    expect(log.body).toContain('login');
  });
});
