import { randomBytes } from 'node:crypto';
import { BroadcastService } from '../../broadcast/broadcast-service.js';
import { DEFAULT_QUIET_HOURS } from '../../broadcast/quiet-hours.js';
import type { FastifyInstance } from 'fastify';
import type { Topic } from '../../content/schema.js';
import type { ChannelId } from '../../core/types.js';
import type { OfficerSignInDeps } from '../../core/flows/officer-sign-in.js';
import type { Config } from '../../config.js';
import type { CommuneList } from '../../learning/communes-loader.js';
import { CompletionService } from '../../learning/completion-service.js';
import type { Logger } from '../../lib/logger.js';
import { OfficerService } from '../../officers/officer-service.js';
import { SignInLinks } from '../../officers/sign-in-links.js';
import { QuestionLog } from '../../reports/question-log.js';
import { AdminSessionRepository } from '../../store/admin-session-repository.js';
import { AuditRepository } from '../../store/audit-repository.js';
import { BroadcastRepository } from '../../store/broadcast-repository.js';
import { CompletionRepository } from '../../store/completion-repository.js';
import type { Db } from '../../store/database.js';
import { OfficerRepository } from '../../store/officer-repository.js';
import { PopulationRepository } from '../../store/population-repository.js';
import { QuestionStatsRepository } from '../../store/question-stats-repository.js';
import { ReportRepository } from '../../store/report-repository.js';
import { ScamCheckCountRepository } from '../../store/scam-check-count-repository.js';
import type { SettingsRepository } from '../../store/settings-repository.js';
import { SignInLinkRepository } from '../../store/sign-in-link-repository.js';
import { type AnnouncementDesk, ServiceAnnouncementDesk } from './announcement-desk.js';
import { registerAdmin, type AdminDeps } from './plugin.js';

export interface Dashboard {
  /** For the Conversation: /dangnhap. */
  signIn: OfficerSignInDeps;
  /** For the Conversation: weekly question counts. */
  questions: QuestionLog;
  /** Mounts /admin on the server. */
  register: (app: FastifyInstance) => void;
  deps: AdminDeps;
}

/** The dashboard's parts over one database (used by main.ts and the tests). */
export function wireDashboard(
  db: Db,
  config: Pick<Config, 'PUBLIC_URL' | 'ADMIN_SESSION_IDLE_MINUTES'>,
  o: {
    communes: CommuneList;
    topics: readonly Topic[];
    settings: SettingsRepository;
    baseUrl: () => string;
    logger: Logger;
    /** Channels announcements can be limited to (default: telegram and zalo). */
    channels?: readonly ChannelId[];
    announcements?: AnnouncementDesk;
    now?: () => Date;
  },
): Dashboard {
  const now = o.now ?? (() => new Date());
  const audit = new AuditRepository(db);
  const officers = new OfficerService(new OfficerRepository(db), audit, new Set(o.communes.communes.map((c) => c.code)), now);
  const signInLinks = new SignInLinks(new SignInLinkRepository(db), officers, audit, o.baseUrl, now);
  const questionStats = new QuestionStatsRepository(db);
  const deps: AdminDeps = {
    officers,
    signInLinks,
    audit,
    reports: new ReportRepository(db),
    population: new PopulationRepository(db),
    questions: questionStats,
    scamCounts: new ScamCheckCountRepository(db),
    sessions: new AdminSessionRepository(db),
    completions: new CompletionService(new CompletionRepository(db), () => {
      throw new Error('the dashboard never issues codes');
    }),
    announcements:
      o.announcements ??
      new ServiceAnnouncementDesk(
        new BroadcastService({ repo: new BroadcastRepository(db), officers, audit, channels: o.channels ?? ['telegram', 'zalo'], quietHours: DEFAULT_QUIET_HOURS, now }),
      ),
    communes: o.communes,
    topics: o.topics.map((t) => ({ id: t.id, title: t.title })),
    sessionSecret: o.settings.getOrCreate('admin.session_secret', () => randomBytes(32).toString('base64url')),
    secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
    idleMs: config.ADMIN_SESSION_IDLE_MINUTES * 60_000,
    logger: o.logger,
    now,
  };
  return {
    signIn: { officers, signInLinks },
    questions: new QuestionLog(questionStats),
    register: (app) => registerAdmin(app, deps),
    deps,
  };
}
