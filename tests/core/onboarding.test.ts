import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, lastChoices, textOf } from './harness.js';

describe('first contact and settings', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('takes the commune from an invitation link and asks only about announcements', async () => {
    h = new Harness();
    const out = await h.say('/start hoaan');
    expect(textOf(out)).toContain('Đã ghi nhận: Xã Hòa An');
    expect(out.at(-1)?.text).toContain('thông báo');
    expect(h.learners.find('telegram', 'u1')).toMatchObject({ communeCode: 'hoaan', communeAsked: true });
    const menu = await h.say('k');
    expect(menu[0]?.text).toContain('Đã tắt');
    expect(h.learners.find('telegram', 'u1')?.subscribed).toBe(false);
  });

  it('ignores an unknown invitation code and asks as usual', async () => {
    h = new Harness();
    const out = await h.say('/start khongco');
    expect(out.at(-1)?.text).toContain('xã hay phường nào');
  });

  it('matches communes leniently and asks when two fit', async () => {
    h = new Harness();
    await h.say('/start');
    let out = await h.say('xuan phuong');
    expect(out[0]?.text).toBe('Bạn ở nơi nào trong các nơi sau?');
    expect(lastChoices(out).map((c) => c.label)).toEqual(['Xã Xuân Phương', 'Phường Xuân Phương', 'Bỏ qua']);
    out = await h.say('2');
    expect(out[0]?.text).toBe('Đã ghi nhận: Phường Xuân Phương ✅');

    // Changing it later: "xa" alone is the command; a typo is forgiven; the prefix breaks the tie.
    out = await h.say('xã');
    expect(out[0]?.text).toContain('Hiện tại: Phường Xuân Phương');
    out = await h.say('Xa Xuan Phuong');
    expect(out[0]?.text).toBe('Đã ghi nhận: Xã Xuân Phương ✅');
    await h.say('/xa');
    out = await h.say('TAN DINHH');
    expect(out[0]?.text).toBe('Đã ghi nhận: Phường Tân Định ✅');
    await h.say('/xa');
    out = await h.say('Hà Nội');
    expect(out[0]?.text).toContain('chưa tìm thấy “Hà Nội”');
    out = await h.say('giữ nguyên');
    expect(out[0]?.text).toBe('Vẫn giữ như cũ.');
    expect(h.learners.find('telegram', 'u1')?.communeName).toBe('Phường Tân Định');
  });

  it('does not take a greeting, an "ok" or "I don\'t know" typed at the commune question for a commune', async () => {
    h = new Harness();
    await h.say('/start');
    let out = await h.say('chào');
    expect(out).toHaveLength(1);
    expect(out[0]?.text).toContain('Xin chào! Bạn cho tôi biết tên xã hoặc phường');
    expect(lastChoices(out).map((c) => c.label)).toEqual(['Bỏ qua']);
    out = await h.say('alo');
    expect(out[0]?.text).toContain('Bạn cho tôi biết tên xã');
    out = await h.say('ok');
    expect(out[0]?.text).toContain('Bạn gõ tên xã hoặc phường nơi bạn sống');
    expect(h.learners.find('telegram', 'u1')).toMatchObject({ communeAsked: false, communeName: undefined });
    out = await h.say('tan dinh');
    expect(out[0]?.text).toBe('Đã ghi nhận: Phường Tân Định ✅');

    // "Không biết" is a kind skip; "chào" elsewhere still greets.
    h.close();
    h = new Harness();
    await h.say('/start');
    out = await h.say('không biết ạ');
    expect(out[0]?.text).toContain('Không sao');
    expect(out.at(-1)?.text).toContain('thông báo');
    expect(h.learners.find('telegram', 'u1')).toMatchObject({ communeAsked: true, communeName: undefined });
  });

  it('enrols from an invitation link of the real province list', async () => {
    h = new Harness({ communesFile: join(h0(), '..', '..', 'content', 'communes.yaml') });
    const out = await h.say('/start yenson');
    expect(textOf(out)).toContain('Đã ghi nhận: Xã Yên Sơn');
    expect(h.learners.find('telegram', 'u1')).toMatchObject({ communeCode: 'yenson', communeName: 'Xã Yên Sơn' });
    await h.say('/xa');
    expect((await h.say('xa lung cu'))[0]?.text).toBe('Đã ghi nhận: Xã Lũng Cú ✅');
  });

  it('accepts the name as typed when the province has not listed its communes', async () => {
    h = new Harness({ communesFile: join(h0(), 'missing.yaml') });
    await h.say('/start');
    const out = await h.say('  Xã Tân Phong  ');
    expect(out[0]?.text).toBe('Đã ghi nhận: Xã Tân Phong ✅');
    expect(h.learners.find('telegram', 'u1')).toMatchObject({ communeName: 'Xã Tân Phong', communeCode: undefined });
  });

  it('asks the commune only once: skipping is remembered', async () => {
    h = new Harness();
    await h.say('/start');
    let out = await h.say('bỏ qua');
    expect(out[0]?.text).toContain('Không sao');
    await h.say('không');
    await h.say('bỏ qua');
    out = await h.say('/start');
    expect(out[0]?.text).toContain('Chào mừng Bà Lan quay lại');
    expect(out.at(-1)?.text).toContain('Bạn muốn làm gì?');
  });

  it('toggles announcements', async () => {
    h = new Harness();
    await h.say('/start');
    await h.say('bo qua');
    expect((await h.say('c'))[0]?.text).toContain('Đã bật');
    let out = await h.say('thông báo');
    expect(out[0]?.text).toContain('đang BẬT');
    out = await h.say('1');
    expect(out[0]?.text).toContain('Đã tắt');
    out = await h.say('/thongbao');
    expect(out[0]?.text).toContain('đang TẮT');
    expect(h.learners.find('telegram', 'u1')?.subscribed).toBe(false);
  });

  it('greets someone whose first message is a question, and answers it', async () => {
    h = new Harness();
    const out = await h.say('vneid la gi');
    expect(out[0]?.text).toContain('Xin chào!');
    expect(out[1]?.text).toContain('VNeID là ứng dụng định danh');
  });

  it('understands the commands in every spelling', async () => {
    h = new Harness();
    await h.say('/start');
    await h.say('bỏ qua');
    await h.say('không');
    const cases: [string, string][] = [
      ['/hoc', 'Bạn muốn học chủ đề nào?'],
      ['/học', 'Bạn muốn học chủ đề nào?'],
      ['Học!', 'Bạn muốn học chủ đề nào?'],
      ['HOC BAI', 'Bạn muốn học chủ đề nào?'],
      ['/hoc@BinhDanBot', 'Bạn muốn học chủ đề nào?'],
      ['kiem tra', 'Bạn muốn kiểm tra phần nào?'],
      ['/kiemtra', 'Bạn muốn kiểm tra phần nào?'],
      ['tien do', '📊 Tiến độ'],
      ['/tiendo', '📊 Tiến độ'],
      ['giúp', 'Hướng dẫn ngắn'],
      ['huong dan', 'Hướng dẫn ngắn'],
      ['/giup', 'Hướng dẫn ngắn'],
      ['?', 'Hướng dẫn ngắn'],
      ['on tap', 'chưa có câu nào để ôn'],
      ['/ontap', 'chưa có câu nào để ôn'],
      ['xin chào', 'Chào mừng Bà Lan quay lại'],
      ['/thongbao', 'Nhận thông báo'],
      ['/xoadulieu', 'xoá toàn bộ'],
      ['menu', 'Bạn muốn làm gì?'],
    ];
    for (const [typed, expected] of cases) {
      expect(textOf(await h.say(typed)), typed).toContain(expected);
    }
    expect(h.assistant.asked).toEqual([]);
  });
});

function h0(): string {
  return join(import.meta.dirname, '..', 'fixtures');
}
