import { isCitizenLesson } from './audience.js';
import type { Curriculum } from './loader.js';
import { MAX_LENGTH_RATIO, MAX_LONGEST_SHARE, topicQuizStats } from './quiz-rules.js';

/** One row of the curriculum table (`npm run content:stats`). */
export interface TopicStats {
  topic: string;
  title: string;
  lessons: number;
  citizen: number;
  officer: number;
  /** Questions of citizens' lessons (what a topic quiz draws from). */
  questions: number;
  officerQuestions: number;
  /** Share of citizens' questions whose right choice is strictly the longest. */
  rightLongestShare: number;
  /** Largest right-choice ÷ next-longest ratio among those questions (0 when none). */
  maxRatio: number;
}

export function curriculumStats(c: Curriculum): TopicStats[] {
  return c.topics.map((t) => {
    const lessons = c.lessons.filter((l) => l.topic === t.id);
    const citizen = lessons.filter(isCitizenLesson);
    const officer = lessons.filter((l) => !isCitizenLesson(l));
    const s = topicQuizStats(citizen);
    return {
      topic: t.id,
      title: t.title,
      lessons: lessons.length,
      citizen: citizen.length,
      officer: officer.length,
      questions: s.questions,
      officerQuestions: officer.reduce((n, l) => n + l.quiz.length, 0),
      rightLongestShare: s.questions ? s.rightLongest / s.questions : 0,
      maxRatio: s.maxRatio,
    };
  });
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** The Markdown table for the README, with a total row and the limits. */
export function statsTable(rows: readonly TopicStats[]): string {
  const lines = [
    '| topic | lessons | citizen / officer | questions (citizen) | right choice longest | max ratio |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const flag = r.rightLongestShare > MAX_LONGEST_SHARE || r.maxRatio > MAX_LENGTH_RATIO ? ' ❌' : '';
    lines.push(
      `| ${r.topic} | ${r.lessons} | ${r.citizen} / ${r.officer} | ${r.questions}${r.officerQuestions ? ` (+${r.officerQuestions} officer)` : ''} | ${pct(r.rightLongestShare)}${flag} | ${r.maxRatio ? r.maxRatio.toFixed(2) : '–'} |`,
    );
  }
  const total = rows.reduce(
    (a, r) => ({ lessons: a.lessons + r.lessons, citizen: a.citizen + r.citizen, officer: a.officer + r.officer, questions: a.questions + r.questions, longest: a.longest + r.rightLongestShare * r.questions, officerQuestions: a.officerQuestions + r.officerQuestions, max: Math.max(a.max, r.maxRatio) }),
    { lessons: 0, citizen: 0, officer: 0, questions: 0, longest: 0, officerQuestions: 0, max: 0 },
  );
  lines.push(
    `| **all** | ${total.lessons} | ${total.citizen} / ${total.officer} | ${total.questions}${total.officerQuestions ? ` (+${total.officerQuestions} officer)` : ''} | ${pct(total.questions ? total.longest / total.questions : 0)} | ${total.max ? total.max.toFixed(2) : '–'} |`,
  );
  lines.push('', `Limits checked by \`content:check\`: right choice longest in ≤ ${pct(MAX_LONGEST_SHARE)} of a topic's questions, never more than ${MAX_LENGTH_RATIO}× the next longest (❌ marks a topic over a limit).`);
  return lines.join('\n');
}
