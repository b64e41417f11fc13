/**
 * EMVCo merchant-presented QR (the format of VietQR, NAPAS 247): TLV fields of a two-digit id, a
 * two-digit length and the value, ending with field 63 (CRC-16/CCITT-FALSE of everything before its
 * value). Written here because it is 60 lines and the packages found were either unmaintained or pulled
 * in much more than a parser.
 *
 * VietQR: field 38 (merchant account) holds 00 = "A000000727" (NAPAS), 01 = beneficiary { 00 = BIN,
 * 01 = account or card number }, 02 = service ("QRIBFTTA" account, "QRIBFTTC" card); 54 = amount,
 * 53 = currency (704 = VND), 58 = country, 59 = name, 62.08 = purpose (the transfer message).
 */
export type Tlv = Map<string, string>;

/** Parses one level of TLV fields; undefined when malformed. */
export function parseTlv(text: string): Tlv | undefined {
  const fields: Tlv = new Map();
  let i = 0;
  while (i < text.length) {
    const id = text.slice(i, i + 2);
    const len = Number(text.slice(i + 2, i + 4));
    if (!/^\d\d$/.test(id) || !/^\d\d$/.test(text.slice(i + 2, i + 4)) || i + 4 + len > text.length) return undefined;
    fields.set(id, text.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return fields;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as four upper-case hex digits, over UTF-8 bytes. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

export interface EmvPayment {
  /** NAPAS BIN of the receiving bank (VietQR), if present. */
  bin?: string;
  account?: string;
  /** "account" or "card" (VietQR service code). */
  target?: 'account' | 'card';
  amount?: number;
  currency?: string;
  name?: string;
  message?: string;
  crcValid: boolean;
  /** The QR follows the VietQR (NAPAS) layout. */
  vietqr: boolean;
}

/** True when the text looks like an EMVCo payload (starts with field 00 = "01"). */
export function looksLikeEmv(text: string): boolean {
  return /^000201/.test(text);
}

/** Parses an EMVCo payment QR; undefined when it is not one. */
export function parseEmvPayment(text: string): EmvPayment | undefined {
  if (!looksLikeEmv(text)) return undefined;
  const top = parseTlv(text);
  if (!top) return undefined;
  const crcAt = text.lastIndexOf('6304');
  const crcValid = crcAt >= 0 && crcAt + 8 === text.length && crc16(text.slice(0, crcAt + 4)) === text.slice(crcAt + 4).toUpperCase();
  const payment: EmvPayment = { crcValid, vietqr: false };
  const merchant = top.get('38');
  const m = merchant ? parseTlv(merchant) : undefined;
  if (m?.get('00') === 'A000000727') {
    payment.vietqr = true;
    const beneficiary = parseTlv(m.get('01') ?? '');
    payment.bin = beneficiary?.get('00');
    payment.account = beneficiary?.get('01');
    const service = m.get('02');
    if (service === 'QRIBFTTA') payment.target = 'account';
    if (service === 'QRIBFTTC') payment.target = 'card';
  }
  const amount = top.get('54');
  if (amount && /^\d+(\.\d+)?$/.test(amount)) payment.amount = Number(amount);
  payment.currency = top.get('53');
  payment.name = top.get('59');
  const extra = parseTlv(top.get('62') ?? '');
  payment.message = extra?.get('08');
  return payment;
}

/** Builds a VietQR payload (tests and the bench generate payment QR images with it). */
export function buildVietQr(p: { bin: string; account: string; amount?: number; message?: string; name?: string }): string {
  const f = (id: string, value: string) => `${id}${String(value.length).padStart(2, '0')}${value}`;
  const beneficiary = f('00', p.bin) + f('01', p.account);
  const merchant = f('00', 'A000000727') + f('01', beneficiary) + f('02', 'QRIBFTTA');
  let body = f('00', '01') + f('01', p.amount ? '12' : '11') + f('38', merchant) + f('53', '704');
  if (p.amount) body += f('54', String(p.amount));
  body += f('58', 'VN');
  if (p.name) body += f('59', p.name);
  if (p.message) body += f('62', f('08', p.message));
  body += '6304';
  return body + crc16(body);
}
