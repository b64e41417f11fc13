/**
 * The contract of the scam check ("Kiểm tra giúp tôi"): what a check returns. Printed as JSON by
 * `npm run cli -- check --json`, rendered in Vietnamese by the conversation.
 */

/** Never "safe": the check can only say it found no sign. */
export type Verdict = 'danger' | 'suspicious' | 'no-signs';

/** The red-flag kinds that label the scam messages of the bench data sets (bench/data/scam-messages.*). */
export const LABEL_KINDS = [
  'otp-request',
  'credential-request',
  'money-request',
  'link-lookalike',
  'link-shortener',
  'link-apk',
  'link-ip',
  'authority-impersonation',
  'urgency-threat',
  'prize-benefit',
  'task-job',
  'loan',
  'overseas-job',
  'refund-order',
  'biometric-update',
  'phone-suspicious',
  'family-emergency',
] as const;

/** Kinds of reasons: the labelled kinds, and signs that only the checker reports. */
export const REASON_KINDS = [
  ...LABEL_KINDS,
  'contact-elsewhere',
  'link-risky-tld',
  'link-unknown',
  'resembles-scam',
  'qr-payment',
  'qr-invalid',
] as const;

export type ReasonKind = (typeof REASON_KINDS)[number];

/** One sign found: its kind, what exactly was seen, what it means, how much it weighs (verdict.ts). */
export interface Reason {
  kind: ReasonKind;
  /** What was found, in plain Vietnamese ("đường link vietcombank-vn.top giả tên miền của vietcombank"). */
  detail: string;
  /** What the sign means for the person (from the rule data). */
  meaning: string;
  weight: number;
}

/** What a QR photo held. */
export interface QrInfo {
  kind: 'payment' | 'link' | 'text';
  /** Payment: the bank's name (from its BIN), or "mã ngân hàng <BIN>" when not in the list. */
  bank?: string;
  bin?: string;
  account?: string;
  /** Payment: amount in đồng, when the QR fixes one. */
  amount?: number;
  /** Payment: the transfer message written in the QR. */
  message?: string;
  /** Payment: the receiver's name, when the QR carries one. */
  name?: string;
  /** Payment: the EMVCo checksum matched. */
  crcValid?: boolean;
  url?: string;
  text?: string;
}

export interface CheckResult {
  verdict: Verdict;
  reasons: Reason[];
  /** Lessons to read, best first. */
  lessonIds: string[];
  /** What to do now: short imperative lines. */
  advice: string[];
  qr?: QrInfo;
  /** Score the verdict came from (sum of weights, see verdict.ts). */
  score: number;
}
