-- The rows in flight of the broadcast queue (at most the send concurrency per channel): found at start-up
-- (they become in-doubt after a crash) and when a broadcast finishes, without scanning every recipient
-- row of a large broadcast.
CREATE INDEX broadcast_recipients_in_flight ON broadcast_recipients (broadcast_id) WHERE state = 'sending';
