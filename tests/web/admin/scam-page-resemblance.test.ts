import { afterEach, describe, expect, it } from 'vitest';
import { ScamCheckCountRepository } from '../../../src/store/scam-check-count-repository.js';
import { A, DashboardFixture } from './fixture.js';

let f: DashboardFixture | undefined;
afterEach(async () => {
  await f?.close();
});

describe('dashboard Lừa đảo page and the "resembles known scams" sign', () => {
  it('counts it among the kinds but never offers it as a new danger kind to warn a commune about', async () => {
    f = new DashboardFixture();
    new ScamCheckCountRepository(f.db).record(A, f.now, 'danger', ['resembles-scam', 'money-request']);
    f.grant('officer-a', 'officer', [A]);
    const b = f.browser();
    await b.signIn((await f.linkFor('officer-a'))!);
    const body = (await b.get('/admin/lua-dao')).body;
    const table = (id: string) => body.slice(body.indexOf(`id="scam-${id}"`), body.indexOf('</table>', body.indexOf(`id="scam-${id}"`)));
    expect(table('kinds')).toContain('Giống các tin lừa đảo đã gặp');
    expect(table('candidates')).toContain('Đòi chuyển tiền');
    expect(table('candidates')).not.toContain('Giống các tin lừa đảo đã gặp');
  });
});
