-- Durable intake: every inbound update is written here before it is handled, so a crash loses nothing
-- and a redelivered update (webhook retry, replay) is handled once.
-- While pending, `inbound` holds the translated message and `replies` the answer not yet fully sent;
-- both are cleared when the row is done, leaving only the key for deduplication (privacy: store the minimum).
CREATE TABLE intake (
  id INTEGER PRIMARY KEY,
  update_key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  chat_key TEXT NOT NULL,
  inbound TEXT,
  replies TEXT,
  sent INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('received', 'answered', 'done')),
  outcome TEXT,
  received_at INTEGER NOT NULL,
  handled_at INTEGER
);

CREATE INDEX intake_pending ON intake (id) WHERE status <> 'done';
CREATE INDEX intake_handled_at ON intake (handled_at) WHERE status = 'done';
