import type { Lesson } from './schema.js';

/**
 * The officer track: a lesson with `audience: officer` (plan numbers, decree dates, targets, membership
 * lists) is for the commune's officers. Citizens never see it in menus, topic or lesson quizzes, review,
 * progress or completion, and the assistant never answers a citizen from it.
 */
export function isCitizenLesson(lesson: Pick<Lesson, 'audience'>): boolean {
  return lesson.audience !== 'officer';
}

/** The lessons citizens learn from, in the given order. */
export function citizenLessons<L extends Pick<Lesson, 'audience'>>(lessons: readonly L[]): L[] {
  return lessons.filter(isCitizenLesson);
}

/** The officers' lessons, in the given order. */
export function officerLessons<L extends Pick<Lesson, 'audience'>>(lessons: readonly L[]): L[] {
  return lessons.filter((l) => !isCitizenLesson(l));
}
