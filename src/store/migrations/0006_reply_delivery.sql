-- Delivery recorded per platform message, and bounded retries.
-- `sent` counts replies fully delivered; `parts_sent` counts the platform messages of the next reply
-- (a long text split in pieces, a photo before its text) already delivered, so a resumed delivery starts
-- after the last message recorded as delivered. `attempts` counts failed delivery rounds (given up past a bound).
ALTER TABLE intake ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE intake ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
-- Handled rows no longer say whose they were (the chat key is blanked when a row is done).
UPDATE intake SET chat_key = '' WHERE status = 'done';
