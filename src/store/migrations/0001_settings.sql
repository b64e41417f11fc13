-- Service-wide settings that must survive restarts (for example a generated webhook secret).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
