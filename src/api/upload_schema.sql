-- ---------------------------------------------------------------------------------------------
-- Resumable uploads (tus 1.0: src/api/tus.cc, docs/uploads.md). One row per upload. Its bytes
-- wait in <store>/uploads/<id>.part until the upload is complete, its digests checked and the
-- file taken into the vault. The row's upload_offset is authoritative: bytes of the part file
-- beyond it (a server killed mid-PATCH) are cut off at the next request. Rows are kept after
-- the upload ends (done, rejected, terminated, expired) so that later requests get an answer
-- and the result stays readable. IF NOT EXISTS: applied at store open or by the upload routes. No semicolon may appear
-- inside a statement or its comments (EnsureUploadSchema splits the text at them).
CREATE TABLE IF NOT EXISTS upload (
  id            TEXT PRIMARY KEY,                 -- 32 lower-case hex characters, random
  person        TEXT NOT NULL REFERENCES person(id),
  length        INTEGER NOT NULL CHECK (length >= 0),   -- Upload-Length
  upload_offset INTEGER NOT NULL DEFAULT 0,       -- bytes received and durable
  metadata      TEXT NOT NULL DEFAULT '{}',       -- Upload-Metadata, decoded, as a JSON object
  created_us    INTEGER NOT NULL,
  expires_us    INTEGER NOT NULL,                 -- unfinished uploads expire then (sliding)
  state         TEXT NOT NULL,                    -- receiving, done, rejected, terminated, expired
  sha256        TEXT,                             -- of the whole file, once complete
  attached      TEXT,                             -- JSON: outcome (digests, is_new, record, error)
  CHECK (upload_offset >= 0 AND upload_offset <= length)
) STRICT;
CREATE INDEX IF NOT EXISTS upload_by_state ON upload (state, expires_us);
CREATE INDEX IF NOT EXISTS upload_by_sha256 ON upload (sha256);
