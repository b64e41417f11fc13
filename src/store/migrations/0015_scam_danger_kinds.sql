-- Scam-check counts gain a third measure, 'danger-kind': each red-flag kind of a check whose verdict was
-- danger. The dashboard uses it to mark a danger kind not seen before in a commune as a candidate for an
-- announcement. Still only numbers: never the checked content, never who checked.
-- SQLite cannot alter a CHECK constraint, so the table is rebuilt with its rows.
CREATE TABLE scam_check_counts_new (
  commune_code TEXT NOT NULL,
  iso_week TEXT NOT NULL,            -- e.g. 2026-W49
  measure TEXT NOT NULL CHECK (measure IN ('verdict', 'kind', 'danger-kind')),
  value TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (commune_code, iso_week, measure, value)
) WITHOUT ROWID;
INSERT INTO scam_check_counts_new (commune_code, iso_week, measure, value, count)
  SELECT commune_code, iso_week, measure, value, count FROM scam_check_counts;
DROP TABLE scam_check_counts;
ALTER TABLE scam_check_counts_new RENAME TO scam_check_counts;
