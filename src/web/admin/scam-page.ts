import { buildAdvice } from '../../scamcheck/advice.js';
import { kindName } from '../../scamcheck/kind-names.js';
import { ruleData } from '../../scamcheck/rule-data.js';
import { REASON_KINDS, type ReasonKind } from '../../scamcheck/types.js';
import type { NewDangerKind, ScamCheckCount } from '../../store/scam-check-count-repository.js';
import { fmt, html, type Html } from './html.js';

/**
 * The "Kiểm tra lừa đảo" page: counts (never contents) of the citizens' scam checks per xã/phường per
 * ISO week, by verdict and by red-flag kind, and the danger kinds seen for the first time in a commune —
 * each a candidate for an announcement, with a link that opens the compose form pre-filled.
 */
const NO_COMMUNE = '(chưa chọn xã/phường)';

/** "2026-W49" → "Tuần 49/2026". */
export function weekLabel(isoWeek: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(isoWeek);
  return m ? `Tuần ${Number(m[2])}/${m[1]}` : isoWeek;
}

export function isReasonKind(k: string): k is ReasonKind {
  return (REASON_KINDS as readonly string[]).includes(k);
}

/**
 * A warning to send in a commune about one kind of scam, from the rule data the check itself uses
 * (what the sign means, what to do, where to report: the numbers taught in the scam lessons only).
 */
export function scamWarningDraft(kind: ReasonKind, communeName: string | undefined): string {
  const d = ruleData();
  const reason = { kind, detail: '', meaning: d.meanings.get(kind) ?? '', weight: 4 };
  const lines = [
    `⚠️ Cảnh báo lừa đảo${communeName ? ` (${communeName})` : ''}: gần đây có người dân nhận được tin nhắn lừa đảo kiểu “${kindName(kind)}”.`,
    reason.meaning,
    ...buildAdvice('danger', [reason], d),
    'Thấy tin nhắn lạ, bà con gửi cho trợ lý với lời “kiểm tra giúp” để được xem giúp.',
  ];
  return lines.filter(Boolean).join('\n');
}

export interface ScamPageData {
  counts: ScamCheckCount[];
  candidates: NewDangerKind[];
  /** Commune code → name, and the order communes are listed in. */
  communes: { code: string; name: string }[];
}

export function scamChecksBody(d: ScamPageData): Html {
  const order = new Map(d.communes.map((c, i) => [c.code, i]));
  const name = (code: string | undefined) => (code === undefined ? NO_COMMUNE : (d.communes.find((c) => c.code === code)?.name ?? code));
  const byCommuneWeek = (a: { communeCode?: string; isoWeek: string }, b: { communeCode?: string; isoWeek: string }) =>
    b.isoWeek.localeCompare(a.isoWeek) || (order.get(a.communeCode ?? '') ?? 1e9) - (order.get(b.communeCode ?? '') ?? 1e9);

  const verdicts = new Map<string, { communeCode?: string; isoWeek: string; danger: number; suspicious: number; none: number }>();
  const kinds = new Map<string, { communeCode?: string; isoWeek: string; kind: string; count: number; danger: number }>();
  for (const c of d.counts) {
    if (c.measure === 'verdict') {
      const key = `${c.communeCode ?? ''}|${c.isoWeek}`;
      const row = verdicts.get(key) ?? { communeCode: c.communeCode, isoWeek: c.isoWeek, danger: 0, suspicious: 0, none: 0 };
      if (c.value === 'danger') row.danger += c.count;
      else if (c.value === 'suspicious') row.suspicious += c.count;
      else row.none += c.count;
      verdicts.set(key, row);
    } else {
      const key = `${c.communeCode ?? ''}|${c.isoWeek}|${c.value}`;
      const row = kinds.get(key) ?? { communeCode: c.communeCode, isoWeek: c.isoWeek, kind: c.value, count: 0, danger: 0 };
      if (c.measure === 'kind') row.count += c.count;
      else row.danger += c.count;
      kinds.set(key, row);
    }
  }
  const vRows = [...verdicts.values()].sort(byCommuneWeek);
  const kRows = [...kinds.values()].sort((a, b) => byCommuneWeek(a, b) || b.count - a.count || a.kind.localeCompare(b.kind));
  const compose = (c: NewDangerKind) =>
    `/admin/thong-bao?mau=${encodeURIComponent(c.kind)}${c.communeCode ? `&xa=${encodeURIComponent(c.communeCode)}` : ''}`;

  return html`
<p class="note">Chỉ có số lượt kiểm tra: trợ lý không lưu tin nhắn, đường link, số điện thoại hay ảnh người dân gửi, cũng không lưu ai đã hỏi.</p>
<h2>Kiểu lừa đảo nguy hiểm mới xuất hiện</h2>
${d.candidates.length
  ? html`<p>Kiểu lừa đảo được trợ lý đánh giá <strong>Nguy hiểm</strong> lần đầu ở xã/phường trong hai tuần gần đây (trước đó chưa lần nào thấy ở đó). Nên cân nhắc gửi cảnh báo cho bà con.</p>
<div class="scroll"><table id="scam-candidates"><thead><tr><th class="t">Xã/phường</th><th class="t">Kiểu lừa đảo</th><th class="t">Tuần</th><th>Lượt nguy hiểm</th></tr></thead><tbody>
${d.candidates.map((c) => html`<tr><td class="t">${name(c.communeCode)}</td><td class="t">${kindName(c.kind)}<br><a href="${compose(c)}">Soạn thông báo cảnh báo</a></td><td class="t">${weekLabel(c.isoWeek)}</td><td>${fmt(c.count)}</td></tr>`)}
</tbody></table></div>`
  : html`<p id="scam-candidates-none">Chưa có kiểu lừa đảo nguy hiểm nào mới xuất hiện trong hai tuần gần đây.</p>`}
<h2>Số lượt kiểm tra theo kết quả</h2>
${vRows.length
  ? html`<div class="scroll"><table id="scam-verdicts"><thead><tr><th class="t">Xã/phường</th><th class="t">Tuần</th><th>Lượt kiểm tra</th><th>🔴 Nguy hiểm</th><th>🟠 Đáng ngờ</th><th>🟢 Chưa thấy dấu hiệu</th></tr></thead><tbody>
${vRows.map((r) => html`<tr><td class="t">${name(r.communeCode)}</td><td class="t">${weekLabel(r.isoWeek)}</td><td>${fmt(r.danger + r.suspicious + r.none)}</td><td>${fmt(r.danger)}</td><td>${fmt(r.suspicious)}</td><td>${fmt(r.none)}</td></tr>`)}
</tbody></table></div>`
  : html`<p>Chưa có lượt kiểm tra nào trong 8 tuần gần đây.</p>`}
<h2>Số lượt theo dấu hiệu lừa đảo</h2>
${kRows.length
  ? html`<div class="scroll"><table id="scam-kinds"><thead><tr><th class="t">Xã/phường</th><th class="t">Tuần</th><th class="t">Dấu hiệu</th><th>Lượt có dấu hiệu này</th><th>trong đó Nguy hiểm</th></tr></thead><tbody>
${kRows.map((r) => html`<tr><td class="t">${name(r.communeCode)}</td><td class="t">${weekLabel(r.isoWeek)}</td><td class="t">${kindName(r.kind)}</td><td>${fmt(r.count)}</td><td>${fmt(r.danger)}</td></tr>`)}
</tbody></table></div>`
  : html`<p>Chưa có dấu hiệu nào được ghi nhận.</p>`}
<p class="hint">Một lượt kiểm tra có thể có nhiều dấu hiệu. Tuần tính từ thứ Hai (giờ Việt Nam). Người chưa chọn xã/phường chỉ hiện với quản trị viên.</p>`;
}
