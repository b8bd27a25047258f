// A fixture for the API's working paths: a server on a clock the test moves, one section with
// two certified officers, its archivist and head, the principal leader and the auditor, each
// signed in, and helpers that make a request and insist on its status.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "api/harness.h"

namespace fullrecord::testing {

class ApiFlowTest : public ::testing::Test {
 protected:
  static constexpr UnixMicros kHour = 3'600'000'000;

  void SetUp() override {
    now_ = ParseRfc3339("2026-03-02T09:00:00+08:00").value();
    server_ = std::make_unique<TestServer>(
        [this](api::ApiOptions& o) { o.clock = [this] { return now_.load(); }; });
    using services::Role;
    server_->AddSection("s1", "执法一科");
    server_->AddUser("officer1", "s1", {Role::kOfficer}, TestServer::kPassword, "CERT-1");
    server_->AddUser("officer2", "s1", {Role::kOfficer}, TestServer::kPassword, "CERT-2");
    server_->AddUser("archivist1", "s1", {Role::kArchivist});
    server_->AddUser("head1", "s1", {Role::kSectionHead});
    server_->AddUser("leader1", "", {Role::kPrincipalLeader});
    server_->AddUser("auditor1", "", {Role::kAuditor});
    for (const char* who : {"officer1", "archivist1", "head1", "leader1", "auditor1"}) {
      clients_.emplace(who, Client(server_->port()));
      ASSERT_EQ(clients_.at(who).Login(who).status, 200u) << who;
    }
  }

  Client& As(const std::string& who) { return clients_.at(who); }
  void Advance(UnixMicros us) { now_ += us; }
  UnixMicros Now() const { return now_.load(); }

  // The JSON of `r`, after checking its status.
  static Json Expect(const Response& r, unsigned status) {
    EXPECT_EQ(r.status, status) << r.body;
    return r.json();
  }

  // Opens a case as officer1 with officer2 and one party; returns its id.
  int64_t OpenCase(const std::string& number, const std::string& retention = "30y") {
    Json body = {{"number", number},
                 {"title", "案件 " + number},
                 {"kind", "penalty"},
                 {"section", "s1"},
                 {"retention", retention},
                 {"officers", {"officer2"}},
                 {"parties", {{{"name", "某培训学校"}, {"type", "organisation"}}}}};
    Json j = Expect(As("officer1").PostJson("/api/cases", body), 201);
    return j.value("id", int64_t{0});
  }

  std::string CasePath(int64_t id) const { return "/api/cases/" + std::to_string(id); }

  std::atomic<UnixMicros> now_{0};
  std::unique_ptr<TestServer> server_;
  std::map<std::string, Client> clients_;
};

}  // namespace fullrecord::testing
