#include "media/recordings.h"

#include <map>
#include <set>

#include "services/bureau.h"
#include "services/records.h"

namespace fullrecord::media {
namespace {

struct Existing {
  int64_t id = 0;
  std::string officer;
  UnixMicros start_us = 0, end_us = 0;
  std::optional<int64_t> case_id;
};

// A recording of `device` that `session` overlaps or comes within the session break of.
Result<std::optional<Existing>> FindExisting(services::Context& ctx, const std::string& device,
                                             const Session& session, int64_t break_us) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx.db.Query("SELECT id, officer, start_us, end_us, case_id FROM av_record WHERE device = ? "
                   "AND start_us <= ? AND end_us >= ? ORDER BY start_us, id LIMIT 1",
                   {device, session.end_us + break_us, session.start_us - break_us}));
  if (rows.empty()) return std::optional<Existing>();
  const auto& r = rows[0];
  return std::optional<Existing>(Existing{r.Int(0), r.IsNull(1) ? "" : r.Text(1), r.Int(2),
                                          r.Int(3), services::OptionalInt(r, 4)});
}

// A recording of `device` that ended during the on-site visit of its case while `session`
// starts before that visit ends. R9.2 wants a visit recorded without a break, so however long
// the device was stopped, the session joins that recording and the stop is an interruption to
// explain, not the start of a new recording that no rule would question.
Result<std::optional<Existing>> FindSameVisit(services::Context& ctx, const std::string& device,
                                              const Session& session) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx.db.Query("SELECT a.id, a.officer, a.start_us, a.end_us, a.case_id FROM av_record a "
                   "JOIN case_file c ON c.id = a.case_id WHERE a.device = ? AND a.end_us < ? "
                   "AND a.end_us >= c.onsite_start_us AND c.onsite_end_us > ? "
                   "ORDER BY a.end_us DESC, a.id LIMIT 1",
                   {device, session.start_us, session.start_us}));
  if (rows.empty()) return std::optional<Existing>();
  const auto& r = rows[0];
  Existing visit{r.Int(0), r.IsNull(1) ? "" : r.Text(1), r.Int(2), r.Int(3),
                 services::OptionalInt(r, 4)};

  // A device handed on in the middle of the visit starts a recording of its new holder.
  auto holder = services::BureauService(ctx).HolderAt(device, session.start_us);
  if (!holder.ok() && !holder.status().IsNotFound()) return holder.status();
  if (!holder.ok() || *holder != visit.officer) return std::optional<Existing>();
  return std::optional<Existing>(visit);
}

Result<std::string> StageAt(services::Context& ctx, int64_t case_id, UnixMicros t,
                            const std::string& current) {
  FR_ASSIGN_OR_RETURN(
      auto before,
      ctx.db.Query("SELECT to_stage FROM stage_change WHERE case_id = ? AND at_us <= ? "
                   "ORDER BY at_us DESC, id DESC LIMIT 1",
                   {case_id, t}));
  if (!before.empty()) return before[0].Text(0);
  // Recorded before the case was opened: it belongs to the stage the case began in.
  FR_ASSIGN_OR_RETURN(
      auto first,
      ctx.db.Query("SELECT to_stage FROM stage_change WHERE case_id = ? ORDER BY at_us, id LIMIT 1",
                   {case_id}));
  return first.empty() ? current : first[0].Text(0);
}

}  // namespace

Result<std::optional<CaseMatch>> MatchCase(services::Context& ctx, const std::string& officer,
                                           UnixMicros start_us, UnixMicros end_us,
                                           int64_t slack_us) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx.db.Query(
          "SELECT c.id, c.number, c.onsite_start_us, c.onsite_end_us, c.stage FROM case_file c "
          "JOIN case_officer o ON o.case_id = c.id WHERE o.person = ? AND c.disposed_us IS NULL "
          "AND c.onsite_start_us IS NOT NULL AND c.onsite_start_us <= ? "
          "AND (c.onsite_end_us IS NULL OR c.onsite_end_us >= ?)",
          {officer, end_us + slack_us, start_us - slack_us}));
  std::optional<CaseMatch> best;
  int64_t best_overlap = -1;
  bool tie = false;
  for (const auto& r : rows) {
    UnixMicros lo = std::max(start_us, r.Int(2) - slack_us);
    UnixMicros hi = r.IsNull(3) ? end_us : std::min(end_us, r.Int(3) + slack_us);
    int64_t overlap = std::max<int64_t>(0, hi - lo);
    if (overlap == best_overlap) tie = true;
    if (overlap <= best_overlap) continue;
    best_overlap = overlap;
    tie = false;
    FR_ASSIGN_OR_RETURN(std::string stage, StageAt(ctx, r.Int(0), start_us, r.Text(4)));
    best = CaseMatch{r.Int(0), r.Text(1), stage};
  }
  return tie ? std::nullopt : best;
}

std::vector<RecordingOutcome> RecordingBuilder::Register(
    const std::vector<SegmentInput>& segments) {
  std::map<std::string, std::vector<TimedSegment>> by_device;
  for (const auto& s : segments) by_device[s.device].push_back({s.sha256, s.start_us, s.end_us});
  std::vector<RecordingOutcome> outcomes;
  for (const auto& [device, list] : by_device) {
    for (const auto& session : GroupSessions(list, options_.gaps)) {
      outcomes.push_back(RegisterSession(device, session));
    }
  }
  return outcomes;
}

RecordingOutcome RecordingBuilder::RegisterSession(const std::string& device,
                                                   const Session& session) {
  RecordingOutcome out;
  out.device = device;
  out.start_us = session.start_us;
  out.end_us = session.end_us;
  for (const auto& seg : session.segments) out.segments.push_back(seg.id);
  auto existing = FindExisting(ctx_, device, session, options_.gaps.session_break_us);
  if (existing.ok() && !*existing) existing = FindSameVisit(ctx_, device, session);
  if (!existing.ok()) {
    out.status = existing.status();
    return out;
  }

  // The officer: the existing recording's, else whoever held the device when it began (R11.2).
  if (*existing) {
    out.officer = (*existing)->officer;
    out.av_id = (*existing)->id;
  } else {
    auto holder = services::BureauService(ctx_).HolderAt(device, session.start_us);
    if (!holder.ok()) {
      out.status = holder.status().IsNotFound()
                       ? Status::FailedPrecondition(
                             "nobody held device " + device + " at " + FormatUtc(session.start_us) +
                             " (R11.2); record the assignment, then import again")
                       : holder.status();
      return out;
    }
    out.officer = *holder;
  }
  auto actor = services::LoadActor(ctx_, out.officer);
  if (!actor.ok()) {
    out.status = actor.status();
    return out;
  }
  out.status = AddToRecording(*actor, session, out);
  return out;
}

Status RecordingBuilder::AddToRecording(const services::Actor& actor, const Session& session,
                                        RecordingOutcome& out) {
  if (out.av_id != 0) {
    FR_RETURN_IF_ERROR(Extend(actor, out.av_id, session, out));
  } else {
    FR_ASSIGN_OR_RETURN(out.av_id, CreateRecording(actor, session, out));
    out.created = true;
  }
  services::RecordService records(ctx_);
  for (const auto& seg : session.segments) {
    FR_RETURN_IF_ERROR(
        records.AddSegment(actor, out.av_id, seg.id, seg.start_us, seg.end_us).status());
  }
  return RecordInterruptions(actor, out);
}

Result<int64_t> RecordingBuilder::CreateRecording(const services::Actor& actor,
                                                  const Session& session, RecordingOutcome& out) {
  FR_ASSIGN_OR_RETURN(auto match, MatchCase(ctx_, actor.id, session.start_us, session.end_us,
                                            options_.match_slack_us));
  services::AvRecordInput in;
  in.device = out.device;
  in.officer = actor.id;
  in.start_us = session.start_us;
  in.end_us = session.end_us;
  if (match) {
    FR_ASSIGN_OR_RETURN(services::Stage stage, services::ParseStage(match->stage));
    in.case_id = match->case_id;
    in.stage = stage;
    out.case_id = match->case_id;
    out.case_number = match->number;
  }
  return services::RecordService(ctx_).AddAv(actor, in);
}

Status RecordingBuilder::Extend(const services::Actor& actor, int64_t av_id, const Session& session,
                                RecordingOutcome& out) {
  FR_ASSIGN_OR_RETURN(
      auto rows,
      ctx_.db.Query("SELECT start_us, end_us, case_id FROM av_record WHERE id = ?", {av_id}));
  if (rows.empty()) return Status::NotFound("no audio-visual record " + std::to_string(av_id));
  UnixMicros old_start = rows[0].Int(0), old_end = rows[0].Int(1);
  out.start_us = std::min(old_start, session.start_us);
  out.end_us = std::max(old_end, session.end_us);
  out.case_id = services::OptionalInt(rows[0], 2);
  if (out.start_us != old_start || out.end_us != old_end) {
    FR_RETURN_IF_ERROR(services::Commit(ctx_, actor, "av_record.extended", [&](Json& d) {
      d = {{"av_record", av_id},
           {"start", FormatUtc(out.start_us)},
           {"end", FormatUtc(out.end_us)},
           {"previous_start", FormatUtc(old_start)},
           {"previous_end", FormatUtc(old_end)}};
      return ctx_.db.Exec("UPDATE av_record SET start_us = ?, end_us = ? WHERE id = ?",
                          {out.start_us, out.end_us, av_id});
    }));
  }
  if (out.case_id) return Status::Ok();

  // Still unassigned: the longer recording may now meet a case's on-site time.
  FR_ASSIGN_OR_RETURN(auto match,
                      MatchCase(ctx_, actor.id, out.start_us, out.end_us, options_.match_slack_us));
  if (!match) return Status::Ok();
  FR_ASSIGN_OR_RETURN(services::Stage stage, services::ParseStage(match->stage));
  FR_RETURN_IF_ERROR(
      services::RecordService(ctx_).AssignToCase(actor, av_id, match->case_id, stage));
  out.case_id = match->case_id;
  out.case_number = match->number;
  return Status::Ok();
}

Status RecordingBuilder::RecordInterruptions(const services::Actor& actor, RecordingOutcome& out) {
  FR_ASSIGN_OR_RETURN(
      auto segs,
      ctx_.db.Query("SELECT blob_sha256, start_us, end_us FROM av_segment WHERE av_id = ?",
                    {out.av_id}));
  std::vector<TimedSegment> timed;
  timed.reserve(segs.size());
  for (const auto& r : segs) timed.push_back({r.Text(0), r.Int(1), r.Int(2)});
  FR_ASSIGN_OR_RETURN(
      auto known, ctx_.db.Query("SELECT start_us FROM interruption WHERE av_id = ?", {out.av_id}));
  std::set<UnixMicros> recorded;
  for (const auto& r : known) recorded.insert(r.Int(0));

  services::RecordService records(ctx_);
  for (const auto& gap : FindGaps(timed, options_.gaps.interruption_us())) {
    if (recorded.count(gap.start_us)) continue;
    FR_ASSIGN_OR_RETURN(int64_t id,
                        records.AddInterruption(actor, out.av_id, gap.start_us, gap.end_us));
    out.interruptions.push_back(id);
  }
  return Status::Ok();
}

}  // namespace fullrecord::media
