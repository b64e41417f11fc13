import type { LearnerRepository } from '../../store/learner-repository.js';

/**
 * Web-chat learners are anonymous browser sessions: nobody can come back to one after clearing the
 * browser, so a web learner idle for `idleDays` (no message) is deleted with all their data, like
 * `/xoadulieu` does. Runs at start and hourly; deletes at most `batch` per run so a run stays short.
 * Returns how many were deleted.
 */
export function pruneIdleWebLearners(learners: LearnerRepository, idleDays: number, now: Date, batch = 1000): number {
  const before = new Date(now.getTime() - idleDays * 86_400_000);
  let deleted = 0;
  for (const id of learners.idle('web', before, batch)) if (learners.deleteLearner(id)) deleted++;
  return deleted;
}
