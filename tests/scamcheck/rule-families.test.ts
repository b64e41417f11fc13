/**
 * The rule families added for issue 12's second round: each with messages it must flag (written here,
 * not copied from the bench sets) and honest messages it must leave alone.
 */
import { describe, expect, it } from 'vitest';
import { ScamChecker } from '../../src/scamcheck/checker.js';
import { prepareText } from '../../src/scamcheck/prepare.js';
import { ruleData } from '../../src/scamcheck/rule-data.js';
import { combine } from '../../src/scamcheck/verdict.js';
import type { Reason } from '../../src/scamcheck/types.js';

const checker = new ScamChecker();
const kinds = (text: string) => checker.checkText(text).reasons.map((r) => r.kind);
const verdict = (text: string) => checker.checkText(text).verdict;

describe('new phrase families: flagged, with the kind named', () => {
  it.each([
    ['task-job', 'Vào nhóm kín của chuyên gia, lãi 25% sau 2 ngày, rút lúc nào cũng được'],
    ['task-job', 'loi nhuan deu 3%/ngay, cam ket hoan von'],
    ['task-job', 'thang roi ca group x5 von, ae vao kenh tele nhan tin hieu coin'],
    ['task-job', 'Nạp tối thiểu 2 triệu vào sàn để kích hoạt tài khoản giao dịch'],
    ['money-request', 'Cô chủ nhiệm báo đổi số tài khoản thu quỹ lớp, mọi người chuyển vào số mới nhé'],
    ['money-request', 'nop tien hoc them vao stk ca nhan cua thay, gap trong ngay'],
    ['money-request', 'Em là shipper, đơn của anh 320k, anh chuyển khoản trước giúp em nhé'],
    ['money-request', 'Bạn đã trúng tuyển, vui lòng đóng phí đào tạo 700 nghìn trước khi nhận việc'],
    ['money-request', 'Chuyển 3 triệu thì mới được giải quyết hồ sơ'],
    ['money-request', 'Văn phòng chúng tôi lấy lại tiền bị lừa trong 24h, phí 15%, liên hệ Telegram'],
    ['money-request', 'Thanh toán tiền nước kỳ này tại đây: nuocsach-online.net'],
    ['credential-request', 'Nạp quân huy giá rẻ, gửi tk mk game cho shop nạp hộ'],
    ['credential-request', 'Vui lòng nhắn lại số thẻ và ngày hết hạn để giữ ưu đãi'],
    ['credential-request', 'Đăng nhập bằng tài khoản Facebook để bình chọn cho bé'],
    ['urgency-threat', 'Nếu không nộp trong hôm nay thì mai sẽ bị cắt nước'],
    ['urgency-threat', 'Tôi có clip nhạy cảm của anh, không chuyển tiền tôi gửi cho vợ và đồng nghiệp'],
    ['urgency-threat', 'Điện thoại của bạn đã nhiễm virus, cài ứng dụng diệt ngay'],
    ['prize-benefit', 'Bạn là khách hàng thứ 999 hôm nay, nhận ngay xe máy'],
    ['prize-benefit', 'Ông có khoản tiền hỗ trợ chưa nhận, liên hệ cán bộ để nhận lại'],
    ['prize-benefit', 'Quý khách được hoàn thuế năm 2025, làm theo hướng dẫn để nhận'],
    ['refund-order', 'Kiện hàng của chị đang bị giữ ở hải quan, cần nộp phí 5 triệu để thông quan'],
    ['family-emergency', 'ck cho a 4tr gap, mai a tra'],
    ['family-emergency', 'Em bị móc túi ở bến xe, anh chuyển tạm em 1 triệu nhé'],
    ['authority-impersonation', 'Em là nhân viên bên bảo hiểm xã hội, hồ sơ của chị bị lỗi, chị đóng phí giúp em'],
    ['contact-elsewhere', 'Kết bạn Zalo cán bộ để được hướng dẫn nhận tiền'],
    ['otp-request', 'Vui lòng trả lời tin nhắn này bằng mã xác nhận vừa nhận để hoàn tất'],
    ['money-request', 'Anh chuyển cọc 1 triệu để giữ phòng nhé, hết phòng là không giữ được'],
    ['money-request', 'Mua một đơn hàng 300k để được kích hoạt tài khoản cộng tác viên'],
    ['money-request', 'nop phat 1tr5 vao stk cua can bo de duoc giam nhe'],
    ['money-request', 'Muốn chuyện này không ai biết thì chuyển 20 triệu'],
    ['money-request', 'Phí hoàn hàng 30k, thanh toán để được giao lại'],
    ['urgency-threat', 'Nhà bác nợ tiền nước 2 tháng, chiều nay công ty khóa đồng hồ'],
    ['prize-benefit', 'Hỗ trợ 2 triệu cho hộ nghèo, đăng ký nhận tại hotro-ngheo.com'],
    ['family-emergency', 'Bố ơi đây là Zalo mới của con, bố chuyển con 2 triệu nhé'],
    ['biometric-update', 'Tài khoản chưa đối chiếu khuôn mặt sẽ bị dừng, nhân viên sẽ gọi video hướng dẫn'],
    ['overseas-job', 'Đi Nhật làm việc, không cần biết tiếng, bay trong tháng'],
    ['otp-request', 'Có mã 6 số gửi về máy chị thì chị chụp lại gửi em nhé'],
    ['money-request', 'Anh ơi em chuyển nhầm 3 triệu vào tài khoản anh, anh chuyển lại giúp em'],
    ['money-request', 'Bé đã qua vòng loại, chị đóng 900 nghìn phí chụp ảnh nhé'],
    ['money-request', 'Dịch vụ khôi phục Zalo bị khóa, phí 300k, ib'],
    ['money-request', 'Hàng giảm giá sốc, chuyển khoản 100% trước rồi giao'],
    ['money-request', 'Chị nộp lệ phí vào tài khoản của tôi để làm cho nhanh'],
    ['phone-suspicious', 'Hộ chiếu của bạn có vấn đề, bấm phím 9 để gặp cán bộ'],
    ['task-job', 'Nhà cái uy tín, nạp lần đầu tặng 100%, rút trong 5 phút'],
    ['family-emergency', 'Mẹ ơi mạng yếu quá con không gọi video được, mẹ chuyển con 5 triệu gấp'],
    ['authority-impersonation', 'Tôi là thượng úy công an phường, hồ sơ của chị có sai sót'],
    ['otp-request', 'Bạn gửi mình mã Zalo vừa gửi về máy để mình giữ bạn trong nhóm'],
    ['money-request', 'Chị chuyển 700k vào số của em giúp trong chiều nay nhé'],
    ['money-request', 'Ông thanh toán khoản nợ vào tài khoản thi hành án được cung cấp'],
    ['urgency-threat', 'Không trả nợ thì sẽ bị cưỡng chế tài sản'],
    ['credential-request', 'Tài khoản có dấu hiệu lạ, xác minh tại đây: bao-mat-tk.com'],
    ['prize-benefit', 'Nhận miễn phí bộ nồi, chỉ cần thanh toán 39k phí vận chuyển'],
    ['task-job', 'Mua hộ đơn hàng, hoàn gốc kèm 12% hoa hồng sau 5 phút'],
    ['family-emergency', 'chi dang thieu 1tr le phi, e ck giup chi, toi chi gui lai'],
    ['biometric-update', 'Nhân viên ngân hàng cài sinh trắc học tại nhà miễn phí cho người cao tuổi'],
    ['credential-request', 'Vui lòng trả lời tin nhắn kèm mật khẩu để giữ số dư'],
    ['task-job', 'Đánh giá 5 sao quán ăn trên bản đồ, mỗi lượt 15 nghìn, trả cuối ngày'],
    ['task-job', 'Góp vốn 20 triệu vào dự án, cổ tức 6% mỗi tháng'],
    ['task-job', 'Làm tại nhà, đặt cọc nguyên liệu 800k, hoàn cọc khi giao hàng'],
    ['money-request', 'Phụ huynh đóng 300k tiền sửa lớp, chuyển vào tài khoản của thầy trong tuần'],
    ['money-request', 'Con chị mua hàng bên em chưa thanh toán 500k, chị chuyển giúp bé nhé'],
    ['money-request', 'Công an bảo nộp 10 triệu thì được thả'],
    ['urgency-threat', 'Hôm nay không đóng là cắt mạng luôn nha'],
    ['authority-impersonation', 'Cháu bị giữ ở đồn, bà đừng nói với bố mẹ cháu nhé'],
  ])('%s: %s', (kind, text) => {
    expect(kinds(text)).toContain(kind);
    expect(verdict(text)).not.toBe('no-signs');
  });
});

describe('honest messages stay "chưa thấy dấu hiệu"', () => {
  it.each([
    'Phụ huynh lưu ý: nhà trường không thu tiền vào tài khoản cá nhân của giáo viên.',
    'Điện lực thông báo tạm ngừng cấp điện ngày 8/12 từ 7h đến 11h ở thôn Đông để bảo dưỡng.',
    'Ck ơi tối nay về nhớ mua sữa cho con nhé',
    'Quý khách thanh toán tiền điện tại evn.com.vn hoặc qua ứng dụng ngân hàng.',
    'Con gửi mẹ 2 triệu tiền thuốc rồi nhé',
    'Shipper sẽ gọi trước khi giao, bạn trả tiền mặt khi nhận hàng.',
    'Lãi suất tiết kiệm 12 tháng là 5,2%/năm, chi tiết tại quầy giao dịch.',
    'Hội thảo hướng dẫn dùng VNeID ở nhà văn hóa, không mất phí.',
    'Ngân hàng không bao giờ gửi đường link yêu cầu đăng nhập hay cung cấp mã OTP.',
    'Em đặt cọc thuê xe 1 triệu qua tài khoản công ty như hợp đồng rồi nhé.',
    'Giao hàng tiết kiệm: đơn của bạn sẽ giao trong hôm nay, vui lòng để ý điện thoại.',
    'Tra cứu phạt nguội tại csgt.vn, nộp phạt qua dichvucong.gov.vn.',
    'Tháng này lương về muộn, anh ck tiền nhà cho em vào tuần sau nhé',
    'Con đã đóng học phí kỳ 1 cho bé qua app trường rồi, biên lai con gửi qua Zalo',
    'Hồ sơ học bổng nộp tại UBND xã trước 30/12, không thu phí.',
    'Ban quản lý chợ: các hộ nộp phí vệ sinh tháng 12 tại văn phòng.',
    'Ngân hàng: giao dịch trên 10 triệu cần xác thực khuôn mặt trong ứng dụng. Ngân hàng không gọi điện hay gửi link hướng dẫn.',
    'Con bé đạt giải nhì thi vẽ, được thưởng 500 nghìn.',
    'Toà án nhân dân huyện thông báo lịch xét xử công khai vụ án tranh chấp đất đai ngày 15/12.',
    'Sở Lao động thông báo hội chợ việc làm ngày 20/12, người lao động tham dự miễn phí.',
    'Bạn Hoa lớp mình đang nằm viện, lớp góp tiền thăm, ai góp thì chuyển cho lớp trưởng nhé.',
    'Anh Hùng xóm trên bị tai nạn nhẹ, đã về nhà rồi, mọi người qua thăm nhé.',
    'BIDV: Tuyệt đối không cung cấp tên đăng nhập, mật khẩu, mã OTP cho bất kỳ ai.',
  ])('%s', (text) => {
    expect(verdict(text)).toBe('no-signs');
  });
});

describe('warnings between people', () => {
  it('reads a warning about a scam as a warning: not danger', () => {
    for (const t of [
      'Cả nhà cẩn thận, có kẻ giả điện lực nhắn đòi tiền rồi dọa cắt điện, đừng chuyển khoản nhé.',
      'Nếu có ai gọi báo con bị tai nạn đòi chuyển tiền thì bố mẹ đừng chuyển, gọi cho con trước.',
      'Công an xã: cảnh giác với các nhóm đầu tư tiền ảo hứa lãi cao, không nạp tiền vào web lạ.',
    ]) {
      expect(verdict(t), t).not.toBe('danger');
    }
  });
  it('does not take a scam that mentions "lừa đảo" for a warning', () => {
    expect(verdict('Bạn bị lừa đảo qua mạng? Chúng tôi thu hồi tiền trong 48h, phí dịch vụ 10%, liên hệ Telegram.')).not.toBe('no-signs');
  });
  it('never discounts a decisive link sign', () => {
    expect(verdict('Cẩn thận lừa đảo! Kiểm tra tài khoản của bạn tại vietcombank-kiemtra.top')).toBe('danger');
  });
});

describe('normalisation and weighting', () => {
  it('expands amounts and leftover Telex through the assistant’s chat-writing rules', () => {
    const d = ruleData();
    expect(prepareText('ck 5tr, nap 500k', [], d)).toBe('ck 5 trieu nap 500 nghin');
    expect(prepareText('chuyeenr tieenf', [], d)).toBe('chuyen tien');
    expect(prepareText('Thanh toán tại evn.com.vn', [[15, 25, true]], d)).toBe('thanh toan tai trangchinhthuc');
  });

  const r = (kind: Reason['kind'], weight: number): Reason => ({ kind, weight, detail: '', meaning: '' });
  it('two weak signs of different kinds make "suspicious"; weak signs alone never make "danger"', () => {
    expect(combine([r('money-request', 1)], false).verdict).toBe('no-signs');
    expect(combine([r('money-request', 1), r('contact-elsewhere', 1)], false).verdict).toBe('suspicious');
    expect(combine([r('money-request', 1), r('contact-elsewhere', 1), r('urgency-threat', 1), r('link-risky-tld', 1)], false).verdict).toBe('suspicious');
    expect(combine([r('money-request', 2), r('contact-elsewhere', 1), r('urgency-threat', 1)], false).verdict).toBe('danger');
  });
  it('a warning lowers the score more than advice, but not below a decisive link', () => {
    expect(combine([r('money-request', 4), r('authority-impersonation', 3)], true).verdict).toBe('danger');
    expect(combine([r('money-request', 4), r('authority-impersonation', 3)], false, true).verdict).toBe('suspicious');
    expect(combine([r('link-lookalike', 4)], false, true).verdict).toBe('danger');
  });
});
