// The metadata store's interface: a SQL connection with positional parameters. Components write
// portable SQL with `?` placeholders; each backend (sqlite/, and a server backend later) keeps
// its own schema file and translates what differs. Rows of originals and of the ledger are
// protected inside the database as well: the schemas refuse UPDATE and DELETE on them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/hex.h"
#include "common/status.h"

namespace fullrecord::store {

using Value = std::variant<std::monostate, int64_t, std::string, Bytes>;

struct Row {
  std::vector<Value> columns;

  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(columns.at(i)); }
  int64_t Int(size_t i) const { return std::get<int64_t>(columns.at(i)); }
  const std::string& Text(size_t i) const { return std::get<std::string>(columns.at(i)); }
  const Bytes& Blob(size_t i) const { return std::get<Bytes>(columns.at(i)); }
};

// One connection. Not thread-safe: each thread opens its own.
class Database {
 public:
  virtual ~Database() = default;

  // Runs a statement that returns no rows.
  virtual Status Exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs a query and returns all rows.
  virtual Result<std::vector<Row>> Query(std::string_view sql,
                                         const std::vector<Value>& params = {}) = 0;
  // Runs a query, calling `fn` for each row until it returns false; memory does not grow with
  // the number of rows.
  virtual Status ForEach(std::string_view sql, const std::vector<Value>& params,
                         const std::function<bool(const Row&)>& fn) = 0;

  // Checks the database's own structure (pages, indexes); Corruption says what is wrong.
  virtual Status CheckIntegrity() = 0;

  // A write transaction: serialised against every other writer of the store.
  virtual Status BeginWrite() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

// Begins a write transaction and rolls it back on destruction unless committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db) : db_(db) { status_ = db_.BeginWrite(); }
  ~WriteTransaction() {
    if (status_.ok() && !done_) (void)db_.Rollback();
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  // Whether BeginWrite succeeded.
  const Status& status() const { return status_; }
  Status Commit() {
    done_ = true;
    return db_.Commit();
  }

 private:
  Database& db_;
  Status status_;
  bool done_ = false;
};

}  // namespace fullrecord::store
