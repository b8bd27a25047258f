// What every service works with: the store, the ledger, the vault, the calendar and catalogue,
// and a clock. Services are the regulation as code; they depend on nothing above them (no HTTP,
// no CLI). Every change they make is committed together with its ledger event; every refusal of a
// security-relevant action is a ledger event too.
#pragma once

#include <functional>
#include <string>

#include "common/json.h"
#include "common/time.h"
#include "ledger/ledger.h"
#include "services/calendar.h"
#include "services/catalogue.h"
#include "services/model.h"
#include "store/database.h"
#include "vault/vault.h"

namespace fullrecord::services {

struct Context {
  store::Database& db;
  ledger::Ledger& ledger;
  vault::Vault& vault;
  const HolidayCalendar* calendar = nullptr;  // null: working-day deadlines cannot be computed
  const Catalogue* catalogue = nullptr;       // null: missing documents cannot be listed
  std::function<UnixMicros()> now = NowMicros;
};

// Runs `body` and appends one ledger event of `type` in a single write transaction. `body` fills
// the event's detail; when it fails, nothing it did is kept and no event is written.
Status Commit(Context& ctx, const Actor& actor, const std::string& type,
              const std::function<Status(Json& detail)>& body);

// Records a refused attempt (outcome "refused", with the reason) and returns `why`.
Status Refuse(Context& ctx, const Actor& actor, const std::string& type, Json detail,
              const Status& why);

// Reads the roles of `person_id` from the store: the Actor a login or `--as` acts as.
// NotFound for an unknown or inactive person.
Result<Actor> LoadActor(Context& ctx, const std::string& person_id);

// Helpers for rows: NULL-able integers and JSON columns.
std::optional<int64_t> OptionalInt(const store::Row& row, size_t i);
store::Value OptionalValue(const std::optional<int64_t>& v);
store::Value OptionalValue(const std::optional<std::string>& v);

}  // namespace fullrecord::services
