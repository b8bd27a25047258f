#include "archive/register.h"

#include "archive/burner.h"
#include "services/cases.h"

namespace fullrecord::archive {
namespace {

// The archivist of the case's section, or a logged refusal of `event`.
Status RequireArchivist(services::Context& ctx, const services::Actor& actor,
                        const DiscSetRow& set, const std::string& event) {
  services::CaseService cases(ctx);
  FR_ASSIGN_OR_RETURN(services::Case c, cases.ReadableCase(actor, set.case_id));
  if (actor.Has(services::Role::kArchivist) && actor.section == c.section) return Status::Ok();
  return services::Refuse(ctx, actor, event, {{"set", set.id}, {"case", set.case_id}},
                          Status::PermissionDenied("only the archivist of section " + c.section +
                                                       " registers its disc archive (R11.1)",
                                                   "只有本案所属科室的档案员可以登记归档光盘"
                                                   "（R11.1）"));
}

Result<Readback> ReadBackDisc(const DiscRow& disc, const std::string& path,
                              const std::vector<std::string>& key_files,
                              std::vector<DiscReport>* reports) {
  std::string name = "disc " + std::to_string(disc.seq) + "/" + std::to_string(disc.total);
  FR_ASSIGN_OR_RETURN(ImageDigests d, DigestImage(path, disc.size));
  if (d.sha256 != disc.image_sha256) {
    return Status::Corruption(name + " read back from " + path + " has SHA-256 " + d.sha256 +
                              "; the image made had " + disc.image_sha256);
  }
  DiscReport report = VerifyDisc(path, {key_files, {}});
  if (reports) reports->push_back(report);
  if (!report.ok()) {
    return Status::Corruption(name + " read back from " + path + " fails verification: " +
                              report.problems[0].file + ": " + report.problems[0].message);
  }
  return Readback{path, d.sm3};
}

}  // namespace

Result<std::vector<Readback>> ReadBackSet(const DiscSetRow& set,
                                          const std::vector<std::string>& paths,
                                          const std::vector<std::string>& key_files,
                                          std::vector<DiscReport>* reports) {
  if (!paths.empty() && paths.size() != set.discs.size()) {
    return Status::InvalidArgument("set " + set.code + " has " + std::to_string(set.discs.size()) +
                                       " discs; give one path for each, in order",
                                   "光盘组 " + set.code + " 共有 " +
                                       std::to_string(set.discs.size()) +
                                       " 张光盘，请按顺序为每张光盘各指定一个读取位置");
  }
  std::vector<Readback> out;
  for (size_t i = 0; i < set.discs.size(); ++i) {
    std::string path = paths.empty() ? set.discs[i].image_file : paths[i];
    FR_ASSIGN_OR_RETURN(Readback r, ReadBackDisc(set.discs[i], path, key_files, reports));
    out.push_back(std::move(r));
  }
  return out;
}

Status BurnSet(services::Context& ctx, const services::Actor& actor, int64_t set_id,
               const std::vector<std::string>& key_files,
               const std::function<Result<std::string>(int seq, int total)>& next_medium,
               const std::function<void(uint64_t)>& progress, std::vector<DiscReport>* reports) {
  FR_ASSIGN_OR_RETURN(DiscSetRow set, LoadSet(ctx, set_id));
  FR_RETURN_IF_ERROR(RequireArchivist(ctx, actor, set, "disc_set.burned"));
  std::vector<std::string> readback_paths;
  for (const auto& disc : set.discs) {
    FR_ASSIGN_OR_RETURN(std::string address, next_medium(disc.seq, disc.total));
    FR_RETURN_IF_ERROR(BurnImage(address, disc.image_file, progress));
    readback_paths.push_back(ReadbackPath(address));
  }
  FR_ASSIGN_OR_RETURN(auto readbacks, ReadBackSet(set, readback_paths, key_files, reports));
  return RecordReadback(ctx, actor, set_id, readbacks, "burned", "");
}

Status RegisterSet(services::Context& ctx, const services::Actor& actor, int64_t set_id,
                   const std::string& location, const std::vector<std::string>& paths,
                   const std::vector<std::string>& key_files, std::vector<DiscReport>* reports) {
  FR_ASSIGN_OR_RETURN(DiscSetRow set, LoadSet(ctx, set_id));
  FR_RETURN_IF_ERROR(RequireArchivist(ctx, actor, set, "disc_set.registered"));
  if (location.find_first_not_of(" \t") == std::string::npos) {
    return Status::InvalidArgument("say where the discs are kept (--location)",
                                   "请填写光盘的存放位置");
  }
  if (set.state == "registered") {
    return Status::FailedPrecondition(
        "disc set " + set.code + " is already registered at " + set.location,
        "该光盘组已登记存放位置：" + set.location);
  }
  FR_ASSIGN_OR_RETURN(auto readbacks, ReadBackSet(set, paths, key_files, reports));
  FR_RETURN_IF_ERROR(RecordReadback(ctx, actor, set_id, readbacks, "registered", location));
  return services::CaseService(ctx).MarkArchived(actor, set.case_id, ctx.now());
}

}  // namespace fullrecord::archive
