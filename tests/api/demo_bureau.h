// A small bureau on a TestServer for the API tests: two sections, one person per role (plus an
// officer of the other section), devices, and a penalty case at the decision stage with a party,
// a text record, a recording with a file and an interruption, a delivered copy request, and a
// second, expired case whose disposal the principal leader refused. Set up through the services
// on the test's own store, as the console and the people themselves would.
#pragma once

#include <string>
#include <vector>

#include "api/harness.h"

namespace fullrecord::testing {

struct DemoBureau {
  // Login names, one per role of the matrix.
  static constexpr const char* kOfficer = "officer1";  // officer on the case
  static constexpr const char* kArchivist = "archivist1";
  static constexpr const char* kHead = "head1";
  static constexpr const char* kReviewer = "reviewer1";
  static constexpr const char* kLeader = "leader1";
  static constexpr const char* kSysAdmin = "sysadmin1";
  static constexpr const char* kSecAdmin = "secadmin1";
  static constexpr const char* kAuditor = "auditor1";
  static constexpr const char* kOutsider = "outsider1";  // officer of the other section
  static constexpr const char* kSpare = "spare1";        // no account in use; accounts probes

  // What must never reach someone who may not read the case.
  static constexpr const char* kCaseNumber = "教罚〔2026〕7号";
  static constexpr const char* kCaseTitle = "明德培训学校无证办学案";
  static constexpr const char* kParty = "明德培训学校";
  static constexpr const char* kRecordTitle = "现场检查笔录（样本甲）";

  int64_t case_id = 0;
  int64_t expired_case_id = 0;
  int64_t text_id = 0;
  int64_t av_id = 0;
  int64_t interruption_id = 0;
  int64_t disposal_id = 0;
  int64_t proposal_id = 0;  // a long-term proposal on the case, awaiting the leader
  int64_t copy_id = 0;
  std::string sha256;

  // Builds it all on `server`; throws naming the step that failed.
  static DemoBureau Build(TestServer& server);
};

}  // namespace fullrecord::testing
