import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/content/loader.js';
import { namesLessonSubject, offTopicSubject } from '../../src/assistant/offtopic.js';

describe('subjects the lessons never teach (src/assistant/lexicon/offtopic.yaml)', () => {
  it.each([
    ['ủy ban xã mấy giờ mở cửa', 'time_and_opening_hours'],
    ['buu dien lam viec den may gio', 'time_and_opening_hours'],
    ['hôm nay là thứ mấy', 'time_and_opening_hours'],
    ['chiều nay trời có mưa không', 'weather_and_nature'],
    ['tối nay đội tuyển đá mấy giờ', 'time_and_opening_hours'],
    ['ket qua bong da hom qua', 'sports_and_games'],
    ['xin con số đẹp hôm nay', 'lottery_and_luck'],
    ['tu vi tuoi dan thang nay', 'lottery_and_luck'],
    ['cách nấu canh cá chua', 'cooking_and_farming'],
    ['trồng lúa bón phân gì', 'cooking_and_farming'],
    ['đàn gà bị bỏ ăn', 'cooking_and_farming'],
    ['bà tôi bị huyết áp cao uống thuốc gì', 'health_symptoms'],
    ['giá vàng hôm nay', 'prices_and_shopping_advice'],
    ['tu lanh loai nao tot', 'prices_and_shopping_advice'],
    ['điểm chuẩn lớp 10 năm nay', 'school_and_exams'],
    ['thi sát hạch bằng lái ô tô ở đâu', 'school_and_exams'],
    ['mức lương tối thiểu vùng 2', 'jobs_and_money_life'],
    ['gửi tiết kiệm ngân hàng nào lãi cao', 'jobs_and_money_life'],
    ['đăng ký xe máy mới ở đâu', 'vehicles_and_travel'],
    ['đặt vé tàu về quê', 'vehicles_and_travel'],
    ['thủ tục ly hôn thế nào', 'civil_matters_not_taught'],
    ['ai sẽ thắng bầu cử', 'politics_and_opinions'],
    ['kể chuyện cười đi', 'entertainment_and_chat'],
  ])('%s → %s', (text, subject) => expect(offTopicSubject(text)).toBe(subject));

  it.each([
    // an anchor ties the message to the lessons
    'có người rủ đầu tư vàng qua nhóm zalo lãi cao, có phải lừa đảo không',
    'được mời sang campuchia làm việc, bao vé máy bay',
    'ngân hàng gửi link bảo cập nhật sinh trắc học trước 5 giờ chiều',
    'chuyển khoản lúc mấy giờ thì tiền đến ngay',
    'vneid mấy giờ thì đăng ký được',
    'đăng ký tạm trú cho người thuê nhà',
    // in scope, no listed subject
    'đổi bằng lái xe ở đâu',
    'trả tiền điện trên điện thoại',
    'khó cả nhà đều không biết dùng app',
    'bị hack zalo rồi',
    'có thằng gọi xưng công an nói tôi liên quan đường dây ma túy',
    'báo tin nhắn rác ở đâu, đầu số nào',
  ])('not declined as off-topic: %s', (text) => expect(offTopicSubject(text)).toBeUndefined());
});

describe('namesLessonSubject: words only the lessons are about', () => {
  it.each([
    ['web bán hàng rẻ bất thường có phải lừa không', true],
    ['vneid bi khoa thi mo lai sao', true],
    ['ai hoi ma otp thi sao', true],
    ['tài khoản game bị khóa thì làm sao', false],
    ['chuyển khoản mua vàng có bị đánh thuế không', false],
    ['cách trồng lúa', false],
  ])('%s → %s', (text, named) => expect(namesLessonSubject(text)).toBe(named));
});

describe('the lessons\' own question variants (asks) are questions to answer', () => {
  const asks = loadCurriculum('content').lessons.flatMap((l) => l.sections.flatMap((s) => s.asks ?? []));
  it('there are many to check', () => expect(asks.length).toBeGreaterThan(300));
  it('none is taken for a subject the lessons never teach', () => expect(asks.filter((a) => offTopicSubject(a))).toEqual([]));
});
