import type { ChannelId } from '../messages.js';
import { addressAs, officerTexts } from '../core/texts.js';
import type { ProgressService, ProgressSummary } from '../learning/progress-service.js';
import type { AuditRepository } from '../store/audit-repository.js';
import type { BroadcastRepository } from '../store/broadcast-repository.js';
import type { LearnerRepository } from '../store/learner-repository.js';
import type { SettingsRepository } from '../store/settings-repository.js';
import { withFooter } from './broadcast-service.js';

/** The reminder rule an admin switches on: "not active for `days` days and not finished". */
export interface ReminderRule {
  on: boolean;
  days: number;
}

export const REMINDER_RULE_KEY = 'reminder.rule';
/** Nobody is nudged more than once in this period. */
export const REMINDER_EVERY_DAYS = 7;

/** The personal next step in a reminder, from the learner's progress summary; undefined when there is none. */
export function nextStep(s: ProgressSummary): string | undefined {
  const topic = s.topics.find((t) => !t.passed);
  if (topic) {
    const left = topic.lessonsTotal - topic.lessonsOpened;
    return left > 0 ? officerTexts.reminderLessonsLeft(left, topic.topic.title) : officerTexts.reminderTopicQuiz(topic.topic.title);
  }
  return s.dueReviews > 0 ? officerTexts.reminderReview(s.dueReviews) : undefined;
}

export interface ReminderServiceOptions {
  repo: BroadcastRepository;
  settings: SettingsRepository;
  audit: AuditRepository;
  learners: LearnerRepository;
  progress: ProgressService;
  channels: readonly ChannelId[];
  onQueued?: () => void;
  now?: () => Date;
}

/**
 * Reminders: when the rule is on, {@link runOnce} (hourly in the service) queues one personal message to
 * each subscribed, reachable learner inactive for `days` days who has not finished everything and was not
 * reminded in the last 7 days — a broadcast of kind `reminder` through the same queue, rates and quiet hours.
 */
export class ReminderService {
  private readonly now: () => Date;

  constructor(private readonly o: ReminderServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  rule(): ReminderRule {
    try {
      const raw = JSON.parse(this.o.settings.get(REMINDER_RULE_KEY) ?? '{}') as Partial<ReminderRule>;
      return { on: raw.on === true, days: typeof raw.days === 'number' && raw.days >= 1 ? raw.days : 7 };
    } catch {
      return { on: false, days: 7 };
    }
  }

  /** Switches the rule on (with its number of days) or off; audited. */
  setRule(actor: string, rule: ReminderRule): ReminderRule {
    if (!Number.isInteger(rule.days) || rule.days < 1 || rule.days > 365) throw new RangeError('days must be 1–365');
    this.o.settings.set(REMINDER_RULE_KEY, JSON.stringify(rule));
    this.o.audit.record(actor, 'reminder.rule', { ...rule }, this.now());
    return rule;
  }

  /** Queues this round's reminders (nothing when the rule is off); returns the broadcast id and count. */
  runOnce(): { id?: number; recipients: number } {
    const rule = this.rule();
    if (!rule.on) return { recipients: 0 };
    const now = this.now();
    const scope = { communes: { all: true as const }, channels: this.o.channels };
    const ids = this.o.repo.audienceIds({ inactiveDays: rule.days, completedAll: false }, scope, now, {
      notRemindedSince: new Date(now.getTime() - REMINDER_EVERY_DAYS * 86_400_000),
    });
    const personal: { learnerId: number; text: string }[] = [];
    for (const id of ids) {
      const learner = this.o.learners.get(id);
      const step = learner ? nextStep(this.o.progress.summary(id, now)) : undefined;
      if (step) personal.push({ learnerId: id, text: addressAs(withFooter(officerTexts.reminderText(learner?.displayName, step)), learner?.addressForm) });
    }
    if (!personal.length) return { recipients: 0 };
    const created = this.o.repo.create(
      { createdBy: 'reminder', kind: 'reminder', text: `reminder: inactive ${rule.days} days`, audience: { inactiveDays: rule.days, completedAll: false }, notBefore: now },
      scope,
      now,
      personal,
    );
    this.o.onQueued?.();
    return created;
  }
}
