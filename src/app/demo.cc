#include "app/demo.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "auth/accounts.h"
#include "services/bureau.h"
#include "services/cases.h"
#include "services/compliance_history.h"
#include "services/copies.h"
#include "services/records.h"

namespace fullrecord::app {
namespace {

using services::Role;
namespace fs = std::filesystem;

constexpr UnixMicros kHour = 3600LL * 1000 * 1000;
constexpr UnixMicros kMinute = 60LL * 1000 * 1000;

struct DemoPerson {
  const char* id;
  const char* name;
  const char* section;
  const char* cert;
  Role role;
};

constexpr DemoPerson kPeople[] = {
    {"li.ming", "李明", "zhzf", "15030001", Role::kOfficer},
    {"wang.fang", "王芳", "zhzf", "15030002", Role::kOfficer},
    {"zhao.lei", "赵磊", "aqjg", "15030003", Role::kOfficer},
    {"sun.li", "孙丽", "aqjg", "15030004", Role::kOfficer},
    {"chen.jing", "陈静", "zhzf", "", Role::kArchivist},
    {"liu.yang", "刘洋", "aqjg", "", Role::kArchivist},
    {"zhou.qiang", "周强", "zhzf", "", Role::kSectionHead},
    {"wu.min", "吴敏", "aqjg", "", Role::kSectionHead},
    {"zheng.hua", "郑华", "", "", Role::kLegalReviewer},
    {"he.jun", "何军", "", "", Role::kPrincipalLeader},
    {"sys.admin", "系统管理员", "", "", Role::kSysAdmin},
    {"secadmin", "安全管理员", "", "", Role::kSecAdmin},
    {"audit.li", "李审计", "", "", Role::kAuditor},
};

// A password that meets the policy: letters of both cases, digits and a symbol.
std::string DemoPassword() {
  static const char kChars[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  std::random_device rd;
  std::string p = "Demo#";
  for (int i = 0; i < 8; ++i) p += kChars[rd() % (sizeof(kChars) - 1)];
  return p + "7a";
}

Status RequireEmpty(Store& store) {
  FR_ASSIGN_OR_RETURN(auto rows, store.db().Query(
      "SELECT (SELECT count(*) FROM section) + (SELECT count(*) FROM person) + "
      "(SELECT count(*) FROM case_file)"));
  if (rows[0].Int(0) > 0) {
    return Status::FailedPrecondition("the store already holds data; demo fills only a new store");
  }
  return Status::Ok();
}

Status AddPeople(Store& store, std::ostream& out) {
  auto console = services::Actor::Console("demo");
  services::BureauService bureau(store.services());
  FR_RETURN_IF_ERROR(bureau.AddSection(console, {"zhzf", "综合执法科"}));
  FR_RETURN_IF_ERROR(bureau.AddSection(console, {"aqjg", "安全监管科"}));
  services::Actor secadmin{"secadmin", {Role::kSecAdmin}, false, ""};
  auth::AccountService accounts(store.services());

  // The security administrator is made as on a first start; the others get their passwords
  // from that administrator, as they would in the bureau.
  FR_ASSIGN_OR_RETURN(std::string secadmin_password, accounts.Bootstrap());
  out << "演示账号 / demo accounts (sign-in name, role, password):\n";
  for (const auto& p : kPeople) {
    if (p.id == secadmin.id) {
      out << "  " << p.id << "\t" << services::RoleNameZh(p.role) << "\t" << secadmin_password
          << "\n";
      continue;
    }
    services::Person person{p.id, p.name, p.section, p.cert, *p.cert ? "2030-12-31" : "", true, {}};
    FR_RETURN_IF_ERROR(bureau.AddPerson(console, person));
    FR_RETURN_IF_ERROR(bureau.GrantRole(console, p.id, p.role));
    std::string password = DemoPassword();
    FR_RETURN_IF_ERROR(accounts.SetPassword(secadmin, p.id, password));
    out << "  " << p.id << "\t" << services::RoleNameZh(p.role) << "\t" << password << "\n";
  }
  // Demo accounts skip the forced first change so each screen can be opened at once.
  return store.db().Exec("UPDATE account SET must_change = 0");
}

// A short H.264 clip with a creation time, made by the ffmpeg command; placeholder bytes if
// ffmpeg is missing (the vault keeps any file as an original).
std::string MakeClip(const DemoOptions& o, const std::string& name, UnixMicros start, int secs) {
  std::string path = o.work_dir + "/" + name;
  std::string cmd = "ffmpeg -nostdin -loglevel error -y -f lavfi -i testsrc=size=320x240:rate=15 "
                    "-f lavfi -i sine=frequency=440 -t " + std::to_string(secs) +
                    " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -metadata "
                    "creation_time=" + FormatUtc(start) + " " + path + " 2>/dev/null";
  if (!o.generate_video || std::system(cmd.c_str()) != 0) {
    std::ofstream(path, std::ios::binary) << "demo footage " << name << " " << start;
  }
  return path;
}

struct DemoCases {
  std::vector<int64_t> zhzf;  // one per stage, start … archive
  int64_t aqjg = 0;
};

Result<DemoCases> AddCases(Store& store) {
  auto ctx_actor = services::LoadActor(store.services(), "li.ming");
  if (!ctx_actor.ok()) return ctx_actor.status();
  services::CaseService cases(store.services());
  DemoCases out;
  const char* titles[] = {"某培训机构无证办学", "某幼儿园超额招生", "某校外培训机构超时培训",
                          "某民办学校违规收费", "某培训机构虚假宣传"};
  const char* parties[] = {"乌海市启明教育咨询有限公司", "乌海市小星星幼儿园", "乌海市博学培训学校",
                           "乌海市育才民办学校", "乌海市优课教育科技有限公司"};
  for (int i = 0; i < 5; ++i) {
    services::CaseInput in;
    in.number = "乌教罚〔2026〕" + std::to_string(101 + i) + "号";
    in.kind = i == 1 ? services::CaseKind::kInspectionRandom : services::CaseKind::kPenalty;
    in.title = titles[i];
    in.section = "zhzf";
    in.officers = {"li.ming", "wang.fang"};
    in.parties = {{parties[i], "organisation", ""}};
    FR_ASSIGN_OR_RETURN(int64_t id, cases.Create(*ctx_actor, in));
    for (int s = 1; s <= i; ++s) {
      FR_RETURN_IF_ERROR(cases.Advance(*ctx_actor, id, services::kStages[s], "演示：按程序推进"));
    }
    out.zhzf.push_back(id);
  }
  auto zhao = services::LoadActor(store.services(), "zhao.lei");
  services::CaseInput in;
  in.number = "乌教查〔2026〕201号";
  in.kind = services::CaseKind::kInspectionSpecial;
  in.title = "校车安全专项检查";
  in.section = "aqjg";
  in.officers = {"zhao.lei", "sun.li"};
  FR_ASSIGN_OR_RETURN(out.aqjg, cases.Create(*zhao, in));
  return out;
}

// Footage of the investigation case: two segments with a gap to explain, and a recording
// uploaded three days after it ended (R9.3, R12.1).
Status AddFootage(Store& store, const DemoOptions& o, int64_t case_id) {
  auto console = services::Actor::Console("demo");
  auto& ctx = store.services();
  services::BureauService bureau(ctx);
  UnixMicros now = ctx.now();
  FR_RETURN_IF_ERROR(bureau.RegisterDevice(console, {"DSJ-ZF-001", "body_camera", "zhzf"}));
  FR_RETURN_IF_ERROR(bureau.RegisterDevice(console, {"DSJ-ZF-002", "body_camera", "zhzf"}));
  FR_RETURN_IF_ERROR(bureau.AssignDevice(console, "DSJ-ZF-001", "li.ming", now - 60 * 24 * kHour));
  FR_RETURN_IF_ERROR(bureau.AssignDevice(console, "DSJ-ZF-002", "wang.fang", now - 60 * 24 * kHour));
  auto li = services::LoadActor(ctx, "li.ming");
  if (!li.ok()) return li.status();
  services::RecordService records(ctx);

  // Recording with a two-minute gap, uploaded an hour after it ended.
  UnixMicros start = now - 5 * kHour;
  services::AvRecordInput in;
  in.case_id = case_id;
  in.stage = services::Stage::kInvestigation;
  in.device = "DSJ-ZF-001";
  in.start_us = start;
  in.end_us = start + 10 * kMinute;
  in.place = "新华街道某培训中心";
  in.landmark = "培训中心门牌";
  in.checklist = {{"scene_and_certificate_shown", true}, {"rights_informed", true},
                  {"standard_notice_given", true}};
  FR_ASSIGN_OR_RETURN(int64_t av, records.AddAv(*li, in));
  for (int seg = 0; seg < 2; ++seg) {
    UnixMicros seg_start = start + seg * 6 * kMinute;
    std::string clip = MakeClip(o, "DSJ-ZF-001_seg" + std::to_string(seg) + ".mp4", seg_start, 4);
    FR_ASSIGN_OR_RETURN(auto ingest, store.vault().IngestFile(clip, "demo"));
    FR_RETURN_IF_ERROR(records.AddSegment(*li, av, ingest.blob.sha256, seg_start,
                                          seg_start + 4 * kMinute).status());
    fs::remove(clip);
  }
  FR_RETURN_IF_ERROR(records.AddInterruption(*li, av, start + 4 * kMinute, start + 6 * kMinute).status());

  // A recording that reached the system three days after it ended.
  auto wang = services::LoadActor(ctx, "wang.fang");
  in.device = "DSJ-ZF-002";
  in.officer = "";
  in.start_us = now - 74 * kHour;
  in.end_us = in.start_us + 20 * kMinute;
  FR_ASSIGN_OR_RETURN(int64_t late, records.AddAv(*wang, in));
  std::string clip = MakeClip(o, "DSJ-ZF-002_late.mp4", in.start_us, 3);
  FR_ASSIGN_OR_RETURN(auto ingest, store.vault().IngestFile(clip, "demo"));
  fs::remove(clip);
  return records.AddSegment(*wang, late, ingest.blob.sha256, in.start_us, in.end_us).status();
}

Status AddCopyRequest(Store& store, int64_t case_id) {
  auto chen = services::LoadActor(store.services(), "chen.jing");
  if (!chen.ok()) return chen.status();
  services::CaseService cases(store.services());
  FR_ASSIGN_OR_RETURN(auto kase, cases.Get(*chen, case_id));
  services::CopyRequestInput in;
  in.party = kase.parties.empty() ? "当事人" : kase.parties[0].name;
  in.purpose = "申请行政复议，需要执法全过程记录复制件";
  in.all = true;
  return services::CopyService(store.services()).Request(*chen, case_id, in).status();
}

}  // namespace

Status FillDemo(Store& store, std::ostream& out, const DemoOptions& options) {
  FR_RETURN_IF_ERROR(RequireEmpty(store));
  FR_RETURN_IF_ERROR(AddPeople(store, out));
  FR_ASSIGN_OR_RETURN(DemoCases cases, AddCases(store));
  FR_RETURN_IF_ERROR(AddFootage(store, options, cases.zhzf[1]));
  FR_RETURN_IF_ERROR(AddCopyRequest(store, cases.zhzf[3]));
  // Today's compliance counts, so the workbench chart has its first day. Past days are not
  // reconstructed: the chart grows by one day each day the server runs.
  services::Context& ctx = store.services();
  FR_RETURN_IF_ERROR(services::ComplianceHistory(ctx).TakeSnapshot(ctx.now()).status());
  out << "演示数据已生成：2 个科室，" << std::size(kPeople) << " 个账号，6 起案件（各阶段），"
      << "含待说明的录像中断、超时上传和待审批的复制申请。\n"
      << "Demo data: 2 sections, " << std::size(kPeople) << " accounts, 6 cases at every stage, "
      << "footage with a gap to explain, a late upload and a pending copy request.\n";
  return Status::Ok();
}

}  // namespace fullrecord::app
