#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>

namespace fullrecord::store {

extern const char* const kSqliteSchema;
extern const char* const kSqliteUpgradeTo3;
extern const char* const kSqliteUpgradeTo4;

namespace {

constexpr int kBusyTimeoutMs = 10'000;

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

Value ColumnValue(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_TEXT:
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                         static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
    case SQLITE_BLOB: {
      auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, i));
      return Bytes(p, p + sqlite3_column_bytes(stmt, i));
    }
    default: return std::monostate{};
  }
}

uint32_t BigEndian32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

// Catches a cut database file before SQLite is let near it: after a clean close (no WAL file)
// the file holds exactly the pages its header counts.
Status CheckFileShape(const std::string& path) {
  struct stat st, wal;
  if (::stat(path.c_str(), &st) != 0) return Status::IOError("cannot stat " + path);
  bool has_wal = ::stat((path + "-wal").c_str(), &wal) == 0 && wal.st_size > 0;
  unsigned char header[100];
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IOError("cannot read " + path);
  size_t n = std::fread(header, 1, sizeof(header), f);
  std::fclose(f);
  if (n < sizeof(header) || std::memcmp(header, "SQLite format 3", 16) != 0) {
    return Status::Corruption("metadata database is damaged: " + path +
                              " is not a SQLite database");
  }
  uint32_t page_size = uint32_t{header[16]} << 8 | header[17];
  if (page_size == 1) page_size = 65536;
  bool count_valid = BigEndian32(header + 24) == BigEndian32(header + 92);
  uint64_t expected = uint64_t{BigEndian32(header + 28)} * page_size;
  if (!has_wal && count_valid && static_cast<uint64_t>(st.st_size) != expected) {
    return Status::Corruption("metadata database is damaged: " + path + " is " +
                              std::to_string(st.st_size) + " bytes but its header says " +
                              std::to_string(expected) + " (truncated?)");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path, bool create) {
  if (create && FileExists(path)) {
    return Status::AlreadyExists("metadata database already exists: " + path);
  }
  if (!create && !FileExists(path)) {
    return Status::Corruption("metadata database is missing: " + path);
  }
  if (!create) FR_RETURN_IF_ERROR(CheckFileShape(path));

  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(raw));
  if (rc != SQLITE_OK) return db->Error(rc, "cannot open " + path);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  sqlite3_extended_result_codes(raw, 1);

  // Reading the schema first proves the file is a database before anything is written to it.
  auto tables = db->Query("SELECT count(*) FROM sqlite_schema");
  if (!tables.ok()) return tables.status().WithContext("metadata database " + path);
  FR_RETURN_IF_ERROR(
      db->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  if (create) {
    FR_RETURN_IF_ERROR(db->ExecScript(std::string("BEGIN;") + kSqliteSchema + "COMMIT;"));
  } else if ((*tables)[0].Int(0) == 0) {
    return Status::Corruption("metadata database " + path + " has no tables");
  }
  return db;
}

SqliteDatabase::~SqliteDatabase() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status SqliteDatabase::Error(int rc, std::string_view what) const {
  std::string msg = std::string(what) + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Status::Corruption("metadata database is damaged: " + msg);
    case SQLITE_FULL: return Status::NoSpace(msg);
    case SQLITE_CONSTRAINT: return Status::FailedPrecondition(msg);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::IOError(msg);
    default: return Status::Internal(msg);
  }
}

Status SqliteDatabase::ExecScript(const std::string& script) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return Error(rc, "script failed (" + msg + ")");
}

Result<sqlite3_stmt*> SqliteDatabase::Prepare(std::string_view sql,
                                              const std::vector<Value>& params) {
  // Statements are prepared once and cached by their text.
  auto it = statements_.find(std::string(sql));
  sqlite3_stmt* stmt = nullptr;
  if (it == statements_.end()) {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "cannot prepare \"" + std::string(sql) + "\"");
    statements_.emplace(std::string(sql), stmt);
  } else {
    stmt = it->second;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }

  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
    return Status::Internal("wrong parameter count for \"" + std::string(sql) + "\"");
  }
  for (size_t i = 0; i < params.size(); ++i) {
    int pos = static_cast<int>(i + 1);
    const Value& v = params[i];
    int rc = SQLITE_OK;
    if (auto* n = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, pos, *n);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, pos, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } else if (auto* b = std::get_if<Bytes>(&v)) {
      rc = sqlite3_bind_blob64(stmt, pos, b->data(), b->size(), SQLITE_TRANSIENT);
    } else {
      rc = sqlite3_bind_null(stmt, pos);
    }
    if (rc != SQLITE_OK) return Error(rc, "cannot bind parameter");
  }
  return stmt;
}

Status SqliteDatabase::ForEach(std::string_view sql, const std::vector<Value>& params,
                               const std::function<bool(const Row&)>& fn) {
  FR_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
  Row row;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    int n = sqlite3_column_count(stmt);
    row.columns.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) row.columns[static_cast<size_t>(i)] = ColumnValue(stmt, i);
    if (!fn(row)) break;
  }
  Status status = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                      ? Status::Ok()
                      : Error(rc, "query \"" + std::string(sql) + "\" failed");
  sqlite3_reset(stmt);
  return status;
}

Result<std::vector<Row>> SqliteDatabase::Query(std::string_view sql,
                                               const std::vector<Value>& params) {
  std::vector<Row> rows;
  FR_RETURN_IF_ERROR(ForEach(sql, params, [&rows](const Row& r) {
    rows.push_back(r);
    return true;
  }));
  return rows;
}

Status SqliteDatabase::Exec(std::string_view sql, const std::vector<Value>& params) {
  return ForEach(sql, params, [](const Row&) { return true; });
}

Status SqliteDatabase::CheckIntegrity() {
  FR_ASSIGN_OR_RETURN(auto rows, Query("PRAGMA quick_check"));
  if (rows.size() == 1 && rows[0].Text(0) == "ok") return Status::Ok();
  std::string msg;
  for (const auto& r : rows) msg += (msg.empty() ? "" : "; ") + r.Text(0);
  return Status::Corruption("metadata database is damaged: " + msg);
}

Status SqliteDatabase::UpgradeSchema() {
  WriteTransaction tx(*this);
  FR_RETURN_IF_ERROR(tx.status());
  FR_ASSIGN_OR_RETURN(auto rows,
                      Query("SELECT value FROM store_meta WHERE key = 'schema_version'"));
  bool from2 = !rows.empty() && rows[0].Text(0) == "2";
  bool from3 = !rows.empty() && rows[0].Text(0) == "3";
  if (!from2 && !from3) return Status::Ok();

  // Each step moves the version on by one; all of them commit together or not at all.
  if (from2) FR_RETURN_IF_ERROR(ExecScript(kSqliteUpgradeTo3));
  FR_RETURN_IF_ERROR(ExecScript(kSqliteUpgradeTo4));
  return tx.Commit();
}

Status SqliteDatabase::BeginWrite() {
  return Exec("BEGIN IMMEDIATE");
}
Status SqliteDatabase::Commit() {
  return Exec("COMMIT");
}
Status SqliteDatabase::Rollback() {
  return Exec("ROLLBACK");
}

}  // namespace fullrecord::store
