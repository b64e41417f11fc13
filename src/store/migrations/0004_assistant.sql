-- The LLM-backed assistant: follow-up memory, answer cache, daily token usage, passage embeddings.

-- The last few turns of a conversation, so follow-ups ("bước 2 là sao?") can be understood.
-- conversation_key is `${channel}:${platformUserId}`. Only redacted questions (a question carrying an OTP,
-- password, card number or citizen id is never stored) and a short start of each answer are kept;
-- a handful of turns per person, and old ones are purged. Deleting the learner (/xoadulieu) deletes
-- them through the trigger below (the assistant knows conversations, not learner ids).
CREATE TABLE chat_turns (
  id INTEGER PRIMARY KEY,
  conversation_key TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  -- Unix milliseconds.
  created_at INTEGER NOT NULL
);
CREATE INDEX chat_turns_conversation ON chat_turns (conversation_key, id);
CREATE INDEX chat_turns_created ON chat_turns (created_at);

CREATE TRIGGER learners_delete_chat_turns AFTER DELETE ON learners
BEGIN
  DELETE FROM chat_turns WHERE conversation_key = old.channel || ':' || old.platform_user_id;
END;

-- Answers already given by the model. key = SHA-256 of (normalised question, content version, model,
-- prompts version): a lesson or prompt edit, or another model, never serves a stale answer.
-- The question itself is not stored, only its hash.
CREATE TABLE answer_cache (
  key TEXT PRIMARY KEY,
  -- JSON: {answer, grounded, sources}.
  answer TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  hits INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX answer_cache_created ON answer_cache (created_at);

-- Model usage per Vietnam-local day, for `npm run cli -- usage` and the daily spending guard.
CREATE TABLE llm_usage (
  day TEXT PRIMARY KEY,
  -- Answers that came from the model (cache hits and fallbacks are counted apart).
  answers INTEGER NOT NULL DEFAULT 0,
  model_calls INTEGER NOT NULL DEFAULT 0,
  prompt_tokens INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  embedding_tokens INTEGER NOT NULL DEFAULT 0,
  cache_hits INTEGER NOT NULL DEFAULT 0,
  fallbacks INTEGER NOT NULL DEFAULT 0,
  -- Questions answered extractively because the day's token limit was reached.
  over_limit INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Passage embeddings, keyed by the hash of the embedded text and the model: computed once, reused across
-- restarts, recomputed only for a lesson section that changed.
CREATE TABLE embedding_cache (
  content_hash TEXT NOT NULL,
  model TEXT NOT NULL,
  -- Float32 little-endian.
  vector BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (content_hash, model)
) WITHOUT ROWID;
