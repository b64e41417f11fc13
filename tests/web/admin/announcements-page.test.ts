import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { A, B, csrfOf, DashboardFixture, seedLearners } from './fixture.js';

let f: DashboardFixture;
beforeEach(() => {
  f = new DashboardFixture();
  seedLearners(f.db, [{ commune: A }, { commune: A }, { commune: A, subscribed: false }, { commune: B }]);
});
afterEach(async () => {
  await f.close();
});

const state = (id: number) => (f.db.prepare('SELECT state FROM broadcasts WHERE id = ?').get(id) as { state: string }).state;

describe('announcements page', () => {
  it('previews the audience, schedules, and pauses, resumes, resends in-doubt and cancels', async () => {
    f.grant('officer-a', 'officer', [A]);
    const b = f.browser();
    await b.signIn((await f.linkFor('officer-a'))!);
    let page = await b.get('/admin/thong-bao');
    const form = { _csrf: csrfOf(page.body), text: 'Lớp học VNeID sáng thứ Bảy', at: '2026-12-05T08:00' };
    const preview = await b.post('/admin/thong-bao/xem-truoc', form);
    expect(preview.body).toMatch(/<strong>2<\/strong> người sẽ nhận/); // the unsubscribed one is left out
    expect(preview.body).toContain('tắt thông báo');
    expect(await b.post('/admin/thong-bao/gui', form).then((r) => r.statusCode)).toBe(200);
    const row = f.db.prepare('SELECT id, not_before FROM broadcasts').get() as { id: number; not_before: string };
    expect(row.not_before).toBe('2026-12-05T01:00:00.000Z'); // 08:00 Vietnam time

    page = await b.get('/admin/thong-bao');
    const csrf = csrfOf(page.body);
    expect((await b.post(`/admin/thong-bao/${row.id}/tam-dung`, { _csrf: csrf })).statusCode).toBe(303);
    expect(state(row.id)).toBe('paused');
    expect((await b.post(`/admin/thong-bao/${row.id}/tiep-tuc`, { _csrf: csrf })).statusCode).toBe(303);
    expect(state(row.id)).toBe('sending');
    f.db.prepare("UPDATE broadcast_recipients SET state = 'in-doubt' WHERE learner_id = (SELECT min(learner_id) FROM broadcast_recipients)").run();
    expect((await b.get('/admin/thong-bao')).body).toContain('Gửi lại tin không rõ');
    expect((await b.post(`/admin/thong-bao/${row.id}/gui-lai`, { _csrf: csrf })).statusCode).toBe(303);
    expect(f.db.prepare("SELECT count(*) AS n FROM broadcast_recipients WHERE state = 'queued'").get()).toEqual({ n: 2 });
    expect((await b.post(`/admin/thong-bao/${row.id}/huy`, { _csrf: csrf })).statusCode).toBe(303);
    expect(state(row.id)).toBe('cancelled');
    const audited = f.dashboard.deps.audit.recent(20).map((e) => e.action);
    expect(audited).toEqual(expect.arrayContaining(['broadcast.create', 'broadcast.pause', 'broadcast.resume', 'broadcast.resend', 'broadcast.cancel']));
  });

  it('another commune’s officer neither sees nor controls the broadcast', async () => {
    f.grant('officer-a', 'officer', [A]);
    f.grant('officer-b', 'officer', [B]);
    const a = f.browser();
    await a.signIn((await f.linkFor('officer-a'))!);
    const pa = await a.get('/admin/thong-bao');
    await a.post('/admin/thong-bao/gui', { _csrf: csrfOf(pa.body), text: 'Họp tổ công nghệ số' });
    const id = (f.db.prepare('SELECT id FROM broadcasts').get() as { id: number }).id;

    const b = f.browser();
    await b.signIn((await f.linkFor('officer-b'))!);
    const pb = await b.get('/admin/thong-bao');
    expect(pb.body).not.toContain('Họp tổ công nghệ số');
    expect((await b.post(`/admin/thong-bao/${id}/huy`, { _csrf: csrfOf(pb.body) })).statusCode).toBe(400);
    expect(state(id)).toBe('sending');
  });
});
