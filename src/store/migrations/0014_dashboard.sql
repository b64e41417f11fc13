-- The officers' dashboard: one-time sign-in links, sessions, each unit's adult population (imported by
-- an admin), and weekly counts of the questions citizens asked.

-- A link sent by the bot after /dangnhap: valid 10 minutes, used once. Only a hash of the token is kept,
-- so a copy of the database cannot be used to sign in.
CREATE TABLE admin_login_links (
  token_hash TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  platform_user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
) WITHOUT ROWID;

-- Dashboard sessions (@fastify/session store). The key is a hash of the session id held in the cookie.
CREATE TABLE admin_sessions (
  id_hash TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);

-- Adults living in each xã/phường (the denominator of coverage), as imported by an admin (CSV code,count).
CREATE TABLE commune_population (
  code TEXT PRIMARY KEY,
  adults INTEGER NOT NULL CHECK (adults >= 0),
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
) WITHOUT ROWID;

-- What citizens ask, counted per week (Monday, Vietnam time) and outcome, with the text redacted and
-- normalised. Never who asked: no learner, chat or commune is stored here, so rows are not personal data
-- and /xoadulieu has nothing to remove. `question` is the grouping key (folded); `shown` the first
-- redacted wording seen.
CREATE TABLE question_stats (
  week TEXT NOT NULL,
  outcome TEXT NOT NULL,
  question TEXT NOT NULL,
  shown TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_at TEXT NOT NULL,
  handled_at TEXT,
  handled_by TEXT,
  PRIMARY KEY (week, outcome, question)
) WITHOUT ROWID;
