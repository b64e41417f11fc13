import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BroadcastService } from '../../src/broadcast/broadcast-service.js';
import { OfficerService } from '../../src/officers/officer-service.js';
import { AuditRepository } from '../../src/store/audit-repository.js';
import { BroadcastRepository } from '../../src/store/broadcast-repository.js';
import { OfficerRepository } from '../../src/store/officer-repository.js';
import { actionOf, Harness, lastChoices, textOf } from './harness.js';

let h: Harness;
let officers: OfficerService;
let broadcasts: BroadcastService;
let repo: BroadcastRepository;
let audit: AuditRepository;

beforeEach(() => {
  h = new Harness({
    officer: (db, clock) => {
      audit = new AuditRepository(db);
      repo = new BroadcastRepository(db);
      officers = new OfficerService(new OfficerRepository(db), audit, new Set(['tandinh', 'xuanphuong', 'xuanphuong-p', 'hoaan']), clock);
      broadcasts = new BroadcastService({ repo, officers, audit, channels: ['telegram', 'zalo'], quietHours: { start: 21, end: 7 }, now: clock });
      return { officers, broadcasts };
    },
  });
});
afterEach(() => h.close());

/** A subscribed citizen of a commune, enrolled through the chat itself. */
async function citizen(user: string, commune: string): Promise<void> {
  await h.say('/start', user);
  await h.say(commune, user);
  await h.say('có', user);
  await h.say('Bỏ qua', user); // how to be addressed
  const learner = h.learners.find('telegram', user)!;
  expect(learner.subscribed).toBe(true);
}

describe('officers in chat', () => {
  it('an invitation code makes the sender an officer, once', async () => {
    const { code } = officers.createInvite('cli', 'officer', ['tandinh']);
    const out = await h.say(code.toLowerCase().replace(/-/g, ' '), 'o1');
    expect(textOf(out)).toContain('tandinh');
    expect(officers.find('telegram', 'o1')?.communes).toEqual(['tandinh']);
    expect(textOf(await h.say(code, 'o2'))).toContain('đã được dùng');
    expect(textOf(await h.say('CB-AAAA-AAAA-AAA', 'o3'))).toContain('không đúng');
    expect(officers.find('telegram', 'o2')).toBeUndefined();
  });

  it('a citizen cannot broadcast: the ordinary reply, and the attempt is logged', async () => {
    await citizen('c1', 'Phường Tân Định');
    const out = await h.say('/guithongbao', 'c1');
    expect(textOf(out)).not.toContain('Soạn thông báo');
    expect(h.assistant.asked).toContain('/guithongbao');
    expect(textOf(await h.say('/thongbao_trangthai', 'c1'))).not.toContain('#');
    // A forged button does nothing either.
    expect(textOf(await h.tap('o:aud:all', 'c1'))).not.toContain('Xem trước');
    expect(audit.recent().filter((e) => e.action === 'officer.denied')).toHaveLength(3);
    expect(repo.list()).toHaveLength(0);
  });

  it('an officer composes, previews the number of recipients, and confirms; only their commune is reached', async () => {
    await citizen('c1', 'Phường Tân Định');
    await citizen('c2', 'Phường Tân Định');
    await citizen('c3', 'Xã Hòa An');
    officers.grant('cli', { channel: 'telegram', platformUserId: 'o1', role: 'officer', communes: ['tandinh'] });
    expect(textOf(await h.say('/guithongbao', 'o1'))).toContain('Soạn thông báo');
    const audience = await h.say('Lớp học VNeID lúc 8 giờ sáng Chủ nhật tại nhà văn hoá.', 'o1');
    expect(lastChoices(audience).map((c) => c.label).join('|')).toContain('Tất cả xã/phường của tôi');
    const preview = await h.say('1', 'o1'); // numbered choice, as on Zalo
    expect(textOf(preview)).toContain('gửi tới 2 người');
    expect(textOf(preview)).toContain('tắt thông báo');
    expect(textOf(preview)).toContain('Zalo');
    const done = await h.tap(actionOf(preview, 'Gửi'), 'o1');
    expect(textOf(done)).toMatch(/Đã xếp hàng thông báo số \d+ tới 2 người/);
    const [b] = repo.list();
    expect(b!.audience.communes).toEqual(['tandinh']);
    expect(b!.counts.queued).toBe(2);
    expect(audit.recent()[0]!.action).toBe('broadcast.create');
    // Status with buttons, then cancel.
    const status = await h.say('/thongbao_trangthai', 'o1');
    expect(textOf(status)).toContain('đã gửi 0/2');
    const cancelled = await h.tap(actionOf(status, 'Huỷ gửi'), 'o1');
    expect(textOf(cancelled)).toContain('Đã huỷ thông báo');
    expect(repo.get(b!.id)!.state).toBe('cancelled');
  });

  it('an officer cannot reach another commune, even with a forged button', async () => {
    await citizen('c3', 'Xã Hòa An');
    officers.grant('cli', { channel: 'telegram', platformUserId: 'o1', role: 'officer', communes: ['tandinh'] });
    await h.say('/guithongbao', 'o1');
    await h.say('Thông báo thử', 'o1');
    const out = await h.tap('o:c:hoaan', 'o1');
    expect(textOf(out)).toContain('không có quyền');
    expect(repo.list()).toHaveLength(0);
    // Nor see or cancel an admin's province-wide broadcast.
    const admin = officers.grant('cli', { channel: 'telegram', platformUserId: 'a1', role: 'admin', communes: [] });
    const { id } = broadcasts.create(admin, { text: 'Toàn tỉnh', audience: {} });
    expect(textOf(await h.tap(`o:k:${id}`, 'o1'))).toContain('không có quyền');
    expect(repo.get(id)!.state).toBe('sending');
    expect(textOf(await h.say('/thongbao_trangthai', 'o1'))).toContain('Chưa có thông báo');
  });

  it('a pending compose survives a restart, and another command drops it', async () => {
    officers.grant('cli', { channel: 'telegram', platformUserId: 'o1', role: 'admin', communes: [] });
    await h.say('/guithongbao', 'o1');
    h.restart();
    const out = await h.say('Nội dung sau khởi động lại', 'o1');
    expect(textOf(out)).toContain('Gửi cho ai?');
    await h.say('/hoc', 'o1');
    h.assistant.asked.length = 0;
    await h.say('một câu hỏi về VNeID là gì', 'o1');
    expect(h.assistant.asked).toHaveLength(1);
  });
});
