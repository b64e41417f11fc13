import type { ChannelId } from '../messages.js';
import { ADDRESS_FORMS, type AddressForm, type Learner } from '../learning/types.js';
import type { Db } from './database.js';

interface LearnerRow {
  id: number;
  channel: string;
  platform_user_id: string;
  chat_id: string;
  display_name: string | null;
  commune_code: string | null;
  commune_name: string | null;
  commune_asked: number;
  subscribed: number | null;
  address_form: string | null;
  unreachable: number;
  created_at: string;
  updated_at: string;
  last_active_at: string;
  last_active_day: string | null;
}

function toLearner(r: LearnerRow): Learner {
  return {
    id: r.id,
    channel: r.channel as ChannelId,
    platformUserId: r.platform_user_id,
    chatId: r.chat_id,
    displayName: r.display_name ?? undefined,
    communeCode: r.commune_code ?? undefined,
    communeName: r.commune_name ?? undefined,
    communeAsked: r.commune_asked === 1,
    subscribed: r.subscribed === null ? undefined : r.subscribed === 1,
    addressForm: (ADDRESS_FORMS as readonly string[]).includes(r.address_form ?? '') ? (r.address_form as AddressForm) : undefined,
    addressAsked: r.address_form !== null,
    unreachable: r.unreachable === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastActiveAt: r.last_active_at,
    lastActiveDay: r.last_active_day ?? undefined,
  };
}

/** Who wrote: the key of a learner plus what may change between messages. */
export interface LearnerContact {
  channel: ChannelId;
  platformUserId: string;
  chatId: string;
  displayName?: string;
}

/** The longest display name kept (platform names can be long; we only greet with it). */
const MAX_NAME = 64;

/**
 * Learners keyed by (channel, platform user id), their commune, subscription and active days.
 * {@link LearnerRepository.deleteLearner} removes a person's rows everywhere.
 */
export class LearnerRepository {
  private readonly insertStmt;
  private readonly touchStmt;
  private readonly byKeyStmt;
  private readonly byIdStmt;
  private readonly communeStmt;
  private readonly communeAskedStmt;
  private readonly subscribedStmt;
  private readonly addressStmt;
  private readonly unreachableStmt;
  private readonly dayTx;
  private readonly daysStmt;
  private readonly deleteTx;
  private readonly idleStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<{ channel: string; userId: string; chatId: string; name: string | null; now: string }, LearnerRow>(
      `INSERT OR IGNORE INTO learners (channel, platform_user_id, chat_id, display_name, created_at, updated_at, last_active_at)
       VALUES (@channel, @userId, @chatId, @name, @now, @now, @now) RETURNING *`,
    );
    this.touchStmt = db.prepare<{ channel: string; userId: string; chatId: string; name: string | null; now: string }, LearnerRow>(
      `UPDATE learners SET chat_id = @chatId, display_name = COALESCE(@name, display_name), last_active_at = @now,
         unreachable = 0, updated_at = CASE WHEN chat_id IS NOT @chatId OR display_name IS NOT COALESCE(@name, display_name) OR unreachable = 1 THEN @now ELSE updated_at END
       WHERE channel = @channel AND platform_user_id = @userId RETURNING *`,
    );
    this.byKeyStmt = db.prepare<[string, string], LearnerRow>('SELECT * FROM learners WHERE channel = ? AND platform_user_id = ?');
    this.byIdStmt = db.prepare<[number], LearnerRow>('SELECT * FROM learners WHERE id = ?');
    this.communeStmt = db.prepare(
      'UPDATE learners SET commune_code = ?, commune_name = ?, commune_asked = 1, updated_at = ? WHERE id = ?',
    );
    this.communeAskedStmt = db.prepare('UPDATE learners SET commune_asked = 1, updated_at = ? WHERE id = ?');
    this.subscribedStmt = db.prepare('UPDATE learners SET subscribed = ?, updated_at = ? WHERE id = ?');
    this.addressStmt = db.prepare('UPDATE learners SET address_form = ?, updated_at = ? WHERE id = ?');
    this.unreachableStmt = db.prepare(
      'UPDATE learners SET unreachable = ?, updated_at = ? WHERE channel = ? AND platform_user_id = ?',
    );
    const insertDay = db.prepare('INSERT OR IGNORE INTO learner_days (learner_id, day) VALUES (?, ?)');
    // Never moves back: an older day recorded late must not hide the newest one.
    const lastDay = db.prepare(
      'UPDATE learners SET last_active_day = @day WHERE id = @id AND (last_active_day IS NULL OR last_active_day < @day)',
    );
    this.dayTx = db.transaction((id: number, day: string) => {
      insertDay.run(id, day);
      lastDay.run({ id, day });
    });
    this.daysStmt = db.prepare<[number, number], { day: string }>(
      'SELECT day FROM learner_days WHERE learner_id = ? ORDER BY day DESC LIMIT ?',
    );
    const tables = ['completions', 'conversation_states', 'review_cards', 'quiz_attempts', 'lesson_reads', 'learner_days'];
    const deletes = tables.map((t) => db.prepare(`DELETE FROM ${t} WHERE learner_id = ?`));
    // A citizen's refused attempts at officer commands name them in the audit log: those go too
    // (officers' own entries are staff records and stay).
    const deleteDenials = db.prepare(
      "DELETE FROM audit_log WHERE action = 'officer.denied' AND actor = (SELECT channel || ':' || platform_user_id FROM learners WHERE id = ?)",
    );
    const deleteLearner = db.prepare('DELETE FROM learners WHERE id = ?');
    this.idleStmt = db.prepare<[string, string, number], { id: number }>(
      'SELECT id FROM learners WHERE channel = ? AND last_active_at < ? ORDER BY last_active_at LIMIT ?',
    );
    this.deleteTx = db.transaction((id: number) => {
      // Explicit deletes for the tables known here; ON DELETE CASCADE covers every other table.
      for (const d of deletes) d.run(id);
      deleteDenials.run(id);
      return deleteLearner.run(id).changes > 0;
    });
  }

  /**
   * Records that this person wrote now: creates the learner on first contact, otherwise refreshes
   * chat id, display name and last activity and clears `unreachable`.
   */
  seen(contact: LearnerContact, now: Date): { learner: Learner; created: boolean } {
    const params = {
      channel: contact.channel,
      userId: contact.platformUserId,
      chatId: contact.chatId,
      name: contact.displayName?.trim().slice(0, MAX_NAME) || null,
      now: now.toISOString(),
    };
    // One statement per message for a known person; a new person takes the insert (and, if another
    // instance inserted them in between, the update again).
    const touched = this.touchStmt.get(params);
    if (touched) return { learner: toLearner(touched), created: false };
    const inserted = this.insertStmt.get(params);
    if (inserted) return { learner: toLearner(inserted), created: true };
    const row = this.touchStmt.get(params);
    if (!row) throw new Error('learner row vanished while being updated');
    return { learner: toLearner(row), created: false };
  }

  find(channel: ChannelId, platformUserId: string): Learner | undefined {
    const row = this.byKeyStmt.get(channel, platformUserId);
    return row ? toLearner(row) : undefined;
  }

  get(id: number): Learner | undefined {
    const row = this.byIdStmt.get(id);
    return row ? toLearner(row) : undefined;
  }

  /** Sets (or clears, with undefined) the commune; also marks the question as asked. */
  setCommune(id: number, commune: { code?: string; name: string } | undefined, now: Date): void {
    this.communeStmt.run(commune?.code ?? null, commune?.name ?? null, now.toISOString(), id);
  }

  /** The person skipped the commune question: do not ask again. */
  markCommuneAsked(id: number, now: Date): void {
    this.communeAskedStmt.run(now.toISOString(), id);
  }

  setSubscribed(id: number, subscribed: boolean, now: Date): void {
    this.subscribedStmt.run(subscribed ? 1 : 0, now.toISOString(), id);
  }

  /** How to address the person; undefined records that they skipped the question (the neutral “bạn”). */
  setAddressForm(id: number, form: AddressForm | undefined, now: Date): void {
    this.addressStmt.run(form ?? '', now.toISOString(), id);
  }

  /** Set by delivery code when the platform answers 403 (the person blocked the bot). */
  setUnreachable(channel: ChannelId, platformUserId: string, unreachable: boolean, now: Date): void {
    this.unreachableStmt.run(unreachable ? 1 : 0, now.toISOString(), channel, platformUserId);
  }

  /**
   * Remembers that the learner was active on `day` (YYYY-MM-DD, local date), and keeps the newest such
   * day on the learner row ({@link Learner.lastActiveDay}), in one transaction.
   */
  recordActiveDay(id: number, day: string): void {
    this.dayTx(id, day);
  }

  /** The most recent active days, newest first. */
  activeDays(id: number, limit = 366): string[] {
    return this.daysStmt.all(id, limit).map((r) => r.day);
  }

  /** Ids of the learners of `channel` last active before `before`, least recent first, at most `limit`. */
  idle(channel: ChannelId, before: Date, limit = 500): number[] {
    return this.idleStmt.all(channel, before.toISOString(), limit).map((r) => r.id);
  }

  /** Removes the learner and every row about them, in one transaction. True if they existed. */
  deleteLearner(id: number): boolean {
    return this.deleteTx(id);
  }
}
