// An opened store directory: the embedded default deployment, one directory holding
//   store.json        identity and format version (written last by init: its presence marks a
//                     complete store)
//   metadata.db       SQLite metadata store with the ledger
//   blobs/            the vault's local backend
//   keys/             ledger signing keys (private 0600) and the public verifier keys
// Layout: docs/store_format.md.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "services/context.h"
#include "store/database.h"
#include "vault/local/local_blob_store.h"
#include "vault/vault.h"

namespace fullrecord::app {

class Store {
 public:
  // Creates a store in `dir`, which must not exist or be empty. `actor` is recorded in the
  // first ledger event, "store.created".
  static Result<std::unique_ptr<Store>> Init(const std::string& dir, const std::string& actor);
  // Opens an existing store. Read-only opening loads no private key and writes nothing.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, bool writable);

  const std::string& dir() const { return dir_; }
  const std::string& origin() const { return origin_; }
  store::Database& db() { return *db_; }
  ledger::Ledger& ledger() { return *ledger_; }
  vault::Vault& vault() { return *vault_; }
  // What the regulation services work with. The holiday calendar and the document catalogue are
  // loaded on first use from FindHolidayFile / FindCatalogueFile; when one cannot be loaded the
  // context holds null for it and `services_warnings()` says why.
  services::Context& services();
  const std::vector<std::string>& services_warnings() const { return warnings_; }

  // The public keys pinned at init (keys/ledger.vkeys).
  const std::vector<ledger::NoteVerifier>& verifiers() const { return verifiers_; }
  std::string VerifierKeysPath() const { return dir_ + "/keys/ledger.vkeys"; }

 private:
  Store() = default;
  Status Load(bool writable);

  std::string dir_;
  std::string origin_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<vault::local::LocalBlobStore> blobs_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<vault::Vault> vault_;
  std::vector<ledger::NoteVerifier> verifiers_;
  std::optional<services::HolidayCalendar> calendar_;
  std::optional<services::Catalogue> catalogue_;
  std::unique_ptr<services::Context> services_;
  std::vector<std::string> warnings_;
};

}  // namespace fullrecord::app
