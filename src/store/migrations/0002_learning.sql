-- Learners and their learning. Everything about a person hangs off learners(id) with ON DELETE CASCADE,
-- so deleting the learner row (/xoadulieu) removes all of it. Tables added later that hold a person's
-- data must reference learners(id) ON DELETE CASCADE too.

-- One row per person per platform. Only what the service needs: how to reach them, the name they show,
-- their commune, whether they want announcements, timestamps.
-- AUTOINCREMENT: an id is never reused, so nothing left anywhere under a deleted person's id can
-- ever be attributed to someone new.
CREATE TABLE learners (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL,
  platform_user_id TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  display_name TEXT,
  commune_code TEXT,
  commune_name TEXT,
  commune_asked INTEGER NOT NULL DEFAULT 0,
  -- NULL: not asked yet; 0: no; 1: yes.
  subscribed INTEGER,
  -- Set when the platform refuses to deliver (HTTP 403: blocked the bot); cleared on the next message.
  unreachable INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_active_at TEXT NOT NULL,
  UNIQUE (channel, platform_user_id)
);
CREATE INDEX learners_commune ON learners (commune_code);

-- Days (Vietnam local date, YYYY-MM-DD) on which the learner did something: the streak.
CREATE TABLE learner_days (
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  PRIMARY KEY (learner_id, day)
) WITHOUT ROWID;

-- How far each lesson was read.
CREATE TABLE lesson_reads (
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  lesson_id TEXT NOT NULL,
  pages_read INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  completed_at TEXT,
  PRIMARY KEY (learner_id, lesson_id)
) WITHOUT ROWID;

-- One quiz run: a lesson's quiz, a topic quiz (sampled across its lessons) or a review session.
CREATE TABLE quiz_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  scope TEXT NOT NULL CHECK (scope IN ('lesson', 'topic', 'review')),
  scope_id TEXT NOT NULL,
  total INTEGER NOT NULL,
  answered INTEGER NOT NULL DEFAULT 0,
  correct INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX quiz_attempts_learner ON quiz_attempts (learner_id, scope, scope_id);

-- The questions of an attempt in order, with the shuffled order their choices were shown in:
-- choice_order "2,0,1" means shown choice 1 is the question's choice 2, and so on.
CREATE TABLE quiz_attempt_items (
  attempt_id INTEGER NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  question_id TEXT NOT NULL,
  choice_order TEXT NOT NULL,
  asked_at TEXT,
  chosen INTEGER,
  correct INTEGER,
  answered_at TEXT,
  PRIMARY KEY (attempt_id, position)
) WITHOUT ROWID;

-- Spaced-review cards (FSRS state), one per learner and question answered.
CREATE TABLE review_cards (
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  due TEXT NOT NULL,
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  reps INTEGER NOT NULL,
  lapses INTEGER NOT NULL,
  state INTEGER NOT NULL,
  last_review TEXT,
  PRIMARY KEY (learner_id, question_id)
) WITHOUT ROWID;
CREATE INDEX review_cards_due ON review_cards (learner_id, due);

-- What the conversation is waiting for (a quiz answer, a commune name, a confirmation), as JSON.
CREATE TABLE conversation_states (
  learner_id INTEGER PRIMARY KEY REFERENCES learners (id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Completion codes (all topics passed), shown to an officer and checked with `verify`.
CREATE TABLE completions (
  code TEXT PRIMARY KEY,
  learner_id INTEGER NOT NULL UNIQUE REFERENCES learners (id) ON DELETE CASCADE,
  issued_at TEXT NOT NULL
);
