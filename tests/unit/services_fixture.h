// A shared GoogleTest fixture for the regulation services: a fresh store in a temporary
// directory, its services Context on a controllable clock, the console actor, and helpers that
// set up a bureau (sections, people with roles and certificates), cases, originals and records.
// Helpers stop the test with an exception naming the step when a set-up step fails.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/store.h"
#include "services/bureau.h"
#include "services/cases.h"
#include "services/records.h"
#include "util/temp_dir.h"

namespace fullrecord::testing {

// Throws when `s` is not Ok; GoogleTest reports the exception as the test's failure.
inline void Must(const Status& s, const std::string& step) {
  if (!s.ok()) throw std::runtime_error(step + ": " + s.ToString());
}

template <typename T>
T Must(Result<T> r, const std::string& step) {
  if (!r.ok()) Must(r.status(), step);
  return std::move(r).value();
}

// The instant of an RFC 3339 text; throws for a malformed one.
inline UnixMicros At(const std::string& rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  if (!t) throw std::runtime_error("bad instant " + rfc3339);
  return *t;
}

class ServicesFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = app::Store::Init(dir_ / "store", "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    now_ = At("2026-03-02T09:00:00+08:00");
    ctx().now = [this] { return now_++; };
  }

  // The services context. Its clock reads `now_`, advancing one microsecond per reading.
  services::Context& ctx() { return store_->services(); }
  void SetNow(UnixMicros t) { now_ = t; }
  UnixMicros Now() const { return now_; }

  void AddSection(const std::string& code) {
    Must(services::BureauService(ctx()).AddSection(console_, {code, "科室 " + code}),
         "add section " + code);
  }

  // Adds a person of `section` holding `roles`, with an enforcement certificate valid to 2099
  // when `certified`, and returns them as the store loads them.
  services::Actor AddPerson(const std::string& id, const std::string& section,
                            const std::vector<services::Role>& roles, bool certified = true) {
    services::BureauService bureau(ctx());
    services::Person p;
    p.id = id;
    p.name = "姓名 " + id;
    p.section = section;
    if (certified) {
      p.cert_no = "CERT-" + id;
      p.cert_valid_until = "2099-12-31";
    }
    Must(bureau.AddPerson(console_, p), "add person " + id);
    for (auto role : roles) {
      Must(bureau.GrantRole(console_, id, role), "grant " + id + " " + services::RoleCode(role));
    }
    return Must(services::LoadActor(ctx(), id), "load " + id);
  }

  // Opens a case in `section` by `by` with `officers`, and one party named `party`.
  int64_t AddCase(const services::Actor& by, const std::string& number, const std::string& section,
                  const std::vector<std::string>& officers,
                  services::Classification classification = services::Classification::kOrdinary,
                  services::RetentionClass retention = services::RetentionClass::kThirtyYears,
                  const std::string& party = "某某培训学校") {
    services::CaseInput in;
    in.number = number;
    in.title = "案件 " + number;
    in.section = section;
    in.officers = officers;
    in.classification = classification;
    in.retention = retention;
    in.parties = {{party, "organisation", ""}};
    return Must(services::CaseService(ctx()).Create(by, in), "create case " + number);
  }

  // Ingests `content` into the vault and returns its SHA-256.
  std::string Ingest(const std::string& content) {
    std::string path = dir_ / ("input-" + std::to_string(inputs_++));
    WriteFile(path, content);
    return Must(store_->vault().IngestFile(path, "test"), "ingest").blob.sha256;
  }

  // Adds a text record to the case whose original is `sha256` (none when empty).
  int64_t AddText(const services::Actor& by, int64_t case_id, const std::string& sha256,
                  services::Classification c = services::Classification::kOrdinary) {
    services::TextRecordInput in;
    in.case_id = case_id;
    in.doc_type = "onsite_inspection_record";
    in.title = "现场检查笔录";
    in.blob_sha256 = sha256;
    in.classification = c;
    return Must(services::RecordService(ctx()).AddText(by, in), "add text record");
  }

  // Adds an audio-visual record of the case by officer `by`, with one segment per digest.
  // Registers the body camera `serial` of `section` on first use.
  int64_t AddAv(const services::Actor& by, int64_t case_id, const std::vector<std::string>& digests,
                services::Classification c = services::Classification::kOrdinary,
                const std::string& serial = "BC-001", const std::string& section = "s1") {
    services::BureauService bureau(ctx());
    if (!Must(ctx().db.Query("SELECT 1 FROM device WHERE serial = ?", {serial}), "device").size()) {
      Must(bureau.RegisterDevice(console_, {serial, "body_camera", section}), "register device");
    }
    services::RecordService records(ctx());
    services::AvRecordInput in;
    in.case_id = case_id;
    in.stage = services::Stage::kStart;
    in.device = serial;
    in.officer = by.id;
    in.start_us = Now() - 3'600'000'000;
    in.end_us = Now() - 60'000'000;
    in.classification = c;
    int64_t av = Must(records.AddAv(by, in), "add av record");
    for (const auto& sha : digests) {
      Must(records.AddSegment(by, av, sha, in.start_us, in.end_us), "add segment");
    }
    return av;
  }

  uint64_t LedgerSize() { return Must(store_->ledger().Size(), "ledger size"); }

  // The ledger event at `seq` as JSON: seq, time, type, actor, outcome, detail.
  Json Event(uint64_t seq) {
    return Json::parse(Must(store_->ledger().GetEntry(seq), "ledger entry").data);
  }
  Json LastEvent() { return Event(LedgerSize() - 1); }

  // Where the local vault keeps the bytes of `sha256`.
  std::string BlobPath(const std::string& sha256) const {
    return dir_ / ("store/blobs/" + sha256.substr(0, 2) + "/" + sha256.substr(2, 2) + "/" + sha256);
  }
  bool BlobFileExists(const std::string& sha256) const {
    return std::filesystem::exists(BlobPath(sha256));
  }

  TempDir dir_;
  std::unique_ptr<app::Store> store_;
  services::Actor console_ = services::Actor::Console("test");
  UnixMicros now_ = 0;
  int inputs_ = 0;
};

}  // namespace fullrecord::testing
