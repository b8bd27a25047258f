#include "app/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "app/files.h"
#include "common/json.h"
#include "common/time.h"
#include "store/sqlite/sqlite_database.h"

namespace fullrecord::app {
namespace {

namespace fs = std::filesystem;

constexpr int kFormatVersion = 1;
constexpr const char* kFormatName = "fullrecord-store";

struct KeySpec {
  crypto::KeyType type;
  const char* suffix;
};
constexpr KeySpec kKeySpecs[] = {{crypto::KeyType::kEd25519, "ed25519"},
                                 {crypto::KeyType::kSm2, "sm2"}};

std::string RandomId() {
  std::random_device rd;
  uint8_t bytes[8];
  for (auto& b : bytes) b = static_cast<uint8_t>(rd());
  return ToHex(bytes, sizeof(bytes));
}

Status CheckEmptyOrAbsent(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Status::Ok();
  if (!fs::is_directory(dir, ec))
    return Status::InvalidArgument(dir + " exists and is not a directory");
  if (fs::exists(dir + "/store.json", ec)) {
    return Status::AlreadyExists(dir + " is already a fullrecord store");
  }
  if (!fs::is_empty(dir, ec)) {
    return Status::InvalidArgument(dir + " is not empty; init needs a new or empty directory");
  }
  return Status::Ok();
}

std::string KeyName(const std::string& origin, const char* suffix) {
  return origin + "/" + suffix;
}

Result<std::vector<ledger::NoteSigner>> CreateKeys(const std::string& keys_dir,
                                                   const std::string& origin) {
  std::vector<ledger::NoteSigner> signers;
  for (const auto& spec : kKeySpecs) {
    FR_ASSIGN_OR_RETURN(crypto::PrivateKey key, crypto::PrivateKey::Generate(spec.type));
    std::string base = keys_dir + "/ledger-" + spec.suffix;
    FR_RETURN_IF_ERROR(key.SavePemFile(base + ".key"));
    FR_RETURN_IF_ERROR(WriteFileAtomically(base + ".pub.pem", key.Public().ToPem(), 0644));
    signers.push_back({KeyName(origin, spec.suffix), std::move(key)});
  }
  std::string vkeys;
  for (const auto& s : signers) vkeys += s.Verifier().ToVerifierString() + "\n";
  FR_RETURN_IF_ERROR(WriteFileAtomically(keys_dir + "/ledger.vkeys", vkeys, 0644));
  return signers;
}

Result<std::vector<ledger::NoteSigner>> LoadSigners(const std::string& keys_dir,
                                                    const std::string& origin) {
  std::vector<ledger::NoteSigner> signers;
  for (const auto& spec : kKeySpecs) {
    auto key = crypto::PrivateKey::LoadPemFile(keys_dir + "/ledger-" + spec.suffix + ".key");
    if (!key.ok()) return key.status().WithContext("ledger signing key");
    signers.push_back({KeyName(origin, spec.suffix), std::move(key).value()});
  }
  return signers;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Init(const std::string& dir, const std::string& actor) {
  FR_RETURN_IF_ERROR(CheckEmptyOrAbsent(dir));
  std::error_code ec;
  fs::create_directories(dir + "/keys", ec);
  if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());
  fs::permissions(dir + "/keys", fs::perms::owner_all, ec);

  std::string origin = "fullrecord.local/" + RandomId();
  FR_ASSIGN_OR_RETURN(auto signers, CreateKeys(dir + "/keys", origin));
  FR_RETURN_IF_ERROR(vault::local::LocalBlobStore::Create(dir + "/blobs"));
  FR_ASSIGN_OR_RETURN(auto db, store::SqliteDatabase::Open(dir + "/metadata.db", true));

  // The first event names the store and pins its public keys.
  ledger::Ledger ledger(*db, origin, std::move(signers));
  FR_ASSIGN_OR_RETURN(std::string vkeys, ReadFile(dir + "/keys/ledger.vkeys"));
  FR_RETURN_IF_ERROR(ledger
                         .Append({{"store.created",
                                   actor,
                                   "ok",
                                   {{"origin", origin},
                                    {"format_version", kFormatVersion},
                                    {"verifier_keys", vkeys}}}})
                         .status());
  db.reset();

  Json meta = {{"format", kFormatName},
               {"version", kFormatVersion},
               {"origin", origin},
               {"created", FormatUtc(NowMicros())}};
  FR_RETURN_IF_ERROR(WriteFileAtomically(dir + "/store.json", meta.dump(2) + "\n", 0644));
  return Open(dir, true);
}

namespace {

// The metadata schema this build reads (store_meta.schema_version, set by schema.sql,
// schema_3.sql and schema_4.sql). A version 2 or 3 store opened for writing is upgraded in one
// transaction; opened read-only it is read as it is (no read-only command needs the tables the
// later versions add). Any other version is refused, not misread.
constexpr const char* kSchemaVersion = "4";

bool Upgradable(const std::string& version) {
  return version == "2" || version == "3";
}

Result<std::string> SchemaVersion(store::Database& db) {
  FR_ASSIGN_OR_RETURN(auto rows,
                      db.Query("SELECT value FROM store_meta WHERE key = 'schema_version'"));
  return rows.empty() ? std::string("none") : rows[0].Text(0);
}

Status CheckSchemaVersion(store::SqliteDatabase& db, const std::string& dir, bool writable) {
  FR_ASSIGN_OR_RETURN(std::string found, SchemaVersion(db));
  if (found == kSchemaVersion) return Status::Ok();
  if (Upgradable(found) && !writable) return Status::Ok();
  if (Upgradable(found)) {
    Status upgraded = db.UpgradeSchema();
    if (!upgraded.ok()) {
      return upgraded.WithContext("upgrading store " + dir + " from metadata schema version " +
                                  found + " to " + kSchemaVersion);
    }
    FR_ASSIGN_OR_RETURN(found, SchemaVersion(db));
    if (found == kSchemaVersion) return Status::Ok();
  }
  return Status::FailedPrecondition("store " + dir + " has metadata schema version " + found +
                                    "; this build reads versions 2 and 3 (upgrading them to " +
                                    kSchemaVersion + ") and " + kSchemaVersion +
                                    ": keep using the build that made it");
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, bool writable) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("store " + dir + " does not exist (create it with 'fullrecord init')");
  }
  std::unique_ptr<Store> store(new Store());
  store->dir_ = dir;
  FR_RETURN_IF_ERROR(store->Load(writable));
  return store;
}

Status Store::Load(bool writable) {
  // store.json says this directory is a store of a format we understand.
  auto text = ReadFile(dir_ + "/store.json");
  if (!text.ok()) {
    return Status::FailedPrecondition(dir_ + " is not a fullrecord store (no store.json)");
  }
  auto meta = Json::parse(*text, nullptr, false);
  if (meta.is_discarded() || !meta.is_object() || meta.value("format", "") != kFormatName ||
      !meta.contains("origin") || !meta["origin"].is_string()) {
    return Status::Corruption(dir_ + "/store.json is not a fullrecord store description");
  }
  if (meta.value("version", 0) != kFormatVersion) {
    return Status::FailedPrecondition("store format version " +
                                      std::to_string(meta.value("version", 0)) +
                                      " is not supported by this build");
  }
  origin_ = meta["origin"].get<std::string>();

  FR_ASSIGN_OR_RETURN(std::string vkeys, ReadFile(VerifierKeysPath()));
  FR_ASSIGN_OR_RETURN(verifiers_, ledger::ParseVerifiers(vkeys));
  FR_ASSIGN_OR_RETURN(auto db, store::SqliteDatabase::Open(dir_ + "/metadata.db", false));
  FR_RETURN_IF_ERROR(CheckSchemaVersion(*db, dir_, writable));
  db_ = std::move(db);
  FR_ASSIGN_OR_RETURN(blobs_, vault::local::LocalBlobStore::OpenDirectory(dir_ + "/blobs"));

  std::vector<ledger::NoteSigner> signers;
  if (writable) {
    FR_ASSIGN_OR_RETURN(signers, LoadSigners(dir_ + "/keys", origin_));
    (void)blobs_->SweepTemporaries();
  }
  ledger_ = std::make_unique<ledger::Ledger>(*db_, origin_, std::move(signers));
  vault_ = std::make_unique<vault::Vault>(*db_, *blobs_, *ledger_);
  return Status::Ok();
}

services::Context& Store::services() {
  if (services_) return *services_;
  auto calendar = services::HolidayCalendar::LoadFile(services::FindHolidayFile(dir_));
  if (calendar.ok()) {
    calendar_ = std::move(calendar).value();
  } else {
    warnings_.push_back("holiday calendar: " + calendar.status().ToString());
  }
  auto catalogue = services::Catalogue::LoadFile(services::FindCatalogueFile(dir_));
  if (catalogue.ok()) {
    catalogue_ = std::move(catalogue).value();
  } else {
    warnings_.push_back("document catalogue: " + catalogue.status().ToString());
  }
  services_.reset(new services::Context{*db_, *ledger_, *vault_, calendar_ ? &*calendar_ : nullptr,
                                        catalogue_ ? &*catalogue_ : nullptr, NowMicros});
  return *services_;
}

}  // namespace fullrecord::app
