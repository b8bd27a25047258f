// Imported segments become audio-visual records (R3.3): one device's segments are grouped into
// recordings by time, each registered for the officer who held the device when it began
// (R11.2), matched to the case whose officer that is and whose on-site time it overlaps (else it
// stays unassigned, R17.4), and every gap longer than the device's split becomes an interruption
// the officer must explain (R9.2–R9.4). Upload lateness (R12.1) is measured by the services from
// the recording's end to the time each segment is added.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "media/sessions.h"
#include "services/context.h"

namespace fullrecord::media {

struct SegmentInput {
  std::string sha256;  // in the vault, in no recording yet
  std::string device;  // a registered serial
  UnixMicros start_us = 0;
  UnixMicros end_us = 0;  // start_us when the duration is unknown
};

struct RecordingOptions {
  GapOptions gaps;
  int64_t match_slack_us = 15LL * 60 * 1'000'000;  // a recording this close to on-site time
                                                   // still belongs to the case
};

struct RecordingOutcome {
  std::string device;
  std::string officer;                  // empty when no holder was found
  int64_t av_id = 0;                    // 0 when the recording could not be registered
  bool created = false;                 // false: the segments joined an existing recording
  UnixMicros start_us = 0, end_us = 0;  // of the whole recording after this import
  std::optional<int64_t> case_id;
  std::string case_number;
  std::vector<std::string> segments;   // SHA-256 of this import's segments in the session; when
                                       // status is not ok, some may not have been added
  std::vector<int64_t> interruptions;  // ids of the interruptions this import found
  Status status;                       // why the recording (or some of it) was not registered
};

class RecordingBuilder {
 public:
  // `ctx` must outlive the builder.
  RecordingBuilder(services::Context& ctx, RecordingOptions options)
      : ctx_(ctx), options_(options) {}

  // Registers `segments` (any devices): per device, sessions split at the session break; a
  // session that overlaps or comes within the break of an existing recording of the device, or
  // that starts during the on-site visit in which such a recording of the same holder ended,
  // joins it (the recording is extended, "av_record.extended", and the stop is an
  // interruption, R9.2); otherwise it becomes a new recording.
  // Acts as the recording's officer. A session whose device nobody held, or whose holder may not
  // register recordings, is reported in its outcome's status and changes nothing.
  std::vector<RecordingOutcome> Register(const std::vector<SegmentInput>& segments);

 private:
  RecordingOutcome RegisterSession(const std::string& device, const Session& session);
  Status AddToRecording(const services::Actor& actor, const Session& session,
                        RecordingOutcome& out);
  Result<int64_t> CreateRecording(const services::Actor& actor, const Session& session,
                                  RecordingOutcome& out);
  Status Extend(const services::Actor& actor, int64_t av_id, const Session& session,
                RecordingOutcome& out);
  Status RecordInterruptions(const services::Actor& actor, RecordingOutcome& out);

  services::Context& ctx_;
  const RecordingOptions options_;
};

// The case a recording by `officer` over [start_us, end_us] belongs to: the case they are an
// officer of whose on-site time (open-ended while it has no end) overlaps the recording, within
// `slack_us`; of several, the one with the largest overlap. nullopt when none matches or two
// match equally.
struct CaseMatch {
  int64_t case_id = 0;
  std::string number;
  std::string stage;  // the case's stage when the recording began
};
Result<std::optional<CaseMatch>> MatchCase(services::Context& ctx, const std::string& officer,
                                           UnixMicros start_us, UnixMicros end_us,
                                           int64_t slack_us);

}  // namespace fullrecord::media
