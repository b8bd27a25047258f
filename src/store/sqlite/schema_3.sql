-- Schema version 3: backups of the store and daily compliance snapshots. A new store runs this
-- script right after schema.sql; Store::Load runs it, in one transaction, on a version 2 store
-- opened for writing. It must therefore only add, never rebuild.

-- One row per backup made (fullrecord backup, POST /api/system/backups), kept for the system
-- administrator's status page. result: ok or failed (message says why).
CREATE TABLE backup (
  id             INTEGER PRIMARY KEY,
  started_us     INTEGER NOT NULL,
  finished_us    INTEGER NOT NULL,
  destination    TEXT NOT NULL,           -- absolute directory the copy was written to
  actor          TEXT NOT NULL,           -- as in ledger events: user:<id>, console:<user>
  blobs_copied   INTEGER NOT NULL,
  blobs_skipped  INTEGER NOT NULL,        -- already present in the destination, verified
  bytes_copied   INTEGER NOT NULL,
  database_bytes INTEGER NOT NULL,
  result         TEXT NOT NULL CHECK (result IN ('ok', 'failed')),
  message        TEXT NOT NULL DEFAULT ''
) STRICT;

-- Open findings of the compliance report, counted once a day per section, rule and severity
-- (the workbench chart). reconstructed = 1: counted afterwards for a past day from the cases
-- that existed then, not on the day itself. Each counted day also has a row of section '', rule
-- '' and severity 'total' holding all its findings, so a day with none is still a counted day.
CREATE TABLE compliance_snapshot (
  day           TEXT NOT NULL,            -- YYYY-MM-DD in Asia/Shanghai
  section       TEXT NOT NULL,            -- '' for findings of no section
  rule_id       TEXT NOT NULL,
  severity      TEXT NOT NULL,
  count         INTEGER NOT NULL CHECK (count >= 0),
  taken_us      INTEGER NOT NULL,
  reconstructed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, section, rule_id, severity)
) STRICT, WITHOUT ROWID;

UPDATE store_meta SET value = '3' WHERE key = 'schema_version';
