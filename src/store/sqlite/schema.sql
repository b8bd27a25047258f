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

INSERT INTO store_meta (key, value) VALUES ('schema_version', '2');

-- ---------------------------------------------------------------------------------------------
-- The bureau and its enforcement work (the regulation core). Instants are INTEGER microseconds
-- since the Unix epoch (UTC); civil dates are TEXT 'YYYY-MM-DD' in Asia/Shanghai. Every change to
-- these tables is made by a service together with its ledger event, in one transaction.

CREATE TABLE section (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_us INTEGER NOT NULL
) STRICT;

CREATE TABLE person (
  id               TEXT PRIMARY KEY,          -- login name, e.g. 'zhang.wei'
  name             TEXT NOT NULL,
  section          TEXT REFERENCES section(code),
  cert_no          TEXT,                      -- 执法证号
  cert_valid_until TEXT,                      -- last day the certificate is valid
  active           INTEGER NOT NULL DEFAULT 1,
  created_us       INTEGER NOT NULL
) STRICT;

-- officer, archivist, section_head, legal_reviewer, principal_leader, sysadmin, secadmin, auditor
CREATE TABLE person_role (
  person TEXT NOT NULL REFERENCES person(id),
  role   TEXT NOT NULL,
  PRIMARY KEY (person, role)
) STRICT;

CREATE TABLE device (
  serial     TEXT PRIMARY KEY,
  type       TEXT NOT NULL,                   -- body_camera, camera, audio_recorder, camcorder, cctv
  section    TEXT REFERENCES section(code),
  created_us INTEGER NOT NULL
) STRICT;

-- Who held which device when (R11.2); to_us NULL while still held.
CREATE TABLE device_assignment (
  id      INTEGER PRIMARY KEY,
  serial  TEXT NOT NULL REFERENCES device(serial),
  person  TEXT NOT NULL REFERENCES person(id),
  from_us INTEGER NOT NULL,
  to_us   INTEGER
) STRICT;
CREATE INDEX device_assignment_by_serial ON device_assignment (serial, from_us);

CREATE TABLE case_file (
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,       -- the bureau's case number
  kind            TEXT NOT NULL,
  title           TEXT NOT NULL,
  section         TEXT NOT NULL REFERENCES section(code),
  stage           TEXT NOT NULL,
  classification  TEXT NOT NULL,
  retention       TEXT NOT NULL,              -- permanent, 30y, 10y
  long_term       INTEGER NOT NULL DEFAULT 0, -- R14 long-term keeping of audio-visual records
  flags           TEXT NOT NULL DEFAULT '[]', -- catalogue flags: if_hearing, if_serious, …
  onsite_start_us INTEGER,                    -- on-site enforcement began (R9.2)
  onsite_end_us   INTEGER,
  ended_us        INTEGER,                    -- enforcement ended: the R13.1 clock starts
  archived_us     INTEGER,                    -- disc set registered (R13.1 met)
  disposed_us     INTEGER,
  created_us      INTEGER NOT NULL,
  created_by      TEXT NOT NULL,
  -- Kept by triggers (below text_record and av_record) so that the compliance report reads only
  -- the cases that can break a rule: the distinct doc_type of the case's text records, sorted,
  -- joined by char(31); and the first start of a recording of the case that overlaps the
  -- on-site visit (NULL when none does).
  doc_types          TEXT NOT NULL DEFAULT '',
  onsite_first_av_us INTEGER
) STRICT;
CREATE INDEX case_by_section_stage ON case_file (section, stage);
CREATE INDEX case_by_kind ON case_file (kind);
CREATE INDEX case_archive_open ON case_file (ended_us) WHERE archived_us IS NULL;
-- R3.2: what a case misses depends only on its kind, stage, flags and doc_types, so the report
-- checks each distinct combination once and reads the cases of only those that miss something.
-- The last two columns let it read them from the index alone.
CREATE INDEX case_documents ON case_file (kind, stage, flags, doc_types, number, disposed_us)
  WHERE disposed_us IS NULL;
-- Art. 42: the cases under investigation or later and not ended, read from the index alone.
CREATE INDEX case_open_after_start ON case_file (section, number, stage, ended_us)
  WHERE stage <> 'start' AND ended_us IS NULL;
-- R17.1, R9.2: on-site visits without a recording, and recordings that began late.
CREATE INDEX case_onsite_unrecorded ON case_file (onsite_start_us)
  WHERE onsite_first_av_us IS NULL AND onsite_start_us IS NOT NULL;
CREATE INDEX case_onsite_delay ON case_file (onsite_first_av_us - onsite_start_us);

CREATE TABLE case_party (
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  name    TEXT NOT NULL,
  type    TEXT NOT NULL,                      -- person, organisation
  id_no   TEXT
) STRICT;
CREATE INDEX case_party_by_case ON case_party (case_id);

CREATE TABLE case_officer (
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  person  TEXT NOT NULL REFERENCES person(id),
  PRIMARY KEY (case_id, person)
) STRICT;
CREATE INDEX case_officer_by_person ON case_officer (person);

-- Every stage change, forward or back (R3.1); history only grows.
CREATE TABLE stage_change (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES case_file(id),
  from_stage TEXT,
  to_stage   TEXT NOT NULL,
  backward   INTEGER NOT NULL,
  reason     TEXT NOT NULL,
  actor      TEXT NOT NULL,
  at_us      INTEGER NOT NULL
) STRICT;
CREATE INDEX stage_change_by_case ON stage_change (case_id);

CREATE TABLE text_record (
  id             INTEGER PRIMARY KEY,
  case_id        INTEGER NOT NULL REFERENCES case_file(id),
  stage          TEXT NOT NULL,
  doc_type       TEXT NOT NULL,
  title          TEXT NOT NULL,
  fields         TEXT NOT NULL DEFAULT '{}',
  blob_sha256    TEXT REFERENCES blob(sha256),
  classification TEXT NOT NULL,
  created_us     INTEGER NOT NULL,
  created_by     TEXT NOT NULL
) STRICT;
CREATE INDEX text_record_by_case ON text_record (case_id, doc_type);

-- case_file.doc_types follows the case's text records, whoever writes them.
CREATE TRIGGER text_record_doc_added AFTER INSERT ON text_record
BEGIN
  UPDATE case_file SET doc_types = (SELECT coalesce(group_concat(doc_type, char(31)), '') FROM
    (SELECT DISTINCT doc_type FROM text_record WHERE case_id = NEW.case_id ORDER BY doc_type))
  WHERE id = NEW.case_id;
END;
CREATE TRIGGER text_record_doc_changed AFTER UPDATE OF case_id, doc_type ON text_record
BEGIN
  UPDATE case_file SET doc_types = (SELECT coalesce(group_concat(doc_type, char(31)), '') FROM
    (SELECT DISTINCT doc_type FROM text_record WHERE case_id = OLD.case_id ORDER BY doc_type))
  WHERE id = OLD.case_id;
  UPDATE case_file SET doc_types = (SELECT coalesce(group_concat(doc_type, char(31)), '') FROM
    (SELECT DISTINCT doc_type FROM text_record WHERE case_id = NEW.case_id ORDER BY doc_type))
  WHERE id = NEW.case_id;
END;
CREATE TRIGGER text_record_doc_removed AFTER DELETE ON text_record
BEGIN
  UPDATE case_file SET doc_types = (SELECT coalesce(group_concat(doc_type, char(31)), '') FROM
    (SELECT DISTINCT doc_type FROM text_record WHERE case_id = OLD.case_id ORDER BY doc_type))
  WHERE id = OLD.case_id;
END;

-- An audio-visual record: one continuous recording of one device (R3.3, R7, R10).
CREATE TABLE av_record (
  id                  INTEGER PRIMARY KEY,
  case_id             INTEGER REFERENCES case_file(id),   -- NULL until matched to a case
  stage               TEXT,
  device              TEXT REFERENCES device(serial),
  officer             TEXT REFERENCES person(id),
  start_us            INTEGER NOT NULL,
  end_us              INTEGER NOT NULL,
  place               TEXT NOT NULL DEFAULT '',
  landmark            TEXT NOT NULL DEFAULT '',           -- R10.4
  classification      TEXT NOT NULL,
  checklist           TEXT NOT NULL DEFAULT '{}',         -- R7.1–R7.6, R10.1
  consent             INTEGER NOT NULL DEFAULT 0,         -- R8.1 party consented
  not_recorded_reason TEXT,                               -- R8.1–R8.2
  upload_exemption    TEXT,                               -- R12.2 reason
  created_us          INTEGER NOT NULL,
  created_by          TEXT NOT NULL,
  -- For the compliance report: the latest upload of the record's files, NULL while none is
  -- uploaded (kept by the triggers on av_segment); and whether the checklist holds every item of
  -- ChecklistItems() (recordings.cc) as JSON true. A change to those items changes this too.
  last_upload_us      INTEGER,
  checklist_complete  INTEGER GENERATED ALWAYS AS (CASE WHEN json_valid(checklist) THEN
    json_type(checklist, '$.scene_and_certificate_shown') IS 'true' AND
    json_type(checklist, '$.rights_informed') IS 'true' AND
    json_type(checklist, '$.standard_notice_given') IS 'true' AND
    json_type(checklist, '$.parties_and_conduct') IS 'true' AND
    json_type(checklist, '$.evidence_recorded') IS 'true' AND
    json_type(checklist, '$.measures_recorded') IS 'true' AND
    json_type(checklist, '$.documents_served') IS 'true' AND
    json_type(checklist, '$.place_sign_recorded') IS 'true' ELSE 0 END) VIRTUAL,
  CHECK (end_us >= start_us)
) STRICT;
CREATE INDEX av_record_by_case ON av_record (case_id, start_us, end_us);
CREATE INDEX av_record_by_officer ON av_record (officer, start_us);
-- R12.1: uploads later than the term (a range of the delay), and recordings with nothing
-- uploaded (a range of their end, read from the index alone).
CREATE INDEX av_record_upload_delay ON av_record (last_upload_us - end_us);
CREATE INDEX av_record_not_uploaded ON av_record (end_us, case_id, officer, upload_exemption,
  last_upload_us) WHERE last_upload_us IS NULL;
-- R7: the recordings whose checklist lacks an item.
CREATE INDEX av_record_checklist_open ON av_record (case_id) WHERE checklist_complete = 0;

-- case_file.onsite_first_av_us follows the case's recordings and its on-site visit.
CREATE TRIGGER av_record_onsite_added AFTER INSERT ON av_record WHEN NEW.case_id IS NOT NULL
BEGIN
  UPDATE case_file SET onsite_first_av_us = (SELECT min(a.start_us) FROM av_record a
    WHERE a.case_id = case_file.id AND a.end_us >= case_file.onsite_start_us
    AND a.start_us <= coalesce(case_file.onsite_end_us, case_file.onsite_start_us))
  WHERE id = NEW.case_id;
END;
CREATE TRIGGER av_record_onsite_changed AFTER UPDATE OF case_id, start_us, end_us ON av_record
BEGIN
  UPDATE case_file SET onsite_first_av_us = (SELECT min(a.start_us) FROM av_record a
    WHERE a.case_id = case_file.id AND a.end_us >= case_file.onsite_start_us
    AND a.start_us <= coalesce(case_file.onsite_end_us, case_file.onsite_start_us))
  WHERE id IN (OLD.case_id, NEW.case_id);
END;
CREATE TRIGGER av_record_onsite_removed AFTER DELETE ON av_record WHEN OLD.case_id IS NOT NULL
BEGIN
  UPDATE case_file SET onsite_first_av_us = (SELECT min(a.start_us) FROM av_record a
    WHERE a.case_id = case_file.id AND a.end_us >= case_file.onsite_start_us
    AND a.start_us <= coalesce(case_file.onsite_end_us, case_file.onsite_start_us))
  WHERE id = OLD.case_id;
END;
CREATE TRIGGER case_onsite_set AFTER INSERT ON case_file WHEN NEW.onsite_start_us IS NOT NULL
BEGIN
  UPDATE case_file SET onsite_first_av_us = (SELECT min(a.start_us) FROM av_record a
    WHERE a.case_id = case_file.id AND a.end_us >= case_file.onsite_start_us
    AND a.start_us <= coalesce(case_file.onsite_end_us, case_file.onsite_start_us))
  WHERE id = NEW.id;
END;
CREATE TRIGGER case_onsite_changed AFTER UPDATE OF onsite_start_us, onsite_end_us ON case_file
BEGIN
  UPDATE case_file SET onsite_first_av_us = (SELECT min(a.start_us) FROM av_record a
    WHERE a.case_id = case_file.id AND a.end_us >= case_file.onsite_start_us
    AND a.start_us <= coalesce(case_file.onsite_end_us, case_file.onsite_start_us))
  WHERE id = NEW.id;
END;

-- The files of an audio-visual record, each an original in the vault.
CREATE TABLE av_segment (
  id          INTEGER PRIMARY KEY,
  av_id       INTEGER NOT NULL REFERENCES av_record(id),
  blob_sha256 TEXT NOT NULL REFERENCES blob(sha256),
  start_us    INTEGER NOT NULL,
  end_us      INTEGER NOT NULL,
  uploaded_us INTEGER NOT NULL,
  CHECK (end_us >= start_us)
) STRICT;
CREATE INDEX av_segment_by_av ON av_segment (av_id, uploaded_us);

-- av_record.last_upload_us follows the record's files.
CREATE TRIGGER av_segment_added AFTER INSERT ON av_segment
BEGIN
  UPDATE av_record SET last_upload_us =
    (SELECT max(uploaded_us) FROM av_segment WHERE av_id = NEW.av_id) WHERE id = NEW.av_id;
END;
CREATE TRIGGER av_segment_changed AFTER UPDATE OF av_id, uploaded_us ON av_segment
BEGIN
  UPDATE av_record SET last_upload_us =
    (SELECT max(uploaded_us) FROM av_segment WHERE av_id = OLD.av_id) WHERE id = OLD.av_id;
  UPDATE av_record SET last_upload_us =
    (SELECT max(uploaded_us) FROM av_segment WHERE av_id = NEW.av_id) WHERE id = NEW.av_id;
END;
CREATE TRIGGER av_segment_removed AFTER DELETE ON av_segment
BEGIN
  UPDATE av_record SET last_upload_us =
    (SELECT max(uploaded_us) FROM av_segment WHERE av_id = OLD.av_id) WHERE id = OLD.av_id;
END;

-- R9.2–R9.4: a break in recording and what was done about it.
CREATE TABLE interruption (
  id                INTEGER PRIMARY KEY,
  av_id             INTEGER NOT NULL REFERENCES av_record(id),
  start_us          INTEGER NOT NULL,
  end_us            INTEGER,                  -- NULL: recording could not resume
  reason            TEXT,                     -- NULL until explained
  reason_note       TEXT NOT NULL DEFAULT '',
  voice_explained   INTEGER NOT NULL DEFAULT 0,
  head_reported_to  TEXT REFERENCES person(id),
  head_reported_by  TEXT,
  head_reported_us  INTEGER,
  written_by        TEXT,
  written_us        INTEGER,
  written_text      TEXT,
  found_us          INTEGER NOT NULL,
  found_by          TEXT NOT NULL
) STRICT;
CREATE INDEX interruption_by_av ON interruption (av_id);

CREATE TABLE retention_change (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_file(id),
  from_class  TEXT NOT NULL,
  to_class    TEXT NOT NULL,
  long_term   INTEGER NOT NULL,
  trigger     TEXT,                           -- R14.1 … R14.4
  reason      TEXT NOT NULL,
  actor       TEXT NOT NULL,
  approved_by TEXT,                           -- the principal leader, when it shortens
  at_us       INTEGER NOT NULL
) STRICT;

CREATE TABLE disposal (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_file(id),
  state       TEXT NOT NULL,                  -- proposed, approved, refused, executed
  reason      TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  proposed_us INTEGER NOT NULL,
  decided_by  TEXT,
  decided_us  INTEGER,
  decision    TEXT,
  executed_by TEXT,
  executed_us INTEGER
) STRICT;

-- Originals removed by an executed disposal. The blob row stays; this marks it gone.
CREATE TABLE blob_tombstone (
  sha256      TEXT PRIMARY KEY REFERENCES blob(sha256),
  disposal_id INTEGER NOT NULL REFERENCES disposal(id),
  at_us       INTEGER NOT NULL,
  ledger_seq  INTEGER NOT NULL
) STRICT;
CREATE TRIGGER blob_tombstone_no_update BEFORE UPDATE ON blob_tombstone
BEGIN SELECT RAISE(ABORT, 'append-only: tombstones cannot be changed (R17.5)'); END;
CREATE TRIGGER blob_tombstone_no_delete BEFORE DELETE ON blob_tombstone
BEGIN SELECT RAISE(ABORT, 'append-only: tombstones cannot be deleted (R17.5)'); END;

-- R15.1: a party's request for a copy and what came of it.
CREATE TABLE copy_request (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES case_file(id),
  party         TEXT NOT NULL,
  items         TEXT NOT NULL,                -- JSON: [{"kind":"text"|"av","id":N}] or "all"
  purpose       TEXT NOT NULL,
  state         TEXT NOT NULL,                -- requested, approved, refused, produced, delivered
  requested_by  TEXT NOT NULL,
  requested_us  INTEGER NOT NULL,
  decided_by    TEXT,
  decided_us    INTEGER,
  decision_note TEXT,
  manifest      TEXT,                         -- JSON of the produced copy set
  produced_by   TEXT,
  produced_us   INTEGER,
  received_by   TEXT,
  delivered_by  TEXT,
  delivered_us  INTEGER
) STRICT;

-- ---------------------------------------------------------------------------------------------
-- Accounts and sessions (src/auth): only Argon2id hashes of passwords and SHA-256 of tokens.

-- One row per person who may sign in. locked_until_us is set by repeated failed logins.
CREATE TABLE account (
  person          TEXT PRIMARY KEY REFERENCES person(id),
  password_hash   TEXT NOT NULL,              -- '$argon2id$v=19$m=…,t=…,p=…$salt$hash'
  must_change     INTEGER NOT NULL,           -- 1 after bootstrap or an administrator's reset
  failed_count    INTEGER NOT NULL DEFAULT 0, -- consecutive failed logins
  locked_until_us INTEGER,                    -- NULL: not locked
  changed_us      INTEGER NOT NULL            -- when the password was last set
) STRICT;

-- Signed-in sessions. The token itself is only in the user's cookie.
CREATE TABLE session (
  token_hash   BLOB PRIMARY KEY,              -- SHA-256 of the session token
  person       TEXT NOT NULL REFERENCES person(id),
  csrf         TEXT NOT NULL,                 -- the session's anti-CSRF token
  created_us   INTEGER NOT NULL,
  last_seen_us INTEGER NOT NULL,
  secure       INTEGER NOT NULL DEFAULT 0     -- 1 when signed in over HTTPS
) STRICT;
CREATE INDEX session_by_person ON session (person);

-- The compliance report reads refused changes of originals by event type.
CREATE INDEX ledger_entry_by_type ON ledger_entry (json_extract(data, '$.type'));

-- ---------------------------------------------------------------------------------------------
-- Media (src/media, docs/media.md): facts probed from each original and the pictures and proxies
-- made from it. Both written once with their ledger events and never changed.

-- Facts of one original (R3.3, R10.3). readable = 0 keeps the reason FFmpeg gave.
CREATE TABLE media_facts (
  sha256        TEXT PRIMARY KEY REFERENCES blob(sha256),
  file_name     TEXT NOT NULL,              -- the name the device gave the file
  kind          TEXT NOT NULL,              -- video, audio, image, unknown
  readable      INTEGER NOT NULL,
  reason        TEXT,                       -- why FFmpeg could not read it
  duration_us   INTEGER,
  recorded_us   INTEGER,                    -- start of recording, metadata preferred to name
  facts         TEXT NOT NULL,              -- JSON: {"media", "name", "findings"}
  probed_us     INTEGER NOT NULL
) STRICT;
CREATE INDEX media_facts_by_name ON media_facts (file_name);
-- R10.3: the compliance report reads only the files the import found a problem with.
CREATE INDEX media_facts_with_findings ON media_facts (sha256)
  WHERE json_array_length(facts, '$.findings') > 0;

-- Pictures and proxies made from an original, each itself a blob in the vault.
CREATE TABLE derivative (
  original_sha256 TEXT NOT NULL REFERENCES blob(sha256),
  kind            TEXT NOT NULL,            -- poster, contact_sheet, proxy
  sha256          TEXT NOT NULL REFERENCES blob(sha256),
  created_us      INTEGER NOT NULL,
  params          TEXT NOT NULL,            -- JSON: encoder and settings
  PRIMARY KEY (original_sha256, kind)
) STRICT;

CREATE TRIGGER media_facts_no_update BEFORE UPDATE ON media_facts
BEGIN SELECT RAISE(ABORT, 'media facts are written once'); END;
CREATE TRIGGER media_facts_no_delete BEFORE DELETE ON media_facts
BEGIN SELECT RAISE(ABORT, 'media facts are written once'); END;
CREATE TRIGGER derivative_no_update BEFORE UPDATE ON derivative
BEGIN SELECT RAISE(ABORT, 'derivatives are written once'); END;
CREATE TRIGGER derivative_no_delete BEFORE DELETE ON derivative
BEGIN SELECT RAISE(ABORT, 'derivatives are written once'); END;


-- R13.1: archive disc sets (proposed by the archive component; docs/disc_format.md). A set is the
-- numbered discs made for one case at one time; it is registered (and the case marked archived)
-- by the section's archivist once the discs are read back and verified.
CREATE TABLE disc_set (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES case_file(id),
  code          TEXT NOT NULL UNIQUE,          -- FR<UTC yyyymmddhhmmss>: volume ids, file names
  maker         TEXT NOT NULL,                 -- 制片人: person id
  made_us       INTEGER NOT NULL,
  media         TEXT NOT NULL,                 -- cd, dvd, dvd-dl, bd25, bd50, bd100, custom
  label         TEXT NOT NULL,                 -- printed on every disc of the set
  out_dir       TEXT NOT NULL,                 -- where the images and labels were written
  location      TEXT,                          -- where the discs are kept; set at registration
  state         TEXT NOT NULL,                 -- made, burned, registered
  registered_by TEXT,
  registered_us INTEGER
) STRICT;
CREATE INDEX disc_set_by_case ON disc_set (case_id);

CREATE TABLE disc (
  set_id       INTEGER NOT NULL REFERENCES disc_set(id),
  seq          INTEGER NOT NULL,               -- 1 … total
  total        INTEGER NOT NULL,
  image_sha256 TEXT NOT NULL,                  -- computed while the image was written
  image_sm3    TEXT,                           -- computed when the disc was read back
  size         INTEGER NOT NULL,
  label_text   TEXT NOT NULL,
  image_file   TEXT NOT NULL,
  readback     TEXT,                           -- what was read back: a drive, or the image file
  PRIMARY KEY (set_id, seq)
) STRICT;

CREATE TRIGGER disc_set_no_delete BEFORE DELETE ON disc_set
BEGIN SELECT RAISE(ABORT, 'disc sets are kept (R17.5)'); END;
CREATE TRIGGER disc_no_delete BEFORE DELETE ON disc
BEGIN SELECT RAISE(ABORT, 'discs are kept (R17.5)'); END;
