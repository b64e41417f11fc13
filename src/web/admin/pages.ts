import type { Broadcast } from '../../broadcast/types.js';
import type { Commune } from '../../learning/communes.js';
import type { CompletionRecord } from '../../learning/types.js';
import type { AuditEntry, Officer } from '../../officers/types.js';
import { percent, type CommuneReport, type TopicRef } from '../../reports/commune-report.js';
import type { QuestionStat } from '../../store/question-stats-repository.js';
import type { OverviewCounts, WeekCount } from '../../store/report-repository.js';
import { vnDate, type ReportTable } from '../../reports/report-table.js';
import { PLAN_SOURCE } from '../../reports/targets.js';
import { barChart, lineChart } from './charts.js';
import { fmt, html, type Html } from './html.js';

const CHANNEL_NAMES: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo', web: 'Trò chuyện trên web', console: 'Cửa sổ lệnh' };

export function overviewBody(o: OverviewCounts, topics: TopicRef[], weeks: string[], fresh: WeekCount[], active: WeekCount[]): Html {
  const byWeek = (list: WeekCount[]) => weeks.map((w) => list.find((x) => x.week === w)?.count ?? 0);
  const labels = weeks.map((w) => `${w.slice(8, 10)}/${w.slice(5, 7)}`);
  const freshV = byWeek(fresh);
  const activeV = byWeek(active);
  return html`
<div class="cards">
  <div class="card"><div class="n">${fmt(o.learners)}</div><div class="l">Người học</div></div>
  <div class="card"><div class="n">${fmt(o.active7)}</div><div class="l">Hoạt động trong 7 ngày</div></div>
  <div class="card"><div class="n">${fmt(o.active30)}</div><div class="l">Hoạt động trong 30 ngày</div></div>
  <div class="card"><div class="n">${fmt(o.completed)}</div><div class="l">Hoàn thành cả ${topics.length} chủ đề (${percent(o.completed, o.learners)}%)</div></div>
</div>
<h2>Người học mới và người học hoạt động mỗi tuần</h2>
${lineChart('Người học mới và hoạt động theo tuần', labels, [
  { name: 'Người học mới', color: '#0b4f8a', values: freshV },
  { name: 'Người học hoạt động', color: '#d97706', values: activeV },
])}
<div class="scroll"><table><thead><tr><th class="t">Tuần bắt đầu</th><th>Người học mới</th><th>Hoạt động</th></tr></thead>
<tbody>${weeks.map((w, i) => html`<tr><td class="t">${vnDate(w + 'T00:00:00+07:00')}</td><td>${freshV[i] ?? 0}</td><td>${activeV[i] ?? 0}</td></tr>`)}</tbody></table></div>
<h2>Đạt từng chủ đề</h2>
<div class="scroll"><table><thead><tr><th class="t">Chủ đề</th><th>Số người đạt</th><th>Tỷ lệ %</th></tr></thead><tbody>
${topics.map((t) => {
  const n = o.passedByTopic.get(t.id) ?? 0;
  return html`<tr><td class="t">${t.title}</td><td>${fmt(n)}</td><td>${percent(n, o.learners)}</td></tr>`;
})}
</tbody></table></div>
<h2>Theo kênh</h2>
<div class="scroll"><table><thead><tr><th class="t">Kênh</th><th>Người học</th></tr></thead><tbody>
${[...o.byChannel].map(([c, n]) => html`<tr><td class="t">${CHANNEL_NAMES[c] ?? c}</td><td>${fmt(n)}</td></tr>`)}
</tbody></table></div>`;
}

/** Columns the commune table can be sorted by (query `sap=`). */
export const SORT_KEYS = ['ten', 'hoc', 'xong', 'phu', 'gan'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export function communesBody(r: CommuneReport, table: ReportTable, o: { sort?: SortKey; desc: boolean; csrf: string; admin: boolean; sample: boolean }): Html {
  const sortLink = (key: SortKey, label: string) => {
    const desc = o.sort === key ? !o.desc : key !== 'ten';
    const mark = o.sort === key ? (o.desc ? ' ▼' : ' ▲') : '';
    return html`<a href="/admin/xa-phuong?sap=${key}&amp;chieu=${desc ? 'giam' : 'tang'}">${label}${mark}</a>`;
  };
  const cols = table.columns;
  const headerGroup: Html[] = [];
  for (let i = 0; i < cols.length; ) {
    const c = cols[i]!;
    let span = 1;
    while (c.label && cols[i + span]?.group === c.group) span++;
    const label = i === 2 ? sortLink('ten', c.group) : i === 3 ? sortLink('hoc', c.group) : c.group.startsWith('Hoàn thành cả') ? sortLink('xong', c.group) : c.group.startsWith('Hoàn thành /') ? sortLink('phu', c.group) : c.group === 'Hoạt động gần nhất' ? sortLink('gan', c.group) : html`${c.group}`;
    headerGroup.push(html`<th${span > 1 ? html` colspan="${span}"` : html` rowspan="2"`} class="${c.kind === 'text' ? 't' : ''}" scope="col">${label}</th>`);
    i += span;
  }
  const sub = cols.filter((c) => c.label).map((c) => html`<th scope="col">${c.label}</th>`);
  const cell = (v: string | number | null, k: number) => html`<td class="${cols[k]?.kind === 'text' ? 't' : ''}">${v === null ? '—' : typeof v === 'number' ? (cols[k]?.kind === 'pct' ? v.toFixed(1) : fmt(v)) : v}</td>`;
  return html`
${o.sample ? html`<p class="note">Danh sách xã/phường đang là danh sách MẪU (content/communes.yaml). Tỉnh thay bằng danh sách của mình trước khi dùng số liệu.</p>` : ''}
<div class="actions">
  <a class="button" href="/admin/xa-phuong.csv" download>Tải CSV</a>
  <a class="button" href="/admin/xa-phuong.xlsx" download>Tải Excel (XLSX)</a>
</div>
<h2>Tỷ lệ hoàn thành cả ${r.topics.length} chủ đề theo xã/phường</h2>
${barChart('Tỷ lệ người học hoàn thành theo xã/phường (%)', r.rows.map((x) => ({ label: x.name, value: percent(x.completed, x.learners) })))}
<h2>Bảng số liệu</h2>
<div class="scroll"><table id="communes"><thead><tr>${headerGroup}</tr><tr>${sub}</tr></thead>
<tbody>${table.body.map((row) => html`<tr>${row.map(cell)}</tr>`)}</tbody>
<tfoot><tr class="total">${table.total.map((v, k) => (k === 2 ? html`<td class="t">Tổng cộng</td>` : cell(v, k)))}</tr></tfoot></table></div>
<footer class="src">
<p>“Đạt chủ đề”: đạt bài kiểm tra cả chủ đề (từ 80% trở lên). “Hoàn thành”: đạt cả ${r.topics.length} chủ đề và có mã hoàn thành.</p>
<p>Chỉ tiêu: ${PLAN_SOURCE} — năm 2025 phấn đấu 80%, năm 2026 phấn đấu 100% người dân trong độ tuổi trưởng thành có tri thức cơ bản về chuyển đổi số, có kỹ năng số. Số người hoàn thành trên trợ lý chỉ là một phần của chỉ tiêu này, không phải số được xác nhận trên VNeID.</p>
<p>Dân số trưởng thành: số liệu do quản trị viên nhập${o.admin ? '' : ' (chỉ quản trị viên nhập được)'}.</p>
</footer>
${o.admin
  ? html`<h2>Nhập dân số trưởng thành</h2>
<form method="post" action="/admin/xa-phuong/dan-so">
<input type="hidden" name="_csrf" value="${o.csrf}">
<p class="hint">Mỗi dòng: mã xã/phường, số người trưởng thành. Ví dụ: <code>xamau1,5200</code>. Dòng tiêu đề (nếu có) được bỏ qua.</p>
<label for="population-file">Chọn tệp CSV (hoặc dán vào ô dưới)</label>
<input type="file" id="population-file" accept=".csv,text/csv">
<label for="population-csv">Nội dung CSV</label>
<textarea id="population-csv" name="csv" required></textarea>
<div class="actions"><button type="submit">Nhập số liệu</button></div>
</form>`
  : ''}`;
}

const OUTCOME_NAMES: Record<string, string> = { answered: 'Đã trả lời', unanswered: 'Chưa trả lời được', decline: 'Từ chối / ngoài phạm vi', clarify: 'Cần hỏi rõ hơn' };

export function questionsBody(week: string, weeks: string[], stats: QuestionStat[], csrf: string): Html {
  const unanswered = stats.filter((s) => s.outcome !== 'answered');
  const row = (s: QuestionStat, action: boolean) =>
    html`<tr><td class="t">${s.shown}</td><td>${s.count}</td><td class="t">${OUTCOME_NAMES[s.outcome] ?? s.outcome}</td>${action
      ? html`<td>${s.handledAt
          ? html`Đã xử lý ${vnDate(s.handledAt)}`
          : html`<form class="inline" method="post" action="/admin/cau-hoi/da-xu-ly"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="week" value="${s.week}"><input type="hidden" name="outcome" value="${s.outcome}"><input type="hidden" name="question" value="${s.question}"><button type="submit" class="secondary">Đánh dấu đã xử lý</button></form>`}</td>`
      : ''}</tr>`;
  return html`
<form method="get" action="/admin/cau-hoi"><label for="tuan">Tuần</label>
<select id="tuan" name="tuan">${weeks.map((w) => html`<option value="${w}"${w === week ? html` selected` : ''}>Tuần từ ${vnDate(w + 'T00:00:00+07:00')}</option>`)}</select>
<div class="actions"><button type="submit" class="secondary">Xem</button></div></form>
<p class="hint">Câu hỏi được gộp theo nội dung (không phân biệt dấu, hoa thường), đã che số điện thoại, mã số, đường link. Không lưu ai đã hỏi.</p>
<h2>Câu trợ lý chưa trả lời được</h2>
${unanswered.length
  ? html`<div class="scroll"><table><thead><tr><th class="t">Câu hỏi</th><th>Số lần</th><th class="t">Kết quả</th><th>Xử lý</th></tr></thead><tbody>${unanswered.map((s) => row(s, true))}</tbody></table></div>`
  : html`<p>Tuần này chưa có.</p>`}
<h2>Câu được hỏi nhiều nhất</h2>
${stats.length
  ? html`<div class="scroll"><table><thead><tr><th class="t">Câu hỏi</th><th>Số lần</th><th class="t">Kết quả</th></tr></thead><tbody>${stats.slice(0, 30).map((s) => row(s, false))}</tbody></table></div>`
  : html`<p>Tuần này chưa có câu hỏi nào.</p>`}`;
}

export type VerifyOutcome =
  | { kind: 'none' }
  | { kind: 'shape' }
  | { kind: 'mistyped' }
  | { kind: 'unknown'; code: string }
  | { kind: 'valid'; record: CompletionRecord; visible: boolean };

export function verifyBody(input: string, r: VerifyOutcome, csrf: string): Html {
  let result: Html | string = '';
  switch (r.kind) {
    case 'shape':
      result = html`<p class="bad" role="status">“${input}” không phải mã hoàn thành. Mã có dạng HVS-XXXX-XXXX-XXX.</p>`;
      break;
    case 'mistyped':
      result = html`<p class="bad" role="status">Mã “${input}” bị gõ sai (ký tự kiểm tra không khớp). Nhờ người học đọc lại từng ký tự.</p>`;
      break;
    case 'unknown':
      result = html`<p class="bad" role="status">Mã ${r.code} đúng dạng nhưng KHÔNG có trong hệ thống.</p>`;
      break;
    case 'valid':
      result = html`<p class="ok" role="status">Mã ${r.record.code} HỢP LỆ, cấp ngày ${vnDate(r.record.issuedAt)}${r.visible
        ? html` cho ${[r.record.displayName, r.record.communeName].filter(Boolean).join(' — ') || '(người học không để tên)'}`
        : ' (người học thuộc xã/phường khác)'}.</p>`;
      break;
  }
  return html`<form method="post" action="/admin/ma-hoan-thanh">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="ma">Mã hoàn thành của người học</label>
<input type="text" id="ma" name="ma" value="${input}" autocomplete="off" autocapitalize="characters" placeholder="HVS-XXXX-XXXX-XXX" required>
<div class="actions"><button type="submit">Kiểm tra</button></div></form>${result}`;
}

export function auditBody(entries: AuditEntry[]): Html {
  return html`<div class="scroll"><table><thead><tr><th class="t">Thời gian</th><th class="t">Ai</th><th class="t">Việc</th><th class="t">Chi tiết</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td class="t">${new Date(Date.parse(e.at) + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}</td><td class="t">${e.actor}</td><td class="t">${e.action}</td><td class="t"><code>${JSON.stringify(e.detail)}</code></td></tr>`)}
</tbody></table></div>`;
}

const STATE_NAMES: Record<string, string> = { sending: 'Đang gửi', paused: 'Tạm dừng', cancelled: 'Đã huỷ', done: 'Đã xong' };

export interface ComposeValues {
  text: string;
  communes: string[];
  channel: string;
  topic: string;
  inactiveDays: string;
  completed: string;
  at: string;
}

export function announcementsBody(o: {
  officer: Officer;
  communes: Commune[];
  topics: TopicRef[];
  channels: readonly string[];
  values: ComposeValues;
  preview?: { text: string; recipients: number };
  message?: Html;
  history: Broadcast[];
  csrf: string;
}): Html {
  const v = o.values;
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  const control = (b: Broadcast, action: string, label: string, cls = 'secondary', confirm?: string) =>
    html`<form class="inline" method="post" action="/admin/thong-bao/${b.id}/${action}"${confirm ? html` data-confirm="${confirm}"` : ''}>${hidden('_csrf', o.csrf)}<button type="submit" class="${cls}">${label}</button></form>`;
  return html`${o.message ?? ''}
<form method="post" action="/admin/thong-bao/xem-truoc" id="compose">
${hidden('_csrf', o.csrf)}
<label for="text">Nội dung thông báo</label>
<textarea id="text" name="text" maxlength="1500" required>${v.text}</textarea>
<p class="hint">Tối đa 1.500 ký tự. Cuối tin, hệ thống tự thêm cách tắt nhận thông báo. Chỉ người đã bật nhận thông báo mới nhận được. Trên Zalo, chỉ người đã từng nhắn cho trợ lý mới nhận được.</p>
<fieldset class="checks"><legend>Xã/phường (không chọn: ${o.officer.role === 'admin' ? 'cả tỉnh' : 'tất cả xã/phường của anh/chị'})</legend>
${o.communes.map((c) => html`<label class="check"><input type="checkbox" name="communes" value="${c.code}"${v.communes.includes(c.code) ? html` checked` : ''}> ${c.name}</label>`)}</fieldset>
<label for="channel">Kênh</label>
<select id="channel" name="channel"><option value="">Tất cả các kênh</option>${o.channels.map((c) => html`<option value="${c}"${v.channel === c ? html` selected` : ''}>${CHANNEL_NAMES[c] ?? c}</option>`)}</select>
<label for="topic">Chỉ người chưa đạt chủ đề</label>
<select id="topic" name="topic"><option value="">(không lọc)</option>${o.topics.map((t) => html`<option value="${t.id}"${v.topic === t.id ? html` selected` : ''}>${t.title}</option>`)}</select>
<label for="inactive">Chỉ người không hoạt động từ … ngày trở lên</label>
<input type="number" id="inactive" name="inactiveDays" min="1" max="365" value="${v.inactiveDays}">
<label for="completed">Theo kết quả học</label>
<select id="completed" name="completed"><option value="">(không lọc)</option><option value="yes"${v.completed === 'yes' ? html` selected` : ''}>Đã hoàn thành cả chương trình</option><option value="no"${v.completed === 'no' ? html` selected` : ''}>Chưa hoàn thành</option></select>
<label for="at">Gửi lúc (giờ Việt Nam; để trống: gửi ngay)</label>
<input type="datetime-local" id="at" name="at" value="${v.at}">
<p class="hint">Không gửi trong giờ yên tĩnh (21:00–07:00): tin chờ đến sáng.</p>
<div class="actions"><button type="submit" class="secondary">Xem trước và đếm người nhận</button></div>
</form>
${o.preview
  ? html`<h2>Xem trước</h2>
<p id="audience-size"><strong>${fmt(o.preview.recipients)}</strong> người sẽ nhận.</p>
<div class="preview" id="preview-text">${o.preview.text}</div>
<form method="post" action="/admin/thong-bao/gui">
${hidden('_csrf', o.csrf)}${hidden('text', v.text)}${v.communes.map((c) => hidden('communes', c))}${hidden('channel', v.channel)}${hidden('topic', v.topic)}${hidden('inactiveDays', v.inactiveDays)}${hidden('completed', v.completed)}${hidden('at', v.at)}
<div class="actions"><button type="submit">Gửi cho ${fmt(o.preview.recipients)} người</button></div></form>`
  : ''}
<h2>Lịch sử</h2>
${o.history.length
  ? html`<div class="scroll"><table id="history"><thead><tr><th>Số</th><th class="t">Nội dung</th><th class="t">Trạng thái</th><th>Chờ gửi</th><th>Đã gửi</th><th>Lỗi</th><th>Bị chặn</th><th>Không rõ</th><th class="t">Thao tác</th></tr></thead><tbody>
${o.history.map((b) => html`<tr><td>${b.id}</td><td class="t">${b.text.split('\n')[0]?.slice(0, 80)}</td><td class="t">${STATE_NAMES[b.state] ?? b.state}${b.notBefore > new Date().toISOString() ? html`<br><small>hẹn ${vnDate(b.notBefore)}</small>` : ''}</td>
<td>${b.counts.queued + b.counts.sending}</td><td>${b.counts.sent}</td><td>${b.counts.failed}</td><td>${b.counts.blocked}</td><td>${b.counts['in-doubt']}</td>
<td class="t">${b.state === 'sending' ? control(b, 'tam-dung', 'Tạm dừng') : ''}${b.state === 'paused' ? control(b, 'tiep-tuc', 'Tiếp tục') : ''}${b.state === 'sending' || b.state === 'paused' ? control(b, 'huy', 'Huỷ', 'danger', 'Huỷ thông báo này? Người chưa nhận sẽ không nhận nữa.') : ''}${b.counts['in-doubt'] > 0 && b.state !== 'cancelled' ? control(b, 'gui-lai', 'Gửi lại tin không rõ') : ''}</td></tr>`)}
</tbody></table></div>
<p class="hint">“Không rõ”: tin đang gửi đúng lúc máy chủ dừng đột ngột — có thể người đó đã nhận. Gửi lại thì có thể họ nhận hai lần.</p>`
  : html`<p>Chưa có thông báo nào.</p>`}`;
}
