import { randomBytes } from 'node:crypto';
import type { Assistant } from './assistant/types.js';
import type { Curriculum } from './content/loader.js';
import { Conversation, type ConversationDeps } from './core/conversation.js';
import { CommuneMatcher, type Commune } from './learning/communes.js';
import { CompletionService } from './learning/completion-service.js';
import { CurriculumIndex } from './learning/curriculum-index.js';
import { ProgressService } from './learning/progress-service.js';
import { QuizService } from './learning/quiz-service.js';
import { ReviewScheduler } from './learning/review-scheduler.js';
import type { Logger } from './lib/logger.js';
import { CompletionRepository } from './store/completion-repository.js';
import { ConversationStateRepository } from './store/conversation-state-repository.js';
import type { Db } from './store/database.js';
import { LearnerRepository } from './store/learner-repository.js';
import { ProgressRepository } from './store/progress-repository.js';
import { QuizRepository } from './store/quiz-repository.js';
import { ReviewCardRepository } from './store/review-card-repository.js';
import { ScamChecker } from './scamcheck/checker.js';
import { ScamCheckCountRepository } from './store/scam-check-count-repository.js';
import { UnitOfWork } from './store/unit-of-work.js';

/** Builds the Conversation over `db` (also used by the chat CLI and tests). */
export function wireConversation(
  db: Db,
  curriculum: Curriculum,
  assistant: Assistant,
  options: Pick<ConversationDeps, 'officer' | 'signIn' | 'questions'> & { communes: Commune[]; logger: Logger; random?: () => number },
): Conversation {
  const index = new CurriculumIndex(curriculum);
  const reviews = new ReviewScheduler(new ReviewCardRepository(db));
  const quizRepo = new QuizRepository(db);
  const learners = new LearnerRepository(db);
  return new Conversation({
    index,
    assistant,
    learners,
    states: new ConversationStateRepository(db),
    quizzes: new QuizService(index, quizRepo, reviews, options.random ?? Math.random),
    progress: new ProgressService(index, new ProgressRepository(db), quizRepo, reviews, learners),
    completions: new CompletionService(new CompletionRepository(db), (n) => randomBytes(n)),
    communes: new CommuneMatcher(options.communes),
    scamChecker: new ScamChecker(),
    scamCounts: new ScamCheckCountRepository(db),
    logger: options.logger,
    unitOfWork: new UnitOfWork(db),
    officer: options.officer,
    signIn: options.signIn,
    questions: options.questions,
  });
}
