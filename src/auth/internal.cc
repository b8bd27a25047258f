#include "auth/internal.h"

#include <cstdio>

namespace fullrecord::auth::internal {
namespace {

constexpr size_t kMaxLedgerText = 128;
constexpr int64_t kMicrosPerMinute = int64_t{60} * 1000 * 1000;
constexpr int64_t kBeijingOffsetMinutes = int64_t{8} * 60;

// How many continuation bytes follow lead byte `c`; 4 when `c` cannot lead a character.
size_t ContinuationBytes(unsigned char c) {
  if (c < 0x80) return 0;
  if ((c & 0xE0) == 0xC0) return 1;
  if ((c & 0xF0) == 0xE0) return 2;
  if ((c & 0xF8) == 0xF0) return 3;
  return 4;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool ValidUtf8(std::string_view s) {
  static constexpr uint32_t kMinOf[] = {0, 0x80, 0x800, 0x10000};
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t extra = ContinuationBytes(c);
    if (extra > 3 || s.size() - i <= extra) return false;
    uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (size_t k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < kMinOf[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace

Result<std::optional<AccountRow>> ReadAccount(store::Database& db, const std::string& person) {
  FR_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT password_hash, must_change, failed_count, "
                                          "locked_until_us, changed_us FROM account "
                                          "WHERE person = ?",
                                          {person}));
  if (rows.empty()) return std::optional<AccountRow>();
  const store::Row& r = rows[0];
  AccountRow a{
      person,  r.Text(0), r.Int(1) != 0, static_cast<int>(r.Int(2)), services::OptionalInt(r, 3),
      r.Int(4)};
  return std::optional<AccountRow>(std::move(a));
}

Status Record(services::Context& ctx, const std::string& actor, const std::string& type,
              const std::string& outcome, Json detail,
              const std::function<Status(Json& detail)>& body) {
  store::WriteTransaction tx(ctx.db);
  FR_RETURN_IF_ERROR(tx.status());
  if (body) FR_RETURN_IF_ERROR(body(detail));
  ledger::Event event{type, actor, outcome, std::move(detail)};
  FR_RETURN_IF_ERROR(ctx.ledger.AppendInTransaction({event}).status());
  return tx.Commit();
}

Status RecordRefusal(services::Context& ctx, const std::string& actor, const std::string& type,
                     Json detail, const std::string& reason, const Status& answer,
                     const std::function<Status(Json& detail)>& body) {
  detail["reason"] = reason;
  Status logged = Record(ctx, actor, type, "refused", std::move(detail), body);
  if (logged.ok()) return answer;
  return answer.WithContext("(and the refusal could not be logged: " + logged.ToString() + ")");
}

std::string LedgerText(std::string_view text) {
  std::string_view kept = text;
  if (kept.size() > kMaxLedgerText) {
    size_t cut = kMaxLedgerText;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    kept = text.substr(0, cut);
  }
  if (!ValidUtf8(kept)) {
    std::string_view head = text.substr(0, kMaxLedgerText / 2);
    return "hex:" + ToHex(reinterpret_cast<const uint8_t*>(head.data()), head.size());
  }
  return std::string(kept) + (kept.size() < text.size() ? "…" : "");
}

std::string BeijingClock(UnixMicros t) {
  int64_t minutes = t / kMicrosPerMinute - (t % kMicrosPerMinute < 0 ? 1 : 0);
  int64_t of_day = ((minutes + kBeijingOffsetMinutes) % 1440 + 1440) % 1440;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(of_day / 60),
                static_cast<int>(of_day % 60));
  return buf;
}

Status LockedAnswer(UnixMicros until) {
  std::string hhmm = BeijingClock(until);
  return Status::PermissionDenied(
      "账户已锁定至 " + hhmm + "（北京时间）/ account locked until " + hhmm + " (Beijing time)",
      "密码错误次数过多，账户已锁定至 " + hhmm + "（北京时间），请届时再试");
}

Result<int64_t> CountRows(store::Database& db, std::string_view sql,
                          const std::vector<store::Value>& params) {
  FR_ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

}  // namespace fullrecord::auth::internal
