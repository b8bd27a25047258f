// The deadline state of the case list (R12.1, R13.1): each state selects exactly its cases, the
// tag shows the most urgent term, and it agrees with the compliance report it is read from.
#include "services/case_deadlines.h"

#include <algorithm>

#include "unit/compliance_fixture.h"

namespace fullrecord::services {
namespace {

class CaseDeadlinesTest : public ComplianceTest {
 protected:
  // The ids the list gives `who` in `state`, at kNow.
  std::vector<int64_t> Listed(const std::string& who, DeadlineState state) {
    Actor actor = As(who);
    auto urgent = UrgentDeadlines(*ctx_, actor, kNow);
    EXPECT_TRUE(urgent.ok()) << urgent.status().ToString();
    CaseFilter filter;
    filter.limit = 500;
    NarrowToDeadlineState(filter, state, urgent.ok() ? *urgent : std::map<int64_t, CaseDeadline>{});
    auto page = CaseService(*ctx_).List(actor, filter);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<int64_t> ids;
    if (!page.ok()) return ids;
    for (const auto& c : page->cases) ids.push_back(c.id);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(page->total, static_cast<int64_t>(ids.size()));
    return ids;
  }

  // One case in every state: a recording not uploaded past its day, one still within it, an
  // archive term far from its end, and a case with nothing running.
  void Bureau() {
    overdue_ = Case("a", "investigation", {"off1"});
    Av(overdue_, "off1", kNow - 30 * kHour, kNow - 26 * kHour);
    due_soon_ = Case("a", "investigation", {"off1"});
    Av(due_soon_, "off1", kNow - 3 * kHour, kNow - 2 * kHour);
    running_ = Case("a", "archive", {"off1"});
    SetCase(running_, "ended_us", kNow - kDay);
    none_ = Case("a", "start", {"off1"});
  }

  int64_t overdue_ = 0, due_soon_ = 0, running_ = 0, none_ = 0;
};

using Ids = std::vector<int64_t>;

TEST_F(CaseDeadlinesTest, EachStateSelectsExactlyItsCases) {
  Bureau();
  EXPECT_EQ(Listed("leader", DeadlineState::kOverdue), Ids{overdue_});
  EXPECT_EQ(Listed("leader", DeadlineState::kDueSoon), Ids{due_soon_});
  EXPECT_EQ(Listed("leader", DeadlineState::kRunning), Ids{running_});
  EXPECT_EQ(Listed("leader", DeadlineState::kNone), Ids{none_});
}

TEST_F(CaseDeadlinesTest, StatesKeepTheReaderReach) {
  Bureau();
  int64_t other = Case("b", "investigation", {"off3"});
  Av(other, "off3", kNow - 30 * kHour, kNow - 26 * kHour);

  EXPECT_EQ(Listed("leader", DeadlineState::kOverdue), (Ids{overdue_, other}));
  EXPECT_EQ(Listed("head_a", DeadlineState::kOverdue), Ids{overdue_});
  EXPECT_EQ(Listed("off3", DeadlineState::kOverdue), Ids{other});
  EXPECT_TRUE(Listed("off2", DeadlineState::kOverdue).empty());
}

TEST_F(CaseDeadlinesTest, OverdueOutranksDueSoonOnOneCase) {
  int64_t c = Case("a", "investigation", {"off1"});
  Av(c, "off1", kNow - 3 * kHour, kNow - 2 * kHour);
  Av(c, "off1", kNow - 30 * kHour, kNow - 26 * kHour);

  auto urgent = UrgentDeadlines(*ctx_, As("leader"), kNow).value();
  ASSERT_EQ(urgent.count(c), 1u);
  EXPECT_EQ(urgent[c].state, DeadlineState::kOverdue);
  EXPECT_EQ(urgent[c].due_us, kNow - 2 * kHour);
  EXPECT_EQ(urgent[c].rule_id, "R12.1");
  EXPECT_TRUE(Listed("leader", DeadlineState::kDueSoon).empty());
}

TEST_F(CaseDeadlinesTest, RunningArchiveTermCarriesItsDueTime) {
  int64_t c = Case("a", "archive", {"off1"});
  UnixMicros ended = kNow - kDay;
  SetCase(c, "ended_us", ended);
  services::Case k = CaseService(*ctx_).Get(As("leader"), c).value();

  CaseDeadline d = DeadlineOf(*ctx_, k, {});
  EXPECT_EQ(d.state, DeadlineState::kRunning);
  EXPECT_EQ(d.rule_id, "R13.1");
  EXPECT_EQ(d.due_us, WorkingDayDeadline(calendar_, ended, 30).value());

  SetCase(c, "archived_us", kNow);
  k = CaseService(*ctx_).Get(As("leader"), c).value();
  EXPECT_EQ(DeadlineOf(*ctx_, k, {}).state, DeadlineState::kNone);
  EXPECT_TRUE(Listed("leader", DeadlineState::kRunning).empty());
  EXPECT_EQ(Listed("leader", DeadlineState::kNone), Ids{c});
}

TEST_F(CaseDeadlinesTest, ArchiveInItsLastWorkingDaysIsDueSoonAndPastItOverdue) {
  // Ended on Monday 26 January 2026: with the Spring Festival, the 30 working days end in the
  // week of kNow, so on Tuesday 10 March the term is in its last five working days.
  int64_t near = Case("a", "archive", {"off1"});
  UnixMicros ended = At("2026-01-26T09:00:00");
  SetCase(near, "ended_us", ended);
  int64_t late = Case("a", "archive", {"off1"});
  SetCase(late, "ended_us", At("2026-01-05T09:00:00"));

  auto urgent = UrgentDeadlines(*ctx_, As("arch_a"), kNow).value();
  ASSERT_EQ(urgent.count(near), 1u);
  EXPECT_EQ(urgent[near].state, DeadlineState::kDueSoon);
  EXPECT_EQ(urgent[near].due_us, WorkingDayDeadline(calendar_, ended, 30).value());
  EXPECT_GT(urgent[near].due_us, kNow);
  EXPECT_EQ(urgent[near].rule_id, "R13.1");
  ASSERT_EQ(urgent.count(late), 1u);
  EXPECT_EQ(urgent[late].state, DeadlineState::kOverdue);
  EXPECT_EQ(Listed("arch_a", DeadlineState::kOverdue), Ids{late});
}

TEST_F(CaseDeadlinesTest, RoleWithoutReportIsRefusedAndLogged) {
  Bureau();
  auto before = store_->ledger().Size().value();
  auto urgent = UrgentDeadlines(*ctx_, As("reviewer"), kNow);
  ASSERT_FALSE(urgent.ok());
  EXPECT_EQ(urgent.status().code(), Status::Code::kPermissionDenied);
  EXPECT_FALSE(MayReadDeadlines(As("reviewer")));
  EXPECT_TRUE(MayReadDeadlines(As("off1")));
  EXPECT_GT(store_->ledger().Size().value(), before);
}

TEST_F(CaseDeadlinesTest, UnknownStateIsNamed) {
  auto s = ParseDeadlineState("late");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("\"late\""), std::string::npos);
  EXPECT_EQ(ParseDeadlineState("due_soon").value(), DeadlineState::kDueSoon);
  EXPECT_EQ(DeadlineStateCode(DeadlineState::kRunning), "running");
}

}  // namespace
}  // namespace fullrecord::services
