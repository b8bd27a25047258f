-- ---------------------------------------------------------------------------------------------
-- Accounts and sessions (src/auth). A person signs in with a password, of which the store keeps
-- only the Argon2id hash, and of a session only the SHA-256 of its token. Passwords, hashes and
-- tokens never reach the ledger. IF NOT EXISTS lets the auth tests apply this text to a store
-- whose schema may already hold it. No semicolon may stand inside a comment or a statement
-- here: the tests split this text at them.

-- One row per person who may sign in. locked_until_us is set by repeated failed logins.
CREATE TABLE IF NOT EXISTS account (
  person          TEXT PRIMARY KEY REFERENCES person(id),
  password_hash   TEXT NOT NULL,              -- '$argon2id$v=19$m=…,t=…,p=…$salt$hash'
  must_change     INTEGER NOT NULL,           -- 1 after bootstrap or an administrator's reset
  failed_count    INTEGER NOT NULL DEFAULT 0, -- consecutive failed logins
  locked_until_us INTEGER,                    -- NULL: not locked
  changed_us      INTEGER NOT NULL            -- when the password was last set
) STRICT;

-- Signed-in sessions. The token itself is only in the user's cookie.
CREATE TABLE IF NOT EXISTS session (
  token_hash   BLOB PRIMARY KEY,              -- SHA-256 of the session token
  person       TEXT NOT NULL REFERENCES person(id),
  csrf         TEXT NOT NULL,                 -- the session's anti-CSRF token
  created_us   INTEGER NOT NULL,
  last_seen_us INTEGER NOT NULL,
  secure       INTEGER NOT NULL DEFAULT 0     -- 1 when signed in over HTTPS
) STRICT;
CREATE INDEX IF NOT EXISTS session_by_person ON session (person);
