-- What a completion code certifies: each topic passed, with its topic-quiz score, how many of its
-- lessons were opened, and when the topic counted as passed (its quiz passed and all its lessons opened).
-- Codes issued before this migration have no rows here (verify says so).
CREATE TABLE completion_topics (
  code TEXT NOT NULL REFERENCES completions (code) ON DELETE CASCADE,
  -- The topic's place in the curriculum when the code was issued (the listing order).
  position INTEGER NOT NULL,
  topic_id TEXT NOT NULL,
  topic_title TEXT NOT NULL,
  lessons_opened INTEGER NOT NULL,
  lessons_total INTEGER NOT NULL,
  quiz_correct INTEGER NOT NULL,
  quiz_total INTEGER NOT NULL,
  passed_at TEXT NOT NULL,
  PRIMARY KEY (code, topic_id)
) WITHOUT ROWID;

-- How the bot addresses the person (bạn, anh, chị, cô, chú, ông, bà): NULL until asked, '' when skipped
-- (then the neutral "bạn").
ALTER TABLE learners ADD COLUMN address_form TEXT;
