import type { Assistant } from '../../assistant/types.js';
import type { CommuneMatcher } from '../../learning/communes.js';
import type { CompletionService } from '../../learning/completion-service.js';
import type { CurriculumIndex } from '../../learning/curriculum-index.js';
import type { ProgressService } from '../../learning/progress-service.js';
import type { QuizService } from '../../learning/quiz-service.js';
import type { Learner } from '../../learning/types.js';
import type { KeyedQueue } from '../../lib/keyed-queue.js';
import type { Logger } from '../../lib/logger.js';
import type { OfficerFlowDeps } from './officer.js';
import type { ConversationStateRepository } from '../../store/conversation-state-repository.js';
import type { LearnerRepository } from '../../store/learner-repository.js';
import type { ScamChecker } from '../../scamcheck/checker.js';
import type { ScamCheckCountRepository } from '../../store/scam-check-count-repository.js';
import type { UnitOfWork } from '../../store/unit-of-work.js';
import type { QuestionRecorder } from '../../reports/question-log.js';
import type { OfficerSignInDeps } from './officer-sign-in.js';
import { act } from '../actions.js';
import type { ChatState } from '../state.js';
import { labels, texts } from '../texts.js';
import type { Choice, Inbound, Outbound } from '../types.js';

/** Everything the Conversation uses, passed in by the composition root (main.ts, the chat CLI, tests). */
export interface ConversationDeps {
  index: CurriculumIndex;
  assistant: Assistant;
  learners: LearnerRepository;
  states: ConversationStateRepository;
  quizzes: QuizService;
  progress: ProgressService;
  completions: CompletionService;
  communes: CommuneMatcher;
  /** The scam check ("Kiểm tra giúp tôi"). Default: one over the built-in rule data. */
  scamChecker?: ScamChecker;
  /** Where the per-commune, per-week counts of checks go (no contents). Default: not counted. */
  scamCounts?: ScamCheckCountRepository;
  /** The clock (tests move it forward to make reviews due). Default: `() => new Date()`. */
  clock?: () => Date;
  /** Orders each person's messages; default: a private unbounded queue. Pass the service's shared one. */
  queue?: KeyedQueue;
  logger?: Logger;
  /**
   * Makes the writes of a message that needs no assistant (a button press) one transaction: one
   * commit, and all or nothing. Default: each write commits on its own.
   */
  unitOfWork?: Pick<UnitOfWork, 'run'>;
  /** Officers' announcements in chat (flows/officer.ts); absent: no officer features. */
  officer?: OfficerFlowDeps;
  /** Officers' dashboard sign-in (/dangnhap); absent: no sign-in links. */
  signIn?: OfficerSignInDeps;
  /** Counts questions per week and outcome for the dashboard (redacted, never who asked). */
  questions?: QuestionRecorder;
}

/** One message being handled: who, what they are waiting for (mutable, saved at the end), and when. */
export interface Turn {
  inbound: Inbound;
  learner: Learner;
  state: ChatState;
  now: Date;
  /** The learner was created by this message (first contact). */
  created: boolean;
}

/** The flows' view of the dependencies (clock and queue resolved). */
export type FlowDeps = Omit<ConversationDeps, 'clock' | 'queue' | 'logger' | 'unitOfWork'> & { logger: Logger };

/** A reply with choices. */
export function reply(text: string, choices?: Choice[]): Outbound {
  return choices && choices.length ? { text, choices } : { text };
}

/** The main menu; offers to resume a quiz in progress first. */
export function menu(turn: Turn, text: string = texts.menu): Outbound {
  const choices: Choice[] = [];
  if (turn.state.quiz) choices.push({ label: labels.resume, action: act.resume });
  choices.push(
    { label: labels.learn, action: act.learn },
    { label: labels.quiz, action: act.quiz },
    { label: labels.review, action: act.review },
    { label: labels.progress, action: act.progress },
    { label: labels.help, action: act.help },
  );
  return reply(text, choices);
}

/** An example commune name for prompts (the first in the list), if the list has any. */
export function communeExample(deps: FlowDeps): string | undefined {
  return deps.communes.communes[0]?.name;
}
