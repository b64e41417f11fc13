import type { ReasonKind } from './types.js';

/** Short Vietnamese names of the red-flag kinds, for officers (dashboard tables, announcement drafts). */
export const KIND_NAMES: Record<ReasonKind, string> = {
  'otp-request': 'Đòi mã OTP',
  'credential-request': 'Đòi mật khẩu, số thẻ, ảnh căn cước',
  'money-request': 'Đòi chuyển tiền, nộp phí',
  'link-lookalike': 'Link giả trang thật',
  'link-shortener': 'Link rút gọn',
  'link-apk': 'Link tải ứng dụng lạ (.apk)',
  'link-ip': 'Link là dãy số (IP)',
  'authority-impersonation': 'Giả danh công an, cơ quan, ngân hàng',
  'urgency-threat': 'Dọa nạt, hối thúc',
  'prize-benefit': 'Trúng thưởng, quà, tiền hỗ trợ',
  'task-job': 'Việc nhẹ lương cao, đầu tư, làm nhiệm vụ',
  loan: 'Vay tiền không thế chấp',
  'overseas-job': 'Việc làm ở nước ngoài',
  'refund-order': 'Đơn hàng, bưu phẩm, hoàn tiền',
  'biometric-update': 'Cập nhật sinh trắc học qua link',
  'phone-suspicious': 'Số điện thoại lạ',
  'family-emergency': 'Người thân gặp nạn, đổi số mới',
  'contact-elsewhere': 'Kéo sang Zalo, Telegram',
  'link-risky-tld': 'Link có đuôi lạ',
  'link-unknown': 'Link tới trang lạ',
  'resembles-scam': 'Giống các tin lừa đảo đã gặp',
  'qr-payment': 'Mã QR chuyển tiền',
  'qr-invalid': 'Mã QR chuyển tiền bị lỗi',
};

export function kindName(kind: string): string {
  return (KIND_NAMES as Record<string, string>)[kind] ?? kind;
}
