import { z } from 'zod';

/**
 * What a chat is waiting for, kept in SQLite between messages (ConversationStateRepository), so a
 * restart or a second instance carries on. Whatever is read back is validated: anything unreadable
 * (an older format, a hand-edited row) becomes the empty state rather than an error.
 */
const stateSchema = z.object({
  /** Waiting for free text: a commune name, a yes/no, a delete confirmation, a form of address, a message to check for scams. */
  awaiting: z.enum(['commune', 'subscribe', 'delete', 'address', 'scam']).optional(),
  /** The commune question is part of the first-contact steps (ask about announcements next). */
  onboarding: z.boolean().optional(),
  /** The quiz in progress: its attempt and the question awaiting an answer. */
  quiz: z.object({ attemptId: z.number().int(), position: z.number().int().min(0) }).optional(),
  /** The lesson last opened, for "check the lesson you just read". */
  lessonId: z.string().max(200).optional(),
  /** The actions of the last choices sent, so "1", "a", "số 2" can be mapped back (labels for typed labels). */
  choices: z.array(z.object({ action: z.string().max(64), label: z.string().max(200) })).max(30).optional(),
  /** An officer composing an announcement (flows/officer.ts): the step, the text, the audience chosen. */
  officer: z
    .object({
      step: z.enum(['text', 'audience', 'commune', 'confirm']),
      text: z.string().max(2000).optional(),
      audience: z
        .object({
          communes: z.array(z.string().max(100)).max(1000).optional(),
          channel: z.enum(['telegram', 'zalo', 'console', 'web']).optional(),
          notPassedTopic: z.string().max(100).optional(),
          inactiveDays: z.number().int().min(0).max(3650).optional(),
          completedAll: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
});

export type ChatState = z.infer<typeof stateSchema>;

/** Reads a stored state; the empty state for anything missing or malformed. */
export function readState(raw: unknown): ChatState {
  const parsed = stateSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}
