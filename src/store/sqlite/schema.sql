-- fullrecord metadata store, SQLite backend, schema version 1.
-- Rows that record originals and the ledger are write-once: triggers refuse UPDATE and DELETE
-- (R9.5, R17.2). Tamper with them only by dropping the triggers, which verify then detects.

CREATE TABLE store_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One row per original in the vault, named by its SHA-256 (lower-case hex).
CREATE TABLE blob (
  sha256     TEXT PRIMARY KEY,
  sm3        TEXT NOT NULL,
  size       INTEGER NOT NULL CHECK (size >= 0),
  stored_at  TEXT NOT NULL,
  ledger_seq INTEGER NOT NULL
) STRICT;

-- The ledger's leaves: canonical JSON of each event and its RFC 9162 leaf hash.
CREATE TABLE ledger_entry (
  seq       INTEGER PRIMARY KEY,
  leaf_hash BLOB NOT NULL,
  data      TEXT NOT NULL
) STRICT;

-- Hashes of perfect subtrees above the leaves: (level, idx) covers leaves
-- [idx·2^level, (idx+1)·2^level). Level 0 lives in ledger_entry.
CREATE TABLE ledger_node (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

-- A signed checkpoint (C2SP signed-note) for every tree size the ledger has committed.
CREATE TABLE ledger_checkpoint (
  tree_size INTEGER PRIMARY KEY,
  note      TEXT NOT NULL
) STRICT;

CREATE TRIGGER blob_no_update BEFORE UPDATE ON blob
BEGIN SELECT RAISE(ABORT, 'write-once: blob rows cannot be changed (R9.5)'); END;
CREATE TRIGGER blob_no_delete BEFORE DELETE ON blob
BEGIN SELECT RAISE(ABORT, 'write-once: blob rows cannot be deleted (R9.5)'); END;
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'append-only: ledger entries cannot be changed (R17.2)'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'append-only: ledger entries cannot be deleted (R17.2)'); END;
CREATE TRIGGER ledger_node_no_update BEFORE UPDATE ON ledger_node
BEGIN SELECT RAISE(ABORT, 'append-only: ledger nodes cannot be changed (R17.2)'); END;
CREATE TRIGGER ledger_node_no_delete BEFORE DELETE ON ledger_node
BEGIN SELECT RAISE(ABORT, 'append-only: ledger nodes cannot be deleted (R17.2)'); END;
CREATE TRIGGER ledger_checkpoint_no_update BEFORE UPDATE ON ledger_checkpoint
BEGIN SELECT RAISE(ABORT, 'append-only: checkpoints cannot be changed (R17.2)'); END;
CREATE TRIGGER ledger_checkpoint_no_delete BEFORE DELETE ON ledger_checkpoint
BEGIN SELECT RAISE(ABORT, 'append-only: checkpoints cannot be deleted (R17.2)'); END;

INSERT INTO store_meta (key, value) VALUES ('schema_version', '1');
