// GET /api/compliance/history: the workbench chart's open findings per day
// (services/compliance_history.h).
#include "api/fields.h"
#include "api/routes.h"
#include "services/compliance_history.h"

namespace fullrecord::api {
namespace {

constexpr int64_t kDefaultDays = 30;

void History(Call& c) {
  int64_t days = kDefaultDays;
  if (!c.ex.Query("days").empty()) days = QueryInt(c, "days", 0, INT64_MIN, INT64_MAX);
  std::string section = c.ex.Query("section");
  auto history = services::ComplianceHistory(c.ctx).History(c.actor, section, days, c.ctx.now());
  if (!history.ok()) return c.Fail(history.status());
  Json out = Json::array();
  for (const auto& d : *history) {
    out.push_back({{"day", d.day},
                   {"violation", d.violation},
                   {"warning", d.warning},
                   {"reminder", d.reminder},
                   {"reconstructed", d.reconstructed}});
  }
  c.Reply({{"section", section}, {"days", out}});
}

}  // namespace

void AddHistoryRoutes(Api& api) {
  api.Route(http::verb::get, "/api/compliance/history",
            {"Open findings per day by severity: ?section ?days=30 (workbench chart)", "reports"},
            Access::kSession, History);
}

}  // namespace fullrecord::api
