-- The learner's most recent active day (Vietnam local date, YYYY-MM-DD), kept on the learner row so a
-- message only writes learner_days when the day changed (the row is read on every message anyway).
-- NULL: not known yet (the next message records the day). learner_days stays the history of the streak.
ALTER TABLE learners ADD COLUMN last_active_day TEXT;
UPDATE learners SET last_active_day = (SELECT max(day) FROM learner_days WHERE learner_days.learner_id = learners.id);
