// Text records (文字记录, R3.2, R5, R6) and audio-visual records (音像记录, R3.3, R7–R10): what they
// are, which originals in the vault they consist of, and the interruptions of recording with
// their explanations and reports (R9.2–R9.4). Originals are never changed: a record points at
// vault blobs by digest; an attempt to change or delete one is refused and logged (R9.5, R17.2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/cases.h"
#include "services/context.h"

namespace fullrecord::services {

struct TextRecordInput {
  int64_t case_id = 0;
  Stage stage = Stage::kStart;
  std::string doc_type;  // a catalogue code
  std::string title;
  Json fields = Json::object();
  std::string blob_sha256;  // the scanned or electronic document in the vault; may be empty
  Classification classification = Classification::kOrdinary;
};

struct TextRecord {
  int64_t id = 0;
  TextRecordInput input;
  UnixMicros created_us = 0;
  std::string created_by;
  std::vector<std::string> missing_fields;  // from the catalogue (R6.2)
};

struct AvRecordInput {
  std::optional<int64_t> case_id;  // empty: not yet matched to a case
  std::optional<Stage> stage;
  std::string device;   // serial of a registered device
  std::string officer;  // empty: whoever held the device at the start (R11.2)
  UnixMicros start_us = 0;
  UnixMicros end_us = 0;
  std::string place;
  std::string landmark;  // R10.4: the place's sign or a nearby landmark
  Classification classification = Classification::kOrdinary;
  Json checklist = Json::object();  // R7, R10: item -> true when shown in the recording
  bool consent = false;             // R8.1 the party consented to recording a secret
  std::string not_recorded_reason;  // R8.1–R8.2: why something was not recorded
};

struct Segment {
  int64_t id = 0;
  std::string sha256;
  UnixMicros start_us = 0;
  UnixMicros end_us = 0;
  UnixMicros uploaded_us = 0;
};

struct Interruption {
  int64_t id = 0;
  int64_t av_id = 0;
  UnixMicros start_us = 0;
  std::optional<UnixMicros> end_us;  // empty: recording could not resume (R9.4)
  std::string reason;                // empty until explained
  std::string reason_note;
  bool voice_explained = false;      // explained by voice on resuming (R9.3)
  std::string head_reported_to, head_reported_by;
  std::optional<UnixMicros> head_reported_us;
  std::string written_by, written_text;
  std::optional<UnixMicros> written_us;
};

struct AvRecord {
  int64_t id = 0;
  AvRecordInput input;
  std::string upload_exemption;
  UnixMicros created_us = 0;
  std::vector<Segment> segments;
  std::vector<Interruption> interruptions;
};

// The checklist items of an on-site recording, with the article each comes from.
struct ChecklistItem {
  const char* code;
  const char* name_zh;
  const char* requirement_id;
};
const std::vector<ChecklistItem>& ChecklistItems();

// R9.3 reasons: device_fault, low_battery, storage_full, bad_weather, obstruction, r8_content,
// other. R12.2 upload exemptions: continuous_enforcement, away_from_base, poor_transport.
bool IsInterruptionReason(const std::string& code);
bool IsUploadExemption(const std::string& code);

class RecordService {
 public:
  explicit RecordService(Context& ctx) : ctx_(ctx), cases_(ctx) {}

  // Adds a text record to a case the actor may change. The type must be in the catalogue and
  // the blob, when given, in the vault. Missing fields do not block the record; they are
  // reported (TextRecord::missing_fields, and the compliance report).
  Result<int64_t> AddText(const Actor& actor, const TextRecordInput& input);
  // The case's text records the actor may see (secret ones only to those R16.1 allows).
  Result<std::vector<TextRecord>> ListText(const Actor& actor, int64_t case_id);

  // Registers a recording. Officers register their own; the case's officers and the section's
  // archivist register for the case. The device must be registered; the officer defaults to its
  // holder at the start time.
  Result<int64_t> AddAv(const Actor& actor, const AvRecordInput& input);
  // Attaches a file of the recording, already in the vault. The upload time is now, so lateness
  // against the end of recording is measured, not typed in (R12.1).
  Result<int64_t> AddSegment(const Actor& actor, int64_t av_id, const std::string& sha256,
                             UnixMicros start_us, UnixMicros end_us);
  Status SetChecklist(const Actor& actor, int64_t av_id, const Json& checklist);
  // Ties an unassigned recording to a case and stage (R17.4).
  Status AssignToCase(const Actor& actor, int64_t av_id, int64_t case_id, Stage stage);
  // R12.2: upload as soon as conditions allow; reported, not hidden.
  Status ExemptUpload(const Actor& actor, int64_t av_id, const std::string& reason,
                      const std::string& note);
  Result<AvRecord> GetAv(const Actor& actor, int64_t av_id);
  Result<std::vector<AvRecord>> ListAv(const Actor& actor, int64_t case_id);
  // The actor's own recordings not yet tied to a case.
  Result<std::vector<AvRecord>> ListUnassigned(const Actor& actor);

  // A break in a recording (found by an officer or by gap detection); end empty when recording
  // could not resume.
  Result<int64_t> AddInterruption(const Actor& actor, int64_t av_id, UnixMicros start_us,
                                  std::optional<UnixMicros> end_us);
  // R9.3: the reason from the regulation's list and whether it was explained by voice.
  Status ExplainInterruption(const Actor& actor, int64_t id, const std::string& reason,
                             const std::string& note, bool voice_explained);
  // R9.4: the section head was told; `head` must be a section head.
  Status ReportToHead(const Actor& actor, int64_t id, const std::string& head);
  // R9.4: the written explanation that follows the action.
  Status WriteExplanation(const Actor& actor, int64_t id, const std::string& text);

  // Any request to change or delete an original: always refused, and logged as
  // "original.change_attempt" so the compliance report shows it (R9.5, R17.2).
  Status RefuseOriginalChange(const Actor& actor, const std::string& sha256,
                              const std::string& what);

 private:
  Result<AvRecord> LoadAv(int64_t av_id);
  Result<AvRecord> ReadableAv(const Actor& actor, int64_t av_id);
  Result<AvRecord> WritableAv(const Actor& actor, int64_t av_id, const char* event);
  Result<Interruption> WritableInterruption(const Actor& actor, int64_t id, const char* event);
  Status RequireBlob(const std::string& sha256);

  Context& ctx_;
  CaseService cases_;
};

// Whether `actor` may see a record of classification `c` in case `kase` (R16.1): secret records
// only to the case's officers, its section's head and archivist, and the principal leader.
bool MayReadRecord(const Actor& actor, const Case& kase, Classification c);

}  // namespace fullrecord::services
