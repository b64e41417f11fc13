import type { ChannelId } from '../../src/core/types.js';
import type { Db } from '../../src/store/database.js';
import { LearnerRepository } from '../../src/store/learner-repository.js';

export interface SeedPerson {
  channel: ChannelId;
  userId: string;
  commune?: string;
  subscribed?: boolean;
  lastActive?: Date;
}

/** Creates learners through the real repository (one transaction); returns their ids in order. */
export function seedLearners(db: Db, people: SeedPerson[], now = new Date('2026-12-01T03:00:00Z')): number[] {
  const learners = new LearnerRepository(db);
  return db.transaction(() =>
    people.map((p) => {
      const { learner } = learners.seen({ channel: p.channel, platformUserId: p.userId, chatId: p.userId }, p.lastActive ?? now);
      if (p.commune) learners.setCommune(learner.id, { code: p.commune, name: p.commune }, now);
      if (p.subscribed !== undefined) learners.setSubscribed(learner.id, p.subscribed, now);
      return learner.id;
    }),
  )();
}
