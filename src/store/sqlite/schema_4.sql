-- Schema version 4: proposals on a case's retention that the principal leader decides (R13.2,
-- R14). A new store runs this script after schema_3.sql; Store::Load runs it, in the same one
-- transaction as any earlier step, on an older store opened for writing. It only adds.

-- kind long_term: keep the case's recordings long-term under `trigger` (R14.1 … R14.4);
-- kind shorten: change the retention class to the shorter `to_class`. Proposed by those who work
-- on the case; approving applies the change in the same transaction (retention_change row).
CREATE TABLE retention_proposal (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_file(id),
  kind        TEXT NOT NULL CHECK (kind IN ('long_term', 'shorten')),
  trigger     TEXT,                          -- R14.x, for long_term
  to_class    TEXT,                          -- the shorter class, for shorten
  reason      TEXT NOT NULL,
  proposed_by TEXT NOT NULL,                 -- ledger names
  proposed_us INTEGER NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'refused')),
  decided_by  TEXT,
  decided_us  INTEGER,
  decision    TEXT NOT NULL DEFAULT ''       -- the principal leader's reason
) STRICT;
CREATE INDEX retention_proposal_case ON retention_proposal (case_id);
CREATE INDEX retention_proposal_open ON retention_proposal (state) WHERE state = 'proposed';

UPDATE store_meta SET value = '4' WHERE key = 'schema_version';
