import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scamCheckReply, scamTexts } from '../core/texts.js';
import { ScamChecker, type ImageCheck } from '../scamcheck/checker.js';
import { MAX_IMAGE_BYTES } from '../scamcheck/qr-image.js';
import type { CheckResult } from '../scamcheck/types.js';
import { readQuestions } from './ask.js';

const USAGE = `Cách dùng:
  npm run cli -- check "tin nhắn, đường link hoặc số điện thoại"
  npm run cli -- check --json "…"
  npm run cli -- check --json --image anh-ma-qr.jpg
  npm run cli -- check --json --file tin-nhan.txt   (mỗi dòng một tin, hoặc JSONL có trường "text")`;

/** The JSON contract: `{verdict, reasons: [{kind, detail}], lessonIds, qr?}`. */
export function toJson(r: CheckResult): object {
  const out: Record<string, unknown> = {
    verdict: r.verdict,
    reasons: r.reasons.map((x) => ({ kind: x.kind, detail: x.detail })),
    lessonIds: r.lessonIds,
  };
  if (r.qr) {
    const { kind, bank, account, amount, url } = r.qr;
    out.qr = Object.fromEntries(Object.entries({ kind, bank, account, amount, url, message: r.qr.message }).filter(([, v]) => v !== undefined));
  }
  return out;
}

function imageError(check: Extract<ImageCheck, { ok: false }>): string {
  return check.reason === 'too-large' ? scamTexts.imageTooLarge : check.reason === 'not-an-image' ? scamTexts.notAnImage : scamTexts.unreadable;
}

function forPerson(r: CheckResult): string {
  const head = r.qr?.kind === 'payment' ? `${scamTexts.qrPayment(r.qr)}\n${scamTexts.knowReceiver}\n\n` : r.qr?.kind === 'link' && r.qr.url ? `${scamTexts.qrLink(r.qr.url)}\n\n` : '';
  return head + scamCheckReply(r) + (r.lessonIds.length ? `\n📖 Bài nên đọc: ${r.lessonIds.join(', ')}` : '');
}

/** `check`: the scam check of a message, a file of messages or a QR photo. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      file: { type: 'string' },
      image: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.file && !values.image && !positionals.length)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const checker = new ScamChecker();
  if (values.image) {
    const bytes = readFileSync(values.image);
    const check = bytes.byteLength > MAX_IMAGE_BYTES ? ({ ok: false, reason: 'too-large' } as const) : await checker.checkImage(bytes);
    if (!check.ok) {
      if (values.json) process.stdout.write(JSON.stringify({ error: check.reason, message: imageError(check) }) + '\n');
      else console.log(imageError(check));
      return 1;
    }
    process.stdout.write((values.json ? JSON.stringify(toJson(check.result)) : forPerson(check.result)) + '\n');
    return 0;
  }
  const texts = values.file ? readQuestions(values.file) : [positionals.join(' ')];
  for (const text of texts) {
    const r = checker.checkText(text);
    process.stdout.write((values.json ? JSON.stringify(toJson(r)) : forPerson(r) + (texts.length > 1 ? '\n' : '')) + '\n');
  }
  return 0;
}
