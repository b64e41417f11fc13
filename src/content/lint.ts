import type { Curriculum } from './loader.js';
import { checkLinks, type LinkReport, type LinkRules } from './link-rules.js';
import { checkTopicQuiz } from './quiz-rules.js';

/**
 * The checks `content:check` runs after the schema: the offline link rules and the quiz rules, per topic.
 * They are editorial rules, not load-time ones: the service still starts with content that breaks them.
 * Citizens' and officers' quizzes of a topic are checked apart (a topic quiz never mixes them).
 */
export function lintCurriculum(curriculum: Curriculum, rules: LinkRules, options: { topic?: string } = {}): LinkReport {
  const lessons = options.topic ? curriculum.lessons.filter((l) => l.topic === options.topic) : curriculum.lessons;
  const { errors, warnings } = checkLinks(lessons, rules);
  for (const topic of curriculum.topics) {
    if (options.topic && topic.id !== options.topic) continue;
    for (const audience of ['citizen', 'officer'] as const) {
      const group = lessons.filter((l) => l.topic === topic.id && l.audience === audience);
      errors.push(...checkTopicQuiz(audience === 'officer' ? `${topic.id} (cán bộ)` : topic.id, group));
    }
  }
  return { errors, warnings };
}
