-- Delivery details of the broadcast queue.
-- `channel`: the recipient's channel copied at queueing time, so each channel's worker finds its next
-- rows through one small index instead of joining every queued row with learners.
-- `text`: a per-recipient message (reminders name each person's own next step); NULL = the broadcast's text.
ALTER TABLE broadcast_recipients ADD COLUMN channel TEXT;
ALTER TABLE broadcast_recipients ADD COLUMN text TEXT;
UPDATE broadcast_recipients SET channel = (SELECT l.channel FROM learners l WHERE l.id = broadcast_recipients.learner_id);
-- The queue: only queued rows, in the order they are sent (per channel, oldest broadcast first).
CREATE INDEX broadcast_recipients_queue ON broadcast_recipients (channel, broadcast_id, next_attempt_at, learner_id)
  WHERE state = 'queued';
DROP INDEX broadcast_recipients_due;
CREATE INDEX broadcasts_active ON broadcasts (state) WHERE state IN ('sending', 'paused');
