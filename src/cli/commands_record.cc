// record: text records (R3.2, R6) and audio-visual records with their segments, checklist,
// case assignment, upload exemptions and interruptions (R7–R12, R17.4).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/actor.h"
#include "cli/case_view.h"
#include "cli/commands.h"
#include "cli/human.h"
#include "cli/output.h"
#include "services/records.h"

namespace fullrecord::cli {
namespace {

using namespace services;  // NOLINT(google-build-using-namespace)

struct RecordArgs {
  std::string case_ref, stage, type, title, fields, file, classification = "ordinary";
  std::string device, start, end, officer, place, landmark;
  std::vector<std::string> files, items;
  std::string id;  // AV_ID or GAP_ID
  std::string reason, note, head, text;
  bool voice = false;
};

// Stores `path` in the vault on behalf of the actor; the digest.
Result<std::string> Ingest(Session& s, const std::string& path) {
  auto r = s.store->vault().IngestFile(path, s.actor.LedgerName());
  if (!r.ok()) return r.status().WithContext(path);
  return r->blob.sha256;
}

// record text

Result<TextRecordInput> ParseTextInput(Session& s, const RecordArgs& a) {
  TextRecordInput in;
  FR_ASSIGN_OR_RETURN(in.case_id, ResolveCase(s, a.case_ref));
  FR_ASSIGN_OR_RETURN(in.stage, ParseStage(a.stage));
  FR_ASSIGN_OR_RETURN(in.classification, ParseClassification(a.classification));
  in.doc_type = a.type;
  in.title = a.title;
  if (!a.fields.empty()) {
    in.fields = Json::parse(a.fields, nullptr, false);
    if (in.fields.is_discarded()) {
      return Status::InvalidArgument("--fields is not JSON: " + a.fields);
    }
  }
  return in;
}

Status RecordText(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(TextRecordInput in, ParseTextInput(s, a));

  // A refused actor must not leave a file in the vault: check the case first.
  FR_RETURN_IF_ERROR(
      CaseService(s.ctx()).WritableCase(s.actor, in.case_id, "text_record.added").status());
  if (!a.file.empty()) {
    FR_ASSIGN_OR_RETURN(in.blob_sha256, Ingest(s, a.file));
  }
  FR_ASSIGN_OR_RETURN(int64_t id, RecordService(s.ctx()).AddText(s.actor, in));

  std::vector<std::string> missing;
  const Catalogue* catalogue = s.ctx().catalogue;
  if (const DocType* type = catalogue ? catalogue->Find(in.doc_type) : nullptr) {
    missing = catalogue->MissingFields(*type, in.fields);
  }
  if (s.json()) {
    PrintJson({{"id", id}, {"sha256", in.blob_sha256}, {"missing_fields", missing}});
    return Status::Ok();
  }
  std::printf("%lld\n", static_cast<long long>(id));
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  if (!list.empty()) std::fprintf(stderr, "note: missing fields (R6.2): %s\n", list.c_str());
  return Status::Ok();
}

// record av

Result<AvRecordInput> ParseAvInput(Session& s, const RecordArgs& a) {
  AvRecordInput in;
  if (a.case_ref.empty() != a.stage.empty()) {
    return Status::InvalidArgument("give both --case and --stage, or neither");
  }
  if (!a.case_ref.empty()) {
    FR_ASSIGN_OR_RETURN(in.case_id, ResolveCase(s, a.case_ref));
    FR_ASSIGN_OR_RETURN(in.stage, ParseStage(a.stage));
  }
  FR_ASSIGN_OR_RETURN(in.start_us, ParseTime(a.start, "--start"));
  FR_ASSIGN_OR_RETURN(in.end_us, ParseTime(a.end, "--end"));
  FR_ASSIGN_OR_RETURN(in.classification, ParseClassification(a.classification));
  in.device = a.device;
  in.officer = a.officer;
  in.place = a.place;
  in.landmark = a.landmark;
  return in;
}

Status RecordAv(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(AvRecordInput in, ParseAvInput(s, a));
  RecordService records(s.ctx());
  FR_ASSIGN_OR_RETURN(int64_t id, records.AddAv(s.actor, in));

  // Registered first, so a refused actor stores no file; then each file becomes a segment.
  Json segments = Json::array();
  for (const auto& f : a.files) {
    FR_ASSIGN_OR_RETURN(std::string sha256, Ingest(s, f));
    auto seg = records.AddSegment(s.actor, id, sha256, in.start_us, in.end_us);
    if (!seg.ok()) {
      return seg.status().WithContext("recording " + std::to_string(id) +
                                      " was registered, "
                                      "but " +
                                      f + " was not added");
    }
    segments.push_back({{"id", *seg}, {"file", f}, {"sha256", sha256}});
  }
  if (s.json()) {
    PrintJson({{"id", id}, {"segments", segments}});
  } else {
    std::printf("%lld\n", static_cast<long long>(id));
  }
  return Status::Ok();
}

// record checklist / assign / exempt / unassigned

Status RecordChecklist(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "recording"));
  RecordService records(s.ctx());
  FR_ASSIGN_OR_RETURN(AvRecord av, records.GetAv(s.actor, id));
  Json checklist = av.input.checklist;
  for (const auto& item : a.items) {
    auto eq = item.find('=');
    std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (value != "true" && value != "false") {
      return Status::InvalidArgument("checklist item \"" + item + "\" is not ITEM=true|false");
    }
    checklist[item.substr(0, eq)] = value == "true";
  }
  FR_RETURN_IF_ERROR(records.SetChecklist(s.actor, id, checklist));
  PrintDone(s, "recording " + a.id + " checklist: " + checklist.dump(),
            {{"av_record", id}, {"checklist", checklist}});
  return Status::Ok();
}

Status RecordAssign(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "recording"));
  FR_ASSIGN_OR_RETURN(int64_t case_id, ResolveCase(s, a.case_ref));
  FR_ASSIGN_OR_RETURN(Stage stage, ParseStage(a.stage));
  FR_RETURN_IF_ERROR(RecordService(s.ctx()).AssignToCase(s.actor, id, case_id, stage));
  PrintDone(s,
            "recording " + a.id + " belongs to case " + std::to_string(case_id) + ", " +
                StageNameZh(stage),
            {{"av_record", id}, {"case", case_id}, {"stage", StageCode(stage)}});
  return Status::Ok();
}

Status RecordExempt(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "recording"));
  FR_RETURN_IF_ERROR(RecordService(s.ctx()).ExemptUpload(s.actor, id, a.reason, a.note));
  PrintDone(s, "recording " + a.id + " upload exemption (R12.2): " + a.reason,
            {{"av_record", id}, {"reason", a.reason}});
  return Status::Ok();
}

Status RecordUnassigned(Session& s) {
  FR_ASSIGN_OR_RETURN(auto avs, RecordService(s.ctx()).ListUnassigned(s.actor));
  Json out = Json::array();
  Table table({"ID", "设备", "开始", "结束", "地点", "片段"});
  for (const auto& av : avs) {
    out.push_back({{"id", av.id},
                   {"device", av.input.device},
                   {"start", FormatUtc(av.input.start_us)},
                   {"end", FormatUtc(av.input.end_us)},
                   {"place", av.input.place},
                   {"segments", av.segments.size()}});
    table.AddRow({std::to_string(av.id), av.input.device, LocalTime(av.input.start_us),
                  LocalTime(av.input.end_us), av.input.place, std::to_string(av.segments.size())});
  }
  PrintListing(s, out, table);
  return Status::Ok();
}

// record gap / explain / report-head / written

Status RecordGap(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t av_id, ParseId(a.id, "recording"));
  FR_ASSIGN_OR_RETURN(UnixMicros start, ParseTime(a.start, "--start"));
  std::optional<UnixMicros> end;
  if (!a.end.empty()) {
    FR_ASSIGN_OR_RETURN(end, ParseTime(a.end, "--end"));
  }
  FR_ASSIGN_OR_RETURN(int64_t id,
                      RecordService(s.ctx()).AddInterruption(s.actor, av_id, start, end));
  if (s.json()) {
    PrintJson({{"id", id}, {"av_record", av_id}});
  } else {
    std::printf("%lld\n", static_cast<long long>(id));
  }
  return Status::Ok();
}

Status RecordExplain(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "interruption"));
  FR_RETURN_IF_ERROR(
      RecordService(s.ctx()).ExplainInterruption(s.actor, id, a.reason, a.note, a.voice));
  PrintDone(s, "interruption " + a.id + " explained: " + a.reason + (a.voice ? " (by voice)" : ""),
            {{"interruption", id}, {"reason", a.reason}, {"voice_explained", a.voice}});
  return Status::Ok();
}

Status RecordReportHead(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "interruption"));
  FR_RETURN_IF_ERROR(RecordService(s.ctx()).ReportToHead(s.actor, id, a.head));
  PrintDone(s, "interruption " + a.id + " reported to section head " + a.head + " (R9.4)",
            {{"interruption", id}, {"head", a.head}});
  return Status::Ok();
}

Status RecordWritten(Session& s, const RecordArgs& a) {
  FR_ASSIGN_OR_RETURN(int64_t id, ParseId(a.id, "interruption"));
  FR_RETURN_IF_ERROR(RecordService(s.ctx()).WriteExplanation(s.actor, id, a.text));
  PrintDone(s, "interruption " + a.id + ": written explanation recorded (R9.4)",
            {{"interruption", id}});
  return Status::Ok();
}

// Registration

void AddTextAndAv(CLI::App* cmd, const GlobalOptions& g, int& code,
                  const std::shared_ptr<RecordArgs>& a) {
  auto* text = cmd->add_subcommand("text", "add a text record (文字记录) to a case; prints its id");
  text->add_option("CASE", a->case_ref, "case id or number")->required();
  text->add_option("--stage", a->stage, "the stage it belongs to")->required();
  text->add_option("--type", a->type, "document type from the catalogue")->required();
  text->add_option("--title", a->title)->required();
  text->add_option("--fields", a->fields, "the document's fields as a JSON object");
  text->add_option("--file", a->file, "the document, ingested into the vault and linked");
  text->add_option("--classification", a->classification)->capture_default_str();
  OnRun(text, g, code, [a](Session& s) { return RecordText(s, *a); });

  auto* av = cmd->add_subcommand("av", "register a recording (音像记录); prints its id");
  av->add_option("--device", a->device, "device serial")->required();
  av->add_option("--start", a->start, "recording began")->required();
  av->add_option("--end", a->end, "recording ended")->required();
  av->add_option("--case", a->case_ref, "case id or number (with --stage)");
  av->add_option("--stage", a->stage, "stage of the case");
  av->add_option("--officer", a->officer, "default: who held the device at --start");
  av->add_option("--place", a->place);
  av->add_option("--landmark", a->landmark, "the place's sign or a nearby landmark (R10.4)");
  av->add_option("--classification", a->classification)->capture_default_str();
  av->add_option("--file", a->files, "a file of the recording (repeat); each is a segment");
  OnRun(av, g, code, [a](Session& s) { return RecordAv(s, *a); });
}

void AddAvDetails(CLI::App* cmd, const GlobalOptions& g, int& code,
                  const std::shared_ptr<RecordArgs>& a) {
  auto* checklist = cmd->add_subcommand("checklist", "what the recording shows (R7, R10)");
  checklist->add_option("AV_ID", a->id)->required();
  checklist->add_option("ITEMS", a->items, "item=true or item=false")->required();
  OnRun(checklist, g, code, [a](Session& s) { return RecordChecklist(s, *a); });

  auto* assign = cmd->add_subcommand("assign", "tie a recording to a case (R17.4)");
  assign->add_option("AV_ID", a->id)->required();
  assign->add_option("CASE", a->case_ref, "case id or number")->required();
  assign->add_option("--stage", a->stage)->required();
  OnRun(assign, g, code, [a](Session& s) { return RecordAssign(s, *a); });

  auto* exempt = cmd->add_subcommand("exempt", "late upload allowed (R12.2)");
  exempt->add_option("AV_ID", a->id)->required();
  exempt->add_option("REASON", a->reason, "continuous_enforcement, away_from_base, poor_transport")
      ->required();
  exempt->add_option("--note", a->note);
  OnRun(exempt, g, code, [a](Session& s) { return RecordExempt(s, *a); });

  OnRun(cmd->add_subcommand("unassigned", "your recordings not yet tied to a case"), g, code,
        RecordUnassigned);
}

void AddGapCommands(CLI::App* cmd, const GlobalOptions& g, int& code,
                    const std::shared_ptr<RecordArgs>& a) {
  auto* gap = cmd->add_subcommand("gap", "record an interruption; prints its id");
  gap->add_option("AV_ID", a->id)->required();
  gap->add_option("--start", a->start)->required();
  gap->add_option("--end", a->end, "when recording resumed; omit if it could not (R9.4)");
  OnRun(gap, g, code, [a](Session& s) { return RecordGap(s, *a); });

  auto* explain = cmd->add_subcommand("explain", "why recording stopped (R9.3)");
  explain->add_option("GAP_ID", a->id)->required();
  explain
      ->add_option("REASON", a->reason,
                   "device_fault, low_battery, storage_full, bad_weather, obstruction, "
                   "r8_content, other")
      ->required();
  explain->add_option("--note", a->note);
  explain->add_flag("--voice", a->voice, "explained by voice on resuming");
  OnRun(explain, g, code, [a](Session& s) { return RecordExplain(s, *a); });

  auto* head = cmd->add_subcommand("report-head", "the section head was told (R9.4)");
  head->add_option("GAP_ID", a->id)->required();
  head->add_option("HEAD", a->head, "the section head's person id")->required();
  OnRun(head, g, code, [a](Session& s) { return RecordReportHead(s, *a); });

  auto* written = cmd->add_subcommand("written", "the written explanation (R9.4)");
  written->add_option("GAP_ID", a->id)->required();
  written->add_option("TEXT", a->text)->required();
  OnRun(written, g, code, [a](Session& s) { return RecordWritten(s, *a); });
}

}  // namespace

void AddRecordCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  auto a = std::make_shared<RecordArgs>();
  auto* cmd = app.add_subcommand("record", "记录: text and audio-visual records");
  cmd->require_subcommand(1);
  AddTextAndAv(cmd, g, code, a);
  AddAvDetails(cmd, g, code, a);
  AddGapCommands(cmd, g, code, a);
}

}  // namespace fullrecord::cli
