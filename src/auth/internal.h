// Helpers shared by accounts.cc and sessions.cc; not part of the auth interface.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "services/context.h"

namespace fullrecord::auth::internal {

// A row of the account table.
struct AccountRow {
  std::string person;
  std::string password_hash;
  bool must_change = false;
  int failed_count = 0;
  std::optional<UnixMicros> locked_until_us;
  UnixMicros changed_us = 0;

  bool LockedAt(UnixMicros now) const { return locked_until_us && *locked_until_us > now; }
};

// The account of `person`, or nullopt when there is none.
Result<std::optional<AccountRow>> ReadAccount(store::Database& db, const std::string& person);

// Runs `body` (may be empty) and appends one ledger event of `type` with `outcome` in a single
// write transaction; `body` may add to the event's detail. Nothing is kept when either fails.
Status Record(services::Context& ctx, const std::string& actor, const std::string& type,
              const std::string& outcome, Json detail,
              const std::function<Status(Json& detail)>& body = {});

// Records a refusal (`reason` in the detail, for auditors) and returns `answer`, the caller's
// view of it; if the refusal cannot be recorded, `answer` says so in its context.
Status RecordRefusal(services::Context& ctx, const std::string& actor, const std::string& type,
                     Json detail, const std::string& reason, const Status& answer,
                     const std::function<Status(Json& detail)>& body = {});

// Text from outside (user names, peer addresses) made fit for a ledger event: valid UTF-8 is
// kept up to 128 bytes (then cut and marked "…"); anything else becomes "hex:" and its bytes.
std::string LedgerText(std::string_view text);

// "HH:MM" of `t` in Beijing time (UTC+8).
std::string BeijingClock(UnixMicros t);

// The answer to an attempt on an account locked until `until`.
Status LockedAnswer(UnixMicros until);

// The row count of a one-column COUNT(*) query.
Result<int64_t> CountRows(store::Database& db, std::string_view sql,
                          const std::vector<store::Value>& params);

}  // namespace fullrecord::auth::internal
