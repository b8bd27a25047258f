// SQLite backend of the metadata store: one file, WAL journal, synchronous=FULL so a committed
// transaction survives power loss.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/database.h"

struct sqlite3;
struct sqlite3_stmt;

namespace fullrecord::store {

class SqliteDatabase final : public Database {
 public:
  // Opens an existing database file (create=false) or creates it and applies the schema
  // (create=true, the file must not exist). A file that is not a SQLite database, or is damaged,
  // gives Corruption and is left as it was.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path, bool create);
  ~SqliteDatabase() override;

  Status Exec(std::string_view sql, const std::vector<Value>& params = {}) override;
  Result<std::vector<Row>> Query(std::string_view sql,
                                 const std::vector<Value>& params = {}) override;
  Status ForEach(std::string_view sql, const std::vector<Value>& params,
                 const std::function<bool(const Row&)>& fn) override;
  Status CheckIntegrity() override;
  Status BeginWrite() override;
  Status Commit() override;
  Status Rollback() override;

  // Runs a script of several statements (the schema, migrations).
  Status ExecScript(const std::string& script);

  // Upgrades metadata schema version 2 or 3 to 4 (schema_3.sql, then schema_4.sql) in one write
  // transaction. The version is read again once the transaction holds the write lock, so a
  // store another process has just upgraded is left as it is. Ok when the version is neither;
  // on error nothing changes.
  Status UpgradeSchema();

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql, const std::vector<Value>& params);
  Status Error(int rc, std::string_view what) const;

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace fullrecord::store
