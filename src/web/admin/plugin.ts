import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileURLToPath } from 'node:url';
import type { TopicId } from '../../content/schema.js';
import type { ChannelId } from '../../core/types.js';
import type { Commune } from '../../learning/communes.js';
import type { CompletionService } from '../../learning/completion-service.js';
import { inspectCompletionCode } from '../../learning/completion-code.js';
import type { Logger } from '../../lib/logger.js';
import type { OfficerService } from '../../officers/officer-service.js';
import { SignInLinks } from '../../officers/sign-in-links.js';
import { actorOf, type Officer } from '../../officers/types.js';
import { buildCommuneReport, type TopicRef } from '../../reports/commune-report.js';
import { weekOf } from '../../reports/question-log.js';
import { reportCsv } from '../../reports/report-csv.js';
import { reportTable } from '../../reports/report-table.js';
import { reportXlsx } from '../../reports/report-xlsx.js';
import { PLAN_SOURCE } from '../../reports/targets.js';
import type { AdminSessionRepository } from '../../store/admin-session-repository.js';
import type { AuditRepository } from '../../store/audit-repository.js';
import type { PopulationRepository } from '../../store/population-repository.js';
import type { QuestionStatsRepository } from '../../store/question-stats-repository.js';
import type { ReportRepository, ReportScope } from '../../store/report-repository.js';
import { isoWeekBefore, type ScamCheckCountRepository } from '../../store/scam-check-count-repository.js';
import type { AnnouncementDesk, Draft } from './announcement-desk.js';
import { draftFrom, emptyCompose, normalizeValues, type ComposeValuesInput } from './announcements-form.js';
import { html, type Html } from './html.js';
import { messagePage, page } from './layout.js';
import { parsePopulationCsv } from './population-csv.js';
import { announcementsBody, auditBody, communesBody, overviewBody, questionsBody, SORT_KEYS, verifyBody, type SortKey, type VerifyOutcome } from './pages.js';
import { isReasonKind, scamChecksBody, scamWarningDraft } from './scam-page.js';
import { SqliteSessionStore } from './session-store.js';
import { sortRows } from './sort.js';

declare module 'fastify' {
  interface Session {
    officer?: { channel: ChannelId; platformUserId: string };
    /** Milliseconds since the epoch of the last request (idle expiry). */
    lastSeen?: number;
    _csrf?: string;
  }
  interface FastifyRequest {
    officer?: Officer;
  }
}

export interface AdminDeps {
  officers: OfficerService;
  signInLinks: SignInLinks;
  audit: AuditRepository;
  reports: ReportRepository;
  population: PopulationRepository;
  questions: QuestionStatsRepository;
  /** Counts of the citizens' scam checks (the "Kiểm tra lừa đảo" page). */
  scamCounts: ScamCheckCountRepository;
  sessions: AdminSessionRepository;
  completions: CompletionService;
  announcements: AnnouncementDesk;
  communes: { communes: Commune[]; sample: boolean };
  topics: TopicRef[];
  /** Signs the session cookie (≥ 32 characters; kept in the database). */
  sessionSecret: string;
  /** Secure cookies (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** A session unused this long is over (default 8 h). */
  idleMs?: number;
  logger: Logger;
  now?: () => Date;
}

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const COOKIE = 'bdhvs_admin';
const WEEKS_SHOWN = 12;

type Req = FastifyRequest;
type Body = Record<string, string | string[] | undefined>;

function sendPage(reply: FastifyReply, body: Html, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    .send(body.value);
}

const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/**
 * The officers' dashboard under `/admin`, in its own fastify context (cookies, sessions, CSRF and form
 * bodies apply only here, not to the webhooks or the web chat). Sign-in is by a one-time link the bot
 * sends after /dangnhap; every page then checks the session, the officer's current role (a revoked
 * officer is out at the next click) and, for officers, their communes.
 */
export function registerAdmin(app: FastifyInstance, deps: AdminDeps): void {
  const now = deps.now ?? (() => new Date());
  const idleMs = deps.idleMs ?? 8 * 3_600_000;
  const communeName = new Map(deps.communes.communes.map((c) => [c.code, c.name]));

  void app.register(async (admin) => {
    await admin.register(fastifyFormbody);
    await admin.register(fastifyCookie);
    await admin.register(fastifySession, {
      secret: deps.sessionSecret,
      cookieName: COOKIE,
      saveUninitialized: false,
      rolling: true,
      store: new SqliteSessionStore(deps.sessions, idleMs, now),
      cookie: { path: '/admin', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies, maxAge: idleMs },
    });
    await admin.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
    await admin.register(fastifyStatic, { root: STATIC_DIR, prefix: '/admin/static/', decorateReply: false, cacheControl: true, maxAge: 3_600_000 });

    admin.setErrorHandler((err: FastifyError, req, reply) => {
      const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
      if (status >= 500) deps.logger.error('dashboard request failed', { err, path: req.routeOptions.url });
      const csrf = err.code?.startsWith('FST_CSRF');
      if (csrf) deps.logger.warn('dashboard form refused: CSRF token missing or wrong', { path: req.routeOptions.url });
      const lines = csrf
        ? ['Biểu mẫu đã cũ hoặc không hợp lệ. Anh/chị tải lại trang rồi thử lại.']
        : status >= 500
          ? ['Có trục trặc. Anh/chị thử lại sau ít phút.']
          : ['Yêu cầu không hợp lệ.'];
      return sendPage(reply, messagePage('Không thực hiện được', lines), status);
    });

    const signedOut = (reply: FastifyReply, expired: boolean) =>
      sendPage(
        reply,
        messagePage(expired ? 'Phiên đăng nhập đã hết hạn' : 'Cần đăng nhập', [
          expired ? 'Phiên làm việc đã hết hạn vì lâu không dùng.' : 'Trang này chỉ dành cho cán bộ.',
          'Để đăng nhập, gửi /dangnhap cho trợ lý (Telegram, Zalo hoặc trò chuyện trên web) bằng tài khoản đã được cấp quyền cán bộ, rồi mở đường link trợ lý gửi lại.',
        ]),
        401,
      );

    /** Every page but sign-in: a live session of someone who is still an officer. */
    const requireOfficer = async (req: Req, reply: FastifyReply) => {
      const s = req.session;
      const t = now().getTime();
      if (!s.officer) return signedOut(reply, false);
      if (!s.lastSeen || t - s.lastSeen > idleMs) {
        await s.destroy();
        return signedOut(reply, true);
      }
      const officer = deps.officers.find(s.officer.channel, s.officer.platformUserId);
      if (!officer) {
        await s.destroy();
        return signedOut(reply, false);
      }
      s.lastSeen = t;
      req.officer = officer;
    };
    const requireAdmin = async (req: Req, reply: FastifyReply) => {
      if (req.officer?.role !== 'admin') {
        deps.officers.denied(req.officer!.channel, req.officer!.platformUserId, `dashboard ${req.routeOptions.url}`);
        return sendPage(reply, messagePage('Không có quyền', ['Trang này chỉ dành cho quản trị viên.'], req.officer, reply.generateCsrf()), 403);
      }
    };
    const guard = { preHandler: requireOfficer };
    const guardPost = { preHandler: [admin.csrfProtection, requireOfficer] };

    const scopeOf = (o: Officer): ReportScope => (o.role === 'admin' ? undefined : o.communes);
    const whereOf = (o: Officer) => (o.role === 'admin' ? undefined : o.communes.map((c) => communeName.get(c) ?? c).join(', '));
    const view = (req: Req, reply: FastifyReply, title: string, active: string, body: (csrf: string) => Html, status = 200) => {
      const csrf = reply.generateCsrf();
      return sendPage(reply, page({ title, officer: req.officer, where: whereOf(req.officer!), csrf, active, body: body(csrf) }), status);
    };

    // — Sign-in —
    admin.get<{ Params: { token: string } }>('/admin/dangnhap/:token', async (req, reply) => {
      // A page with a button, not the sign-in itself: chat apps open links to preview them, and that must not use the link up.
      // Something that cannot be a token gets no form (and no session row).
      if (!SignInLinks.looksLikeToken(req.params.token)) {
        return sendPage(reply, messagePage('Không đăng nhập được', ['Đường link không đúng.', 'Gửi /dangnhap cho trợ lý để nhận đường link mới.']), 400);
      }
      const csrf = reply.generateCsrf();
      return sendPage(
        reply,
        page({
          title: 'Đăng nhập trang quản lý',
          body: html`<p>Bấm nút dưới đây để vào trang quản lý. Đường link chỉ dùng được một lần.</p>
<form method="post" action="/admin/dangnhap/${req.params.token}"><input type="hidden" name="_csrf" value="${csrf}"><div class="actions"><button type="submit">Đăng nhập</button></div></form>`,
        }),
      );
    });
    admin.post<{ Params: { token: string } }>('/admin/dangnhap/:token', { preHandler: admin.csrfProtection }, async (req, reply) => {
      const result = deps.signInLinks.consume(req.params.token);
      if (result.kind !== 'ok') {
        const why = {
          invalid: 'Đường link không đúng.',
          expired: 'Đường link đã hết hạn (chỉ dùng được trong 10 phút).',
          used: 'Đường link này đã được dùng rồi.',
          revoked: 'Tài khoản này không còn quyền cán bộ.',
        }[result.kind];
        deps.logger.warn('dashboard sign-in refused', { reason: result.kind });
        return sendPage(reply, messagePage('Không đăng nhập được', [why, 'Gửi /dangnhap cho trợ lý để nhận đường link mới.']), 400);
      }
      deps.sessions.prune(now());
      await req.session.regenerate();
      req.session.officer = { channel: result.officer.channel, platformUserId: result.officer.platformUserId };
      req.session.lastSeen = now().getTime();
      return reply.code(303).header('location', '/admin').send();
    });
    admin.post('/admin/dangxuat', { preHandler: admin.csrfProtection }, async (req, reply) => {
      await req.session.destroy();
      return sendPage(reply, messagePage('Đã đăng xuất', ['Hẹn gặp lại. Gửi /dangnhap cho trợ lý khi cần vào lại.']));
    });

    // — Overview —
    admin.get('/admin', guard, async (req, reply) => {
      const o = req.officer!;
      const t = now();
      const monday = weekOf(t);
      const weeks: string[] = [];
      for (let i = WEEKS_SHOWN - 1; i >= 0; i--) weeks.push(new Date(Date.parse(monday) - i * 7 * 86_400_000).toISOString().slice(0, 10));
      const first = weeks[0]!;
      const scope = scopeOf(o);
      const body = overviewBody(
        deps.reports.overview(scope, t),
        deps.topics,
        weeks,
        deps.reports.newPerWeek(scope, new Date(`${first}T00:00:00+07:00`)),
        deps.reports.activePerWeek(scope, first),
      );
      return view(req, reply, 'Tổng quan', '/admin', () => body);
    });

    // — Communes and exports —
    const report = (o: Officer) => {
      const r = buildCommuneReport(deps.reports, { communes: deps.communes.communes, topics: deps.topics, scope: scopeOf(o), population: deps.population.all(), now: now() });
      return { r, table: reportTable(r, [`Chỉ tiêu theo ${PLAN_SOURCE}.`, 'Hoàn thành = đạt bài kiểm tra cả 5 chủ đề trên trợ lý; không phải số được xác nhận trên VNeID.']) };
    };
    admin.get<{ Querystring: { sap?: string; chieu?: string } }>('/admin/xa-phuong', guard, async (req, reply) => {
      const o = req.officer!;
      const { r, table } = report(o);
      // Without a choice, the units stay in the province's order (content/communes.yaml).
      const sort = (SORT_KEYS as readonly string[]).includes(req.query.sap ?? '') ? (req.query.sap as SortKey) : undefined;
      const desc = req.query.chieu === 'giam';
      const sorted = sort ? sortRows(r, sort, desc) : r;
      const sortedTable = reportTable(sorted, table.notes);
      return view(req, reply, 'Xã/phường', '/admin/xa-phuong', (csrf) =>
        communesBody(sorted, sortedTable, { sort, desc, csrf, admin: o.role === 'admin', sample: deps.communes.sample }),
      );
    });
    const exportName = (ext: string) => `bao-cao-xa-phuong-${now().toISOString().slice(0, 10)}.${ext}`;
    admin.get('/admin/xa-phuong.csv', guard, async (req, reply) => {
      const { table } = report(req.officer!);
      deps.audit.record(actorOf(req.officer!), 'report.export', { format: 'csv', via: 'dashboard', units: table.body.length }, now());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${exportName('csv')}"`)
        .header('cache-control', 'no-store')
        .send(reportCsv(table));
    });
    admin.get('/admin/xa-phuong.xlsx', guard, async (req, reply) => {
      const { table } = report(req.officer!);
      deps.audit.record(actorOf(req.officer!), 'report.export', { format: 'xlsx', via: 'dashboard', units: table.body.length }, now());
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${exportName('xlsx')}"`)
        .header('cache-control', 'no-store')
        .send(await reportXlsx(table));
    });
    admin.post<{ Body: Body }>('/admin/xa-phuong/dan-so', { preHandler: [admin.csrfProtection, requireOfficer, requireAdmin] }, async (req, reply) => {
      const parsed = parsePopulationCsv(str(req.body?.csv), new Set(communeName.keys()));
      if (parsed.errors.length) {
        return view(req, reply, 'Nhập dân số trưởng thành', '/admin/xa-phuong', () => html`<div class="bad"><p>Chưa nhập gì vì có dòng sai:</p><ul>${parsed.errors.slice(0, 20).map((e) => html`<li>${e}</li>`)}</ul></div><p><a href="/admin/xa-phuong">Quay lại</a></p>`, 400);
      }
      deps.population.import(parsed.rows, actorOf(req.officer!), now());
      deps.audit.record(actorOf(req.officer!), 'population.import', { units: parsed.rows.length }, now());
      return reply.code(303).header('location', '/admin/xa-phuong').send();
    });

    // — Questions —
    admin.get<{ Querystring: { tuan?: string } }>('/admin/cau-hoi', guard, async (req, reply) => {
      const current = weekOf(now());
      const weeks = Array.from({ length: 8 }, (_, i) => new Date(Date.parse(current) - i * 7 * 86_400_000).toISOString().slice(0, 10));
      const week = weeks.includes(req.query.tuan ?? '') ? req.query.tuan! : current;
      return view(req, reply, 'Câu hỏi của người dân', '/admin/cau-hoi', (csrf) => questionsBody(week, weeks, deps.questions.week(week), csrf));
    });
    admin.post<{ Body: Body }>('/admin/cau-hoi/da-xu-ly', guardPost, async (req, reply) => {
      const b = req.body ?? {};
      deps.questions.markHandled(str(b.week), str(b.outcome), str(b.question), actorOf(req.officer!), now());
      return reply.code(303).header('location', `/admin/cau-hoi?tuan=${encodeURIComponent(str(b.week))}`).send();
    });

    // — Announcements —
    const announcementsView = (req: Req, reply: FastifyReply, values = emptyCompose(), extra: { preview?: { text: string; recipients: number }; message?: Html } = {}, status = 200) => {
      const o = req.officer!;
      const communes = o.role === 'admin' ? deps.communes.communes : deps.communes.communes.filter((c) => o.communes.includes(c.code));
      return view(req, reply, 'Thông báo', '/admin/thong-bao', (csrf) =>
        announcementsBody({ officer: o, communes, topics: deps.topics, channels: deps.announcements.channels, values, history: deps.announcements.history(o), csrf, ...extra }),
        status,
      );
    };
    // `?mau=<kind>&xa=<code>` (from the scam-check page) opens the form with a warning about that kind of scam for that commune.
    admin.get<{ Querystring: { mau?: string; xa?: string } }>('/admin/thong-bao', guard, async (req, reply) => {
      const o = req.officer!;
      const kind = req.query.mau ?? '';
      if (!isReasonKind(kind)) return announcementsView(req, reply);
      const code = req.query.xa ?? '';
      const allowed = communeName.has(code) && (o.role === 'admin' || o.communes.includes(code));
      return announcementsView(req, reply, { ...emptyCompose(), text: scamWarningDraft(kind, allowed ? communeName.get(code) : undefined), communes: allowed ? [code] : [] });
    });
    const withDraft = (req: FastifyRequest<{ Body: Body }>, reply: FastifyReply, act: (values: ComposeValuesInput, draft: Draft) => Promise<FastifyReply> | FastifyReply) => {
      const values = { ...emptyCompose(), ...(req.body ?? {}) } as ComposeValuesInput;
      const draft = draftFrom(values, deps.topics.map((t) => t.id as TopicId), deps.announcements.channels);
      if (typeof draft === 'string') return announcementsView(req, reply, normalizeValues(values), { message: html`<p class="bad">${draft}</p>` }, 400);
      try {
        return act(values, draft);
      } catch (err) {
        return announcementsView(req, reply, normalizeValues(values), { message: html`<p class="bad">${(err as Error).message}</p>` }, 400);
      }
    };
    admin.post<{ Body: Body }>('/admin/thong-bao/xem-truoc', guardPost, async (req, reply) =>
      withDraft(req, reply, (values, draft) => {
        const p = deps.announcements.preview(req.officer!, draft);
        return announcementsView(req, reply, normalizeValues(values), { preview: { text: p.text, recipients: p.recipients } });
      }),
    );
    admin.post<{ Body: Body }>('/admin/thong-bao/gui', guardPost, async (req, reply) =>
      withDraft(req, reply, (_values, draft) => {
        const created = deps.announcements.create(req.officer!, draft);
        return announcementsView(req, reply, emptyCompose(), { message: html`<p class="ok" role="status">Đã xếp hàng thông báo số ${created.id} cho ${created.recipients} người.</p>` });
      }),
    );
    const actions = { 'tam-dung': 'pause', 'tiep-tuc': 'resume', huy: 'cancel', 'gui-lai': 'resendInDoubt' } as const;
    admin.post<{ Params: { id: string; action: string } }>('/admin/thong-bao/:id/:action', guardPost, async (req, reply) => {
      const method = actions[req.params.action as keyof typeof actions];
      const id = Number(req.params.id);
      if (!method || !Number.isInteger(id)) return announcementsView(req, reply, emptyCompose(), { message: html`<p class="bad">Thao tác không hợp lệ.</p>` }, 400);
      try {
        deps.announcements[method](req.officer!, id);
      } catch (err) {
        return announcementsView(req, reply, emptyCompose(), { message: html`<p class="bad">${(err as Error).message}</p>` }, 400);
      }
      return reply.code(303).header('location', '/admin/thong-bao').send();
    });

    // — Scam checks (counts only) —
    admin.get('/admin/lua-dao', guard, async (req, reply) => {
      const o = req.officer!;
      const t = now();
      const mine = (code: string | undefined) => o.role === 'admin' || (code !== undefined && o.communes.includes(code));
      const counts = deps.scamCounts.list(isoWeekBefore(t, 7)).filter((c) => mine(c.communeCode));
      // "Resembles known scams" is not a kind of scam to warn a commune about: never an announcement candidate.
      const candidates = deps.scamCounts.newDangerKinds(isoWeekBefore(t, 1)).filter((c) => mine(c.communeCode) && c.kind !== 'resembles-scam');
      const communes = deps.communes.communes.map((c) => ({ code: c.code, name: c.name }));
      return view(req, reply, 'Kiểm tra lừa đảo', '/admin/lua-dao', () => scamChecksBody({ counts, candidates, communes }));
    });

    // — Completion codes —
    admin.get('/admin/ma-hoan-thanh', guard, async (req, reply) =>
      view(req, reply, 'Kiểm tra mã hoàn thành', '/admin/ma-hoan-thanh', (csrf) => verifyBody('', { kind: 'none' }, csrf)),
    );
    admin.post<{ Body: Body }>('/admin/ma-hoan-thanh', guardPost, async (req, reply) => {
      const o = req.officer!;
      const input = str(req.body?.ma).trim().slice(0, 40);
      const inspected = inspectCompletionCode(input);
      let outcome: VerifyOutcome;
      if (inspected.kind === 'shape') outcome = { kind: 'shape' };
      else if (inspected.kind === 'check') outcome = { kind: 'mistyped' };
      else {
        const record = deps.completions.verify(inspected.code);
        const mine = new Set(o.communes.map((c) => communeName.get(c)));
        outcome = record ? { kind: 'valid', record, visible: o.role === 'admin' || (record.communeName !== undefined && mine.has(record.communeName)) } : { kind: 'unknown', code: inspected.code };
      }
      return view(req, reply, 'Kiểm tra mã hoàn thành', '/admin/ma-hoan-thanh', (csrf) => verifyBody(input, outcome, csrf));
    });

    // — Audit log (admins) —
    admin.get('/admin/nhat-ky', { preHandler: [requireOfficer, requireAdmin] }, async (req, reply) =>
      view(req, reply, 'Nhật ký', '/admin/nhat-ky', () => auditBody(deps.audit.recent(300))),
    );
  });
}
