-- Counts of scam checks ("Kiểm tra giúp tôi"), for officers: never the checked content, never who checked.
-- One row per (xã/phường, ISO week, what was counted): `measure` is 'verdict' or 'kind', `value` the
-- verdict (danger | suspicious | no-signs) or the red-flag kind (otp-request, link-lookalike…).
-- commune_code '' means the person has not given a xã/phường.
CREATE TABLE scam_check_counts (
  commune_code TEXT NOT NULL,
  iso_week TEXT NOT NULL,            -- e.g. 2026-W49
  measure TEXT NOT NULL CHECK (measure IN ('verdict', 'kind')),
  value TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (commune_code, iso_week, measure, value)
) WITHOUT ROWID;
