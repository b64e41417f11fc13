-- Officers and admins, the invitations that make someone an officer, and the audit log.
-- An officer is a person on one channel (the same key as learners: channel + platform user id) who may
-- announce to and report on some xã/phường; an admin may do so for the whole province. Officers are
-- staff records, not learners' data, so /xoadulieu does not remove them (an admin revokes them).
CREATE TABLE officers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL,
  platform_user_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'officer')),
  -- JSON array of commune codes from content/communes.yaml (empty for an admin: the whole province).
  communes TEXT NOT NULL DEFAULT '[]',
  display_name TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (channel, platform_user_id)
);

-- An invitation an admin creates; the future officer sends its code to the bot. Only a hash of the code
-- is kept, so a copy of the database does not give away unused invitations.
CREATE TABLE officer_invites (
  code_hash TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'officer')),
  communes TEXT NOT NULL DEFAULT '[]',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by TEXT
) WITHOUT ROWID;

-- Who did what, when: grants, revocations, sign-ins, broadcasts, exports. `actor` is "cli" or
-- "<channel>:<user id>"; `detail` a small JSON object (never a citizen's message).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
