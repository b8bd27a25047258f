// What the system administrator needs: the state of the store and the server, and backups
// (app/backup.h). Every request of another role is refused and the refusal is a ledger event.
#include <sys/statvfs.h>

#include <filesystem>

#include "api/fields.h"
#include "api/routes.h"
#include "app/backup.h"

namespace fullrecord::api {
namespace {

constexpr int64_t kBackupsShown = 10;

Status RequireSysAdmin(Call& c, const char* event) {
  if (c.actor.Has(services::Role::kSysAdmin)) return Status::Ok();
  return services::Refuse(
      c.ctx, c.actor, event, Json::object(),
      Status::PermissionDenied("only the system administrator sees the system's state",
                               "只有系统管理员可以查看系统状态"));
}

uint64_t FileSize(const std::string& path) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

Result<Json> DiskJson(const std::string& dir) {
  struct statvfs vfs;
  if (::statvfs(dir.c_str(), &vfs) != 0) return Status::IOError("cannot statvfs " + dir);
  uint64_t total = uint64_t{vfs.f_blocks} * vfs.f_frsize;
  uint64_t free = uint64_t{vfs.f_bavail} * vfs.f_frsize;
  return Json{{"total_bytes", total}, {"free_bytes", free}, {"used_bytes", total - free}};
}

Result<Json> VaultJson(store::Database& db) {
  FR_ASSIGN_OR_RETURN(auto rows,
                      db.Query("SELECT count(*), coalesce(sum(size), 0) FROM blob "
                               "WHERE sha256 NOT IN (SELECT sha256 FROM blob_tombstone)"));
  return Json{{"blobs", rows[0].Int(0)}, {"bytes", rows[0].Int(1)}};
}

Result<Json> LedgerJson(app::Store& store) {
  FR_ASSIGN_OR_RETURN(uint64_t size, store.ledger().Size());
  FR_ASSIGN_OR_RETURN(auto rows, store.db().Query("SELECT json_extract(data, '$.time') FROM "
                                                  "ledger_entry ORDER BY seq DESC LIMIT 1"));
  Json newest = rows.empty() || rows[0].IsNull(0) ? Json() : Json(rows[0].Text(0));
  return Json{{"entries", size}, {"newest_checkpoint_at", newest}};
}

// Resumable uploads still receiving bytes (the table exists once the upload routes ran).
Result<int64_t> UploadsInProgress(store::Database& db) {
  FR_ASSIGN_OR_RETURN(auto table, db.Query("SELECT count(*) FROM sqlite_schema WHERE "
                                           "type = 'table' AND name = 'upload'"));
  if (table[0].Int(0) == 0) return 0;
  FR_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT count(*) FROM upload WHERE state = 'receiving'"));
  return rows[0].Int(0);
}

Result<Json> BackupsJson(store::Database& db) {
  FR_ASSIGN_OR_RETURN(auto backups, app::ListBackups(db, kBackupsShown));
  Json out = Json::array();
  for (const auto& b : backups) out.push_back(b.ToJson());
  return out;
}

Result<Json> StatusJson(Call& c, UnixMicros started) {
  app::Store& store = c.store;
  FR_ASSIGN_OR_RETURN(Json disk, DiskJson(store.dir()));
  FR_ASSIGN_OR_RETURN(Json vault, VaultJson(store.db()));
  FR_ASSIGN_OR_RETURN(Json ledger, LedgerJson(store));
  FR_ASSIGN_OR_RETURN(int64_t uploads, UploadsInProgress(store.db()));
  FR_ASSIGN_OR_RETURN(Json backups, BackupsJson(store.db()));
  std::string db = store.dir() + "/metadata.db";
  UnixMicros now = NowMicros();
  return Json{{"store", {{"path", store.dir()}, {"origin", store.origin()}}},
              {"disk", disk},
              {"vault", vault},
              {"database", {{"bytes", FileSize(db)}, {"wal_bytes", FileSize(db + "-wal")}}},
              {"ledger", ledger},
              {"uploads_in_progress", uploads},
              {"server",
               {{"version", FR_VERSION},
                {"started_at", FormatUtc(started)},
                {"uptime_seconds", (now - started) / 1'000'000}}},
              {"backups", backups}};
}

void MakeBackup(Call& c) {
  if (Status s = app::MayBackUp(c.ctx, c.actor); !s.ok()) return c.Fail(s);
  auto f = Fields::Read(c);
  if (!f) return;
  std::string destination = f->Text("destination");
  if (!f->ok()) return c.Fail(f->status());
  auto record = app::MakeBackup(c.store, c.actor, destination);
  if (!record.ok()) return c.Fail(record.status());
  c.Reply(record->ToJson(), http::status::created);
}

}  // namespace

void AddAdminRoutes(Api& api) {
  UnixMicros started = NowMicros();
  api.Route(http::verb::get, "/api/system/status",
            {"Store, disk, vault, ledger, uploads, server and last backups (sysadmin)", "system"},
            Access::kSession, [started](Call& c) {
              if (Status s = RequireSysAdmin(c, "system.status"); !s.ok()) return c.Fail(s);
              auto status = StatusJson(c, started);
              if (!status.ok()) return c.Fail(status.status());
              c.Reply(*status);
            });
  api.Route(http::verb::post, "/api/system/backups",
            {"Back up the store into {destination}, an absolute directory (sysadmin)", "system"},
            Access::kSession, MakeBackup);
}

}  // namespace fullrecord::api
