import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadCurriculum } from '../../../src/content/loader.js';
import type { Conversation } from '../../../src/core/conversation.js';
import type { Outbound } from '../../../src/core/types.js';
import { loadCommunes } from '../../../src/learning/communes-loader.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { openDatabase, type Db } from '../../../src/store/database.js';
import { SettingsRepository } from '../../../src/store/settings-repository.js';
import { wireDashboard, type Dashboard } from '../../../src/web/admin/wire.js';
import { ServiceMetrics } from '../../../src/web/metrics.js';
import { buildServer } from '../../../src/web/server.js';
import { wireConversation } from '../../../src/wiring.js';
import { FIXTURES, ScriptedAssistant } from '../../core/harness.js';

/** The fixture communes (tests/fixtures/communes.yaml). */
export const A = 'tandinh';
export const B = 'xuanphuong';

/**
 * The real server (buildServer + the dashboard + the Conversation) over a real SQLite file in a temp
 * directory, with a clock the test moves. Requests go through fastify's inject (real routing, plugins,
 * cookies and CSRF; no socket).
 */
export class DashboardFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'dash-'));
  readonly db: Db;
  readonly dashboard: Dashboard;
  readonly conversation: Conversation;
  readonly app: FastifyInstance;
  now = new Date('2026-12-01T03:00:00Z');

  constructor() {
    this.db = openDatabase(join(this.dir, 'app.db'));
    const communes = loadCommunes(join(FIXTURES, 'communes.yaml'));
    const curriculum = loadCurriculum(join(FIXTURES, 'curriculum'));
    this.dashboard = wireDashboard(
      this.db,
      { PUBLIC_URL: 'http://dash.test', ADMIN_SESSION_IDLE_MINUTES: 480 },
      { communes, topics: curriculum.topics, settings: new SettingsRepository(this.db), baseUrl: () => 'http://dash.test', logger: silentLogger, now: () => this.now },
    );
    this.conversation = wireConversation(this.db, curriculum, new ScriptedAssistant(), {
      communes: communes.communes,
      logger: silentLogger,
      signIn: this.dashboard.signIn,
      questions: this.dashboard.questions,
    });
    this.app = buildServer({ logger: silentLogger, metrics: new ServiceMetrics(() => 0), webhooks: [], readiness: [], plugins: [this.dashboard.register] });
  }

  grant(userId: string, role: 'admin' | 'officer', communes: string[] = []): void {
    this.dashboard.deps.officers.grant('cli', { channel: 'web', platformUserId: userId, role, communes, displayName: userId });
  }

  /** What the bot replies to `text` from web user `userId`. */
  async say(userId: string, text: string): Promise<Outbound[]> {
    return this.conversation.handle({ channel: 'web', chatId: userId, userId, kind: 'text', text });
  }

  /** The one-time link path the bot sends after /dangnhap (undefined when it sent none). */
  async linkFor(userId: string): Promise<string | undefined> {
    const replies = await this.say(userId, '/dangnhap');
    const m = replies.map((r) => r.text).join('\n').match(/http:\/\/dash\.test(\/admin\/dangnhap\/\S+)/);
    return m?.[1];
  }

  browser(): Browser {
    return new Browser(this.app);
  }

  async close(): Promise<void> {
    await this.app.close();
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A cookie jar over inject, like a browser on one site. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      if ((c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0 || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, cookies: Object.fromEntries(this.cookies) }));
  }

  async post(url: string, form: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    return this.keep(
      await this.app.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, cookies: Object.fromEntries(this.cookies) }),
    );
  }

  /** Opens a sign-in link and presses its button; returns the POST's response. */
  async signIn(path: string): Promise<LightMyRequestResponse> {
    const page = await this.get(path);
    return this.post(path, { _csrf: csrfOf(page.body) });
  }
}

export function csrfOf(body: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
}

/** Inserts learners and their results directly (SQL), as a busy month of the service would leave them. */
export function seedLearners(
  db: Db,
  people: Array<{ commune?: string; channel?: string; passed?: string[]; completed?: boolean; createdAt?: string; lastActiveAt?: string; subscribed?: boolean; failedTopic?: string }>,
): void {
  const insert = db.prepare(
    `INSERT INTO learners (channel, platform_user_id, chat_id, commune_code, subscribed, created_at, updated_at, last_active_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const quiz = db.prepare(
    "INSERT INTO quiz_attempts (learner_id, scope, scope_id, total, answered, correct, started_at, finished_at) VALUES (?, 'topic', ?, 10, 10, ?, ?, ?)",
  );
  const completion = db.prepare('INSERT INTO completions (code, learner_id, issued_at) VALUES (?, ?, ?)');
  const day = db.prepare('INSERT OR IGNORE INTO learner_days (learner_id, day) VALUES (?, ?)');
  let n = (db.prepare('SELECT count(*) AS n FROM learners').get() as { n: number }).n;
  db.transaction(() => {
    for (const p of people) {
      n++;
      const created = p.createdAt ?? '2026-11-20T03:00:00.000Z';
      const last = p.lastActiveAt ?? created;
      const id = Number(insert.run(p.channel ?? 'telegram', `u${n}`, `c${n}`, p.commune ?? null, p.subscribed === false ? 0 : 1, created, last, last).lastInsertRowid);
      for (const t of p.passed ?? []) quiz.run(id, t, 9, created, created);
      if (p.failedTopic) quiz.run(id, p.failedTopic, 5, created, created);
      if (p.completed) completion.run(`HVS-TEST-${String(n).padStart(4, '0')}-X`, id, last);
      day.run(id, new Date(Date.parse(last) + 7 * 3_600_000).toISOString().slice(0, 10));
    }
  })();
}
