// CopyService: a party's copy of the full-process record, from request to delivery (R15.1).
#include "services/copies.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace fullrecord::services {
namespace {

constexpr const char* kRequestEvent = "copy.requested";
constexpr const char* kDecideEvent = "copy.decided";
constexpr const char* kProduceEvent = "copy.produced";
constexpr const char* kDeliverEvent = "copy.delivered";
constexpr const char* kListEvent = "copy.pending_listed";

constexpr std::array<const char*, 5> kCopyStates = {"requested", "approved", "refused", "produced",
                                                    "delivered"};

constexpr const char* kSelectRequest =
    "SELECT id, case_id, party, items, purpose, state, requested_by, requested_us, decided_by, "
    "decided_us, decision_note, manifest, produced_by, produced_us, received_by, delivered_by, "
    "delivered_us FROM copy_request";

bool Blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string Optional(const store::Row& r, size_t i) {
  return r.IsNull(i) ? "" : r.Text(i);
}

// As the web UI names the states.
const char* CopyStateZh(CopyState s) {
  constexpr std::array<const char*, 5> kNames = {"待审批", "已批准", "不予批准", "已制作",
                                                 "已交付"};
  return kNames[static_cast<size_t>(s)];
}

std::string ItemNameZh(const std::string& kind, int64_t id) {
  return (kind == "text" ? "文字记录（ID：" : "录音录像记录（ID：") + std::to_string(id) + "）";
}

CopyState ParseCopyState(const std::string& code) {
  for (size_t i = 0; i < kCopyStates.size(); ++i) {
    if (code == kCopyStates[i]) return static_cast<CopyState>(i);
  }
  return CopyState::kRequested;  // unreachable: the service writes only the codes above
}

// The items column: "all", or [{"kind": "text", "id": 3}, …].
Json ItemsJson(const CopyRequestInput& in) {
  if (in.all) return "all";
  Json arr = Json::array();
  for (const auto& i : in.items) arr.push_back({{"kind", i.kind}, {"id", i.id}});
  return arr;
}

void ItemsFromJson(const Json& j, CopyRequestInput& in) {
  in.all = j.is_string() && j.get<std::string>() == "all";
  if (!j.is_array()) return;
  for (const auto& i : j) {
    in.items.push_back({i.at("kind").get<std::string>(), i.at("id").get<int64_t>()});
  }
}

CopyRequest RequestFromRow(const store::Row& r) {
  CopyRequest q;
  q.id = r.Int(0);
  q.case_id = r.Int(1);
  q.input.party = r.Text(2);
  ItemsFromJson(Json::parse(r.Text(3)), q.input);
  q.input.purpose = r.Text(4);
  q.state = ParseCopyState(r.Text(5));
  q.requested_by = r.Text(6);
  q.requested_us = r.Int(7);
  q.decided_by = Optional(r, 8);
  q.decided_us = OptionalInt(r, 9);
  q.decision_note = Optional(r, 10);
  if (!r.IsNull(11)) q.manifest = Json::parse(r.Text(11));
  q.produced_by = Optional(r, 12);
  q.produced_us = OptionalInt(r, 13);
  q.received_by = Optional(r, 14);
  q.delivered_by = Optional(r, 15);
  q.delivered_us = OptionalInt(r, 16);
  return q;
}

// Why a record is left out of a party's copy; empty when it is not (R15.1, R16.1).
std::string ExclusionReason(const Case& c, Classification record) {
  const char* why = ": kept secret by law, not copied for parties (R15.1, R16.1)";
  if (IsSecret(c.classification)) {
    return "case " + c.number + " is classified " + ClassificationCode(c.classification) + why;
  }
  if (IsSecret(record)) return std::string("classified ") + ClassificationCode(record) + why;
  return "";
}

std::string ExclusionReasonZh(const Case& c, Classification record) {
  const char* why = "，依法应当保密，不向当事人提供复制件";
  if (IsSecret(c.classification)) {
    return "案件" + c.number + "属于" + ClassificationNameZh(c.classification) + why;
  }
  if (IsSecret(record)) return std::string("该记录属于") + ClassificationNameZh(record) + why;
  return "";
}

Json FileJson(const CopyFile& f) {
  return {{"name", f.name}, {"sha256", f.sha256}, {"sm3", f.sm3}, {"size", f.size}};
}

Json Digests(const std::vector<CopyEntry>& entries) {
  Json out = Json::array();
  for (const auto& e : entries) {
    for (const auto& f : e.files) out.push_back(f.sha256);
  }
  return out;
}

Json EntryIds(const std::vector<CopyEntry>& entries) {
  Json out = Json::array();
  for (const auto& e : entries) out.push_back({{"kind", e.kind}, {"id", e.id}});
  return out;
}

}  // namespace

const char* CopyStateCode(CopyState s) {
  return kCopyStates[static_cast<size_t>(s)];
}

bool MayHandleCopies(const Actor& actor, const Case& c) {
  bool officer = actor.Has(Role::kOfficer) &&
                 std::find(c.officers.begin(), c.officers.end(), actor.id) != c.officers.end();
  bool archivist =
      actor.Has(Role::kArchivist) && !actor.section.empty() && actor.section == c.section;
  return officer || archivist;
}

Json CopySet::ToJson() const {
  Json inc = Json::array();
  for (const auto& e : included) {
    Json files = Json::array();
    for (const auto& f : e.files) files.push_back(FileJson(f));
    inc.push_back({{"kind", e.kind},
                   {"id", e.id},
                   {"title", e.title},
                   {"classification", ClassificationCode(e.classification)},
                   {"files", files}});
  }
  Json exc = Json::array();
  for (const auto& e : excluded) {
    exc.push_back({{"kind", e.kind},
                   {"id", e.id},
                   {"classification", ClassificationCode(e.classification)},
                   {"reason", e.excluded_reason},
                   {"reason_zh", e.excluded_reason_zh}});
  }
  return {{"request", request_id}, {"case", case_id}, {"number", case_number},
          {"party", party},        {"included", inc}, {"excluded", exc}};
}

Result<CopyRequest> CopyService::Load(int64_t request_id) {
  FR_ASSIGN_OR_RETURN(auto rows,
                      ctx_.db.Query(std::string(kSelectRequest) + " WHERE id = ?", {request_id}));
  if (rows.empty()) {
    return Status::NotFound("no copy request " + std::to_string(request_id),
                            "复制申请不存在或无权查看（ID：" + std::to_string(request_id) + "）");
  }
  return RequestFromRow(rows[0]);
}

Result<Case> CopyService::CaseOfRequest(const Actor& actor, const CopyRequest& request) {
  auto c = cases_.ReadableCase(actor, request.case_id);
  if (!c.ok() && c.status().IsNotFound()) {
    return Status::NotFound("no copy request " + std::to_string(request.id),
                            "复制申请不存在或无权查看（ID：" + std::to_string(request.id) + "）");
  }
  return c;
}

Status CopyService::CheckItems(const Case& c, const CopyRequestInput& in) {
  if (in.all != in.items.empty()) {
    return Status::InvalidArgument(
        "a copy request lists its items or asks for all of them, "
        "not both and not neither",
        "复制申请须选择“全部记录”或列出具体记录，二者只能选其一");
  }
  std::set<std::pair<std::string, int64_t>> seen;
  for (const auto& item : in.items) {
    const char* table = nullptr;
    if (item.kind == "text") table = "text_record";
    if (item.kind == "av") table = "av_record";
    if (!table) {
      return Status::InvalidArgument("unknown item kind \"" + item.kind + "\"; valid: text, av",
                                     "记录类型“" + item.kind + "”无效，应为文字记录或录音录像记录");
    }
    std::string name = item.kind + " record " + std::to_string(item.id);
    if (!seen.insert({item.kind, item.id}).second) {
      return Status::InvalidArgument(name + " is listed twice",
                                     ItemNameZh(item.kind, item.id) + "重复列出");
    }
    FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string("SELECT 1 FROM ") + table +
                                                     " WHERE id = ? AND case_id = ?",
                                                 {item.id, c.id}));
    if (rows.empty()) {
      return Status::InvalidArgument("case " + c.number + " has no " + name,
                                     "案件" + c.number + "中没有" + ItemNameZh(item.kind, item.id));
    }
  }
  return Status::Ok();
}

Result<int64_t> CopyService::Request(const Actor& actor, int64_t case_id,
                                     const CopyRequestInput& in) {
  FR_ASSIGN_OR_RETURN(Case c, cases_.ReadableCase(actor, case_id));
  if (!MayHandleCopies(actor, c)) {
    return Refuse(ctx_, actor, kRequestEvent, {{"case", case_id}, {"number", c.number}},
                  Status::PermissionDenied(
                      "a party's request for a copy is recorded by an "
                      "officer of the case or the archivist of section " +
                          c.section,
                      "当事人复制申请只能由本案执法人员或科室“" + c.section + "”的档案员登记"));
  }
  if (Blank(in.party) || Blank(in.purpose)) {
    return Status::InvalidArgument("a copy request needs the party and the purpose",
                                   Blank(in.party) ? "申请人不能为空" : "申请用途不能为空");
  }
  bool is_party = std::any_of(c.parties.begin(), c.parties.end(),
                              [&](const Party& p) { return p.name == in.party; });
  if (!is_party) {
    return Status::InvalidArgument(
        "\"" + in.party + "\" is not a party of case " + c.number +
            "; copies are for the case's parties (R15.1)",
        "“" + in.party + "”不是案件" + c.number + "的当事人，复制件只向本案当事人提供");
  }
  FR_RETURN_IF_ERROR(CheckItems(c, in));
  if (c.disposed_us) {
    return Status::FailedPrecondition("case " + c.number + " is disposed",
                                      "案件" + c.number + "已销毁，不能申请复制");
  }

  int64_t id = 0;
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, kRequestEvent, [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(ctx_.db.Exec(
        "INSERT INTO copy_request (case_id, party, items, purpose, state, requested_by, "
        "requested_us) VALUES (?, ?, ?, ?, 'requested', ?, ?)",
        {case_id, in.party, ItemsJson(in).dump(), in.purpose, actor.LedgerName(), ctx_.now()}));
    FR_ASSIGN_OR_RETURN(auto idrow, ctx_.db.Query("SELECT last_insert_rowid()"));
    id = idrow[0].Int(0);
    d = {{"request", id},
         {"case", case_id},
         {"number", c.number},
         {"party", in.party},
         {"items", ItemsJson(in)}};
    return Status::Ok();
  }));
  return id;
}

Status CopyService::Decide(const Actor& actor, int64_t request_id, bool approve,
                           const std::string& note) {
  FR_ASSIGN_OR_RETURN(CopyRequest req, Load(request_id));
  FR_ASSIGN_OR_RETURN(Case c, CaseOfRequest(actor, req));
  const char* decision = approve ? "approved" : "refused";
  Json detail = {
      {"request", request_id}, {"case", c.id}, {"number", c.number}, {"decision", decision}};
  if (!actor.Has(Role::kPrincipalLeader)) {
    return Refuse(ctx_, actor, kDecideEvent, detail,
                  Status::PermissionDenied("only the principal leader (主要领导) approves copies "
                                           "for parties (R15.1)",
                                           "只有主要领导可以审批当事人复制申请"));
  }
  if (!approve && Blank(note)) {
    return Status::InvalidArgument("refusing a copy needs a reason", "不予批准时须填写理由");
  }
  if (req.state != CopyState::kRequested) {
    return Status::FailedPrecondition(
        "copy request " + std::to_string(request_id) + " is already " + CopyStateCode(req.state),
        "该复制申请（ID：" + std::to_string(request_id) + "）状态为“" + CopyStateZh(req.state) +
            "”，不能重复审批");
  }

  return Commit(ctx_, actor, kDecideEvent, [&](Json& d) {
    d = detail;
    d["note"] = note;
    return ctx_.db.Exec(
        "UPDATE copy_request SET state = ?, decided_by = ?, decided_us = ?, decision_note = ? "
        "WHERE id = ?",
        {std::string(decision), actor.LedgerName(), ctx_.now(), note, request_id});
  });
}

Result<CopyFile> CopyService::FileOf(const std::string& sha256, const std::string& name) {
  FR_ASSIGN_OR_RETURN(auto rows,
                      ctx_.db.Query("SELECT sm3, size FROM blob WHERE sha256 = ?", {sha256}));
  if (rows.empty()) {
    return Status::Corruption(name + " points at blob " + sha256 + ", which the vault lacks");
  }
  return CopyFile{name, sha256, rows[0].Text(0), static_cast<uint64_t>(rows[0].Int(1))};
}

Result<CopyEntry> CopyService::TextEntry(const Case& c, int64_t id) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query(
          "SELECT title, classification, blob_sha256 FROM text_record WHERE id = ? AND case_id = ?",
          {id, c.id}));
  if (rows.empty()) {
    return Status::NotFound("case " + c.number + " has no text record " + std::to_string(id),
                            "案件" + c.number + "中没有" + ItemNameZh("text", id));
  }
  CopyEntry e{"text", id, rows[0].Text(0), ParseClassification(rows[0].Text(1)).value(), {},
              "",     ""};
  e.excluded_reason = ExclusionReason(c, e.classification);
  e.excluded_reason_zh = ExclusionReasonZh(c, e.classification);
  if (!rows[0].IsNull(2)) {
    FR_ASSIGN_OR_RETURN(CopyFile f, FileOf(rows[0].Text(2), "text-" + std::to_string(id)));
    e.files.push_back(std::move(f));
  }
  return e;
}

Result<CopyEntry> CopyService::AvEntry(const Case& c, int64_t id) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query(
          "SELECT device, start_us, classification FROM av_record WHERE id = ? AND case_id = ?",
          {id, c.id}));
  if (rows.empty()) {
    return Status::NotFound("case " + c.number + " has no av record " + std::to_string(id),
                            "案件" + c.number + "中没有" + ItemNameZh("av", id));
  }
  std::string title = "recording by " + rows[0].Text(0) + " from " + FormatUtc(rows[0].Int(1));
  CopyEntry e{"av", id, title, ParseClassification(rows[0].Text(2)).value(), {}, "", ""};
  e.excluded_reason = ExclusionReason(c, e.classification);
  e.excluded_reason_zh = ExclusionReasonZh(c, e.classification);

  FR_ASSIGN_OR_RETURN(
      auto segs,
      ctx_.db.Query("SELECT id, blob_sha256 FROM av_segment WHERE av_id = ? ORDER BY start_us, id",
                    {id}));
  for (const auto& s : segs) {
    std::string name = "av-" + std::to_string(id) + "-segment-" + std::to_string(s.Int(0));
    FR_ASSIGN_OR_RETURN(CopyFile f, FileOf(s.Text(1), name));
    e.files.push_back(std::move(f));
  }
  return e;
}

Result<std::vector<CopyItem>> CopyService::AllItems(int64_t case_id) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query("SELECT 'text', id FROM text_record WHERE case_id = ? "
                    "UNION ALL SELECT 'av', id FROM av_record WHERE case_id = ? ORDER BY 1 DESC, 2",
                    {case_id, case_id}));
  std::vector<CopyItem> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.Text(0), r.Int(1)});
  return out;
}

Result<CopySet> CopyService::Compute(const Case& c, const CopyRequest& req) {
  std::vector<CopyItem> items = req.input.items;
  if (req.input.all) {
    FR_ASSIGN_OR_RETURN(items, AllItems(c.id));
  }

  CopySet set{req.id, c.id, c.number, req.input.party, {}, {}};
  for (const auto& item : items) {
    FR_ASSIGN_OR_RETURN(CopyEntry e,
                        item.kind == "text" ? TextEntry(c, item.id) : AvEntry(c, item.id));
    if (!e.excluded_reason.empty()) {
      e.title.clear();
      set.excluded.push_back(std::move(e));
      continue;
    }

    // What the party receives is checked against its digests before the manifest vouches for it.
    for (const auto& f : e.files) FR_RETURN_IF_ERROR(ctx_.vault.Verify(f.sha256));
    set.included.push_back(std::move(e));
  }
  return set;
}

Result<CopySet> CopyService::Produce(const Actor& actor, int64_t request_id) {
  FR_ASSIGN_OR_RETURN(CopyRequest req, Load(request_id));
  FR_ASSIGN_OR_RETURN(Case c, CaseOfRequest(actor, req));
  Json detail = {{"request", request_id}, {"case", c.id}, {"number", c.number}};
  if (!MayHandleCopies(actor, c)) {
    return Refuse(
        ctx_, actor, kProduceEvent, detail,
        Status::PermissionDenied("a copy is produced by an officer of the case or the "
                                 "archivist of section " +
                                     c.section + " (R17.3)",
                                 "复制件只能由本案执法人员或科室“" + c.section + "”的档案员制作"));
  }
  if (req.state != CopyState::kApproved) {
    return Refuse(
        ctx_, actor, kProduceEvent, detail,
        Status::FailedPrecondition(
            "copy request " + std::to_string(request_id) + " is " + CopyStateCode(req.state) +
                "; only a "
                "request the principal leader approved is "
                "produced (R15.1, R17.3)",
            "该复制申请（ID：" + std::to_string(request_id) + "）状态为“" + CopyStateZh(req.state) +
                "”，只有经主要领导批准的申请才能制作复制件"));
  }
  if (c.disposed_us) {
    return Refuse(ctx_, actor, kProduceEvent, detail,
                  Status::FailedPrecondition("case " + c.number + " is disposed",
                                             "案件" + c.number + "已销毁，不能制作复制件"));
  }

  FR_ASSIGN_OR_RETURN(CopySet set, Compute(c, req));
  FR_RETURN_IF_ERROR(Commit(ctx_, actor, kProduceEvent, [&](Json& d) {
    d = detail;
    d["included"] = Digests(set.included);
    d["excluded"] = Digests(set.excluded);
    d["excluded_items"] = EntryIds(set.excluded);
    return ctx_.db.Exec(
        "UPDATE copy_request SET state = 'produced', manifest = ?, produced_by = ?, "
        "produced_us = ? WHERE id = ?",
        {set.ToJson().dump(), actor.LedgerName(), ctx_.now(), request_id});
  }));
  return set;
}

Status CopyService::Deliver(const Actor& actor, int64_t request_id,
                            const std::string& received_by) {
  FR_ASSIGN_OR_RETURN(CopyRequest req, Load(request_id));
  FR_ASSIGN_OR_RETURN(Case c, CaseOfRequest(actor, req));
  Json detail = {{"request", request_id}, {"case", c.id}, {"number", c.number}};
  if (!MayHandleCopies(actor, c)) {
    return Refuse(
        ctx_, actor, kDeliverEvent, detail,
        Status::PermissionDenied("a copy is delivered by an officer of the case or the "
                                 "archivist of section " +
                                     c.section,
                                 "复制件只能由本案执法人员或科室“" + c.section + "”的档案员交付"));
  }
  if (Blank(received_by)) {
    return Status::InvalidArgument("a delivery names who received the copy", "签收人不能为空");
  }
  if (req.state != CopyState::kProduced) {
    return Status::FailedPrecondition(
        "copy request " + std::to_string(request_id) + " is " + CopyStateCode(req.state) +
            "; only a produced copy is "
            "delivered",
        "该复制申请（ID：" + std::to_string(request_id) + "）状态为“" + CopyStateZh(req.state) +
            "”，复制件制作完成后才能交付");
  }

  return Commit(ctx_, actor, kDeliverEvent, [&](Json& d) {
    d = detail;
    d["received_by"] = received_by;
    return ctx_.db.Exec(
        "UPDATE copy_request SET state = 'delivered', received_by = ?, delivered_by = ?, "
        "delivered_us = ? WHERE id = ?",
        {received_by, actor.LedgerName(), ctx_.now(), request_id});
  });
}

Result<CopyRequest> CopyService::Get(const Actor& actor, int64_t request_id) {
  FR_ASSIGN_OR_RETURN(CopyRequest req, Load(request_id));
  FR_RETURN_IF_ERROR(CaseOfRequest(actor, req).status());
  return req;
}

Result<std::vector<CopyRequest>> CopyService::ListPending(const Actor& actor) {
  if (!actor.Has(Role::kPrincipalLeader)) {
    return Refuse(ctx_, actor, kListEvent, Json::object(),
                  Status::PermissionDenied("requests awaiting decision are listed for the "
                                           "principal leader",
                                           "只有主要领导可以查看待审批的复制申请"));
  }
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(std::string(kSelectRequest) +
                                               " WHERE state = 'requested' ORDER BY id"));
  std::vector<CopyRequest> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(RequestFromRow(r));
  return out;
}

}  // namespace fullrecord::services
