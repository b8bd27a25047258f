// The fixture of the compliance report's tests: a store with two sections and a person in every
// role, and helpers that write cases, recordings, files and interruptions straight into the
// tables, so each test builds exactly the breach it checks.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/store.h"
#include "services/compliance.h"
#include "services/records.h"
#include "util/temp_dir.h"

#ifndef FR_SOURCE_DIR
#define FR_SOURCE_DIR "."
#endif

namespace fullrecord::services {

using fullrecord::testing::TempDir;

constexpr int64_t kMinute = 60'000'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

constexpr const char* kFullChecklist =
    R"({"documents_served":true,"evidence_recorded":true,"measures_recorded":true,)"
    R"("parties_and_conduct":true,"place_sign_recorded":true,"rights_informed":true,)"
    R"("scene_and_certificate_shown":true,"standard_notice_given":true})";

inline UnixMicros At(const char* shanghai_time) {
  return ParseRfc3339(std::string(shanghai_time) + "+08:00").value();
}

// Tuesday 2026-03-10 10:00 in Shanghai (02:00Z); March 2026 has no holidays.
constexpr UnixMicros kNow = 1'773'108'000'000'000;

inline HolidayCalendar LoadCalendar() {
  return HolidayCalendar::LoadFile(FR_SOURCE_DIR "/data/holidays.json").value();
}

inline Catalogue LoadCatalogue() {
  return Catalogue::LoadFile(FR_SOURCE_DIR "/data/catalogue.json").value();
}

inline std::vector<std::string> Codes(const std::vector<Finding>& findings) {
  std::vector<std::string> codes;
  codes.reserve(findings.size());
  for (const auto& f : findings) codes.push_back(f.rule);
  return codes;
}

class ComplianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(app::Store::Init(dir_ / "store", "test").value());
    ctx_ = std::make_unique<Context>(
        Context{store_->db(), store_->ledger(), store_->vault(), &calendar_, &catalogue_});
    Sql("INSERT INTO section (code, name, created_us) VALUES ('a', '基础教育科', 0), "
        "('b', '职业教育科', 0)");
    Person("leader", "", "2030-01-01", {"principal_leader"});
    Person("auditor", "", "", {"auditor"});
    Person("head_a", "a", "2030-01-01", {"section_head"});
    Person("arch_a", "a", "", {"archivist"});
    Person("off1", "a", "2030-01-01", {"officer"});
    Person("off2", "a", "2030-01-01", {"officer"});
    Person("expired", "a", "2026-03-09", {"officer"});
    Person("off3", "b", "2030-01-01", {"officer"});
    Person("head_b", "b", "2030-01-01", {"section_head"});
    Person("reviewer", "a", "", {"legal_reviewer"});
    Person("sysadmin", "", "", {"sysadmin"});
  }

  void Sql(const std::string& sql, const std::vector<store::Value>& params = {}) {
    Status s = store_->db().Exec(sql, params);
    ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << sql;
  }

  int64_t LastId() { return store_->db().Query("SELECT last_insert_rowid()").value()[0].Int(0); }

  void Person(const std::string& id, const std::string& section, const std::string& valid_until,
              const std::vector<std::string>& roles) {
    store::Value sec = section.empty() ? store::Value{} : store::Value{section};
    store::Value cert = valid_until.empty() ? store::Value{} : store::Value{"C-" + id};
    store::Value until = valid_until.empty() ? store::Value{} : store::Value{valid_until};
    Sql("INSERT INTO person (id, name, section, cert_no, cert_valid_until, created_us) "
        "VALUES (?, ?, ?, ?, ?, 0)",
        {id, id, sec, cert, until});
    for (const auto& r : roles) Sql("INSERT INTO person_role VALUES (?, ?)", {id, r});
  }

  // A case at `stage` with `officers`; number "C-<n>".
  int64_t Case(const std::string& section, const std::string& stage,
               const std::vector<std::string>& officers, const std::string& kind = "penalty") {
    std::string number = "C-" + std::to_string(++cases_);
    Sql("INSERT INTO case_file (number, kind, title, section, stage, classification, retention, "
        "created_us, created_by) VALUES (?, ?, 't', ?, ?, 'ordinary', '30y', 0, 'test')",
        {number, kind, section, stage});
    int64_t id = LastId();
    for (const auto& o : officers) Sql("INSERT INTO case_officer VALUES (?, ?)", {id, o});
    return id;
  }

  void SetCase(int64_t id, const std::string& column, const store::Value& v) {
    Sql("UPDATE case_file SET " + column + " = ? WHERE id = ?", {v, id});
  }

  int64_t Av(std::optional<int64_t> case_id, const std::string& officer, UnixMicros start,
             UnixMicros end, const std::string& checklist = kFullChecklist) {
    Sql("INSERT INTO av_record (case_id, officer, start_us, end_us, classification, checklist, "
        "created_us, created_by) VALUES (?, ?, ?, ?, 'ordinary', ?, 0, 'test')",
        {OptionalValue(case_id), officer, start, end, checklist});
    return LastId();
  }

  void Segment(int64_t av, UnixMicros uploaded) {
    char sha[65];
    std::snprintf(sha, sizeof sha, "%064d", ++blobs_);
    Sql("INSERT INTO blob VALUES (?, ?, 1, 'now', 0)", {sha, sha});
    Sql("INSERT INTO av_segment (av_id, blob_sha256, start_us, end_us, uploaded_us) "
        "VALUES (?, ?, 0, 0, ?)",
        {av, sha, uploaded});
  }

  void Text(int64_t case_id, const std::string& doc_type) {
    Sql("INSERT INTO text_record (case_id, stage, doc_type, title, classification, created_us, "
        "created_by) VALUES (?, 'start', ?, 't', 'ordinary', 0, 'test')",
        {case_id, doc_type});
  }

  int64_t Interruption(int64_t av, UnixMicros start, std::optional<UnixMicros> end,
                       const store::Value& reason) {
    Sql("INSERT INTO interruption (av_id, start_us, end_us, reason, found_us, found_by) "
        "VALUES (?, ?, ?, ?, 0, 'test')",
        {av, start, OptionalValue(end), reason});
    return LastId();
  }

  Actor As(const std::string& id) { return LoadActor(*ctx_, id).value(); }

  // The findings of `rules` (every rule when empty) for `who`.
  std::vector<Finding> Run(const std::string& who, std::set<std::string> rules = {},
                           UnixMicros now = kNow, ComplianceOptions options = {}) {
    ComplianceFilter filter;
    filter.rules = std::move(rules);
    auto r = ComplianceService(*ctx_, options).Report(As(who), filter, now);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<Finding>{};
  }

  TempDir dir_;
  std::unique_ptr<app::Store> store_;
  HolidayCalendar calendar_ = LoadCalendar();
  Catalogue catalogue_ = LoadCatalogue();
  std::unique_ptr<Context> ctx_;
  int cases_ = 0;
  int blobs_ = 0;
};

}  // namespace fullrecord::services
