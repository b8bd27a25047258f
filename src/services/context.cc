#include "services/context.h"

namespace fullrecord::services {

Status Commit(Context& ctx, const Actor& actor, const std::string& type,
              const std::function<Status(Json& detail)>& body) {
  store::WriteTransaction tx(ctx.db);
  FR_RETURN_IF_ERROR(tx.status());
  Json detail = Json::object();
  FR_RETURN_IF_ERROR(body(detail));
  ledger::Event event{type, actor.LedgerName(), "ok", std::move(detail)};
  FR_RETURN_IF_ERROR(ctx.ledger.AppendInTransaction({event}).status());
  return tx.Commit();
}

Status Refuse(Context& ctx, const Actor& actor, const std::string& type, Json detail,
              const Status& why) {
  detail["reason"] = why.message();
  ledger::Event event{type, actor.LedgerName(), "refused", std::move(detail)};
  Status logged = ctx.ledger.Append({event}).status();
  return logged.ok() ? why : why.WithContext("(and the refusal could not be logged: " +
                                             logged.ToString() + ")");
}

Result<Actor> LoadActor(Context& ctx, const std::string& person_id) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx.db.Query("SELECT active, section FROM person WHERE id = ?",
                                               {person_id}));
  if (rows.empty() || rows[0].Int(0) == 0) {
    return Status::NotFound("no active person \"" + person_id + "\"",
                            "人员“" + person_id + "”不存在或已停用");
  }
  Actor actor{person_id, {}, false, rows[0].IsNull(1) ? "" : rows[0].Text(1)};
  FR_ASSIGN_OR_RETURN(auto roles, ctx.db.Query("SELECT role FROM person_role WHERE person = ?",
                                               {person_id}));
  for (const auto& r : roles) {
    auto role = ParseRole(r.Text(0));
    if (role.ok()) actor.roles.insert(*role);
  }
  return actor;
}

std::optional<int64_t> OptionalInt(const store::Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Int(i);
}

store::Value OptionalValue(const std::optional<int64_t>& v) {
  if (!v) return std::monostate{};
  return *v;
}

store::Value OptionalValue(const std::optional<std::string>& v) {
  if (!v) return std::monostate{};
  return *v;
}

}  // namespace fullrecord::services
