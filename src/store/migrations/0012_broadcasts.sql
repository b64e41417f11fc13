-- Announcements and reminders, delivered through a persisted queue: one row per recipient.
-- Recipient states: queued → sending → sent | failed | blocked | in-doubt; skipped when the person
-- switched announcements off (or became unreachable) before their turn came.
-- A row found in `sending` at start-up was in flight at a crash: it becomes `in-doubt` and is NOT resent
-- (an officer may resend in-doubt rows), so nobody is messaged twice.
CREATE TABLE broadcasts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_by TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('announcement', 'reminder')),
  text TEXT NOT NULL,
  -- JSON: the audience as chosen (communes, channel, learning-state filters), for the history.
  audience TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sending', 'paused', 'cancelled', 'done')),
  not_before TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);

CREATE TABLE broadcast_recipients (
  broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'blocked', 'in-doubt', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (broadcast_id, learner_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_recipients_due ON broadcast_recipients (state, next_attempt_at);
CREATE INDEX broadcast_recipients_learner ON broadcast_recipients (learner_id);
