// VerifyDiscs: several discs of a set, with the originals split across them joined and checked.
#include <map>

#include "archive/disc_reader.h"
#include "archive/verify_internal.h"

namespace fullrecord::archive {
namespace {

struct PartRef {
  int disc = 0;
  std::string path;
};

struct SplitFile {
  std::string name, sha256, sm3;
  std::map<int, PartRef> parts;  // by part number
  int count = 0;
};

std::map<std::string, SplitFile> SplitFiles(const DiscCheck& c) {
  std::map<std::string, SplitFile> out;
  const FileDigest* d = c.Find("data/disc.json");
  Json disc = d ? Json::parse(d->content, nullptr, false) : Json();
  if (!disc.is_object() || !disc.contains("files")) return out;
  for (const auto& e : disc["files"]) {
    if (e.value("parts", 1) <= 1) continue;
    SplitFile& s = out[e.value("original_sha256", "")];
    s.name = e.value("original_file", "");
    s.sha256 = e.value("original_sha256", "");
    s.sm3 = e.value("original_sm3", "");
    s.count = e.value("parts", 1);
    s.parts[e.value("part", 0)] = {e.value("disc", 0), e.value("file", "")};
  }
  return out;
}

// Feeds the bytes of `path` on disc `where` to both hashers.
Status FeedPart(const std::string& where, const std::string& path, crypto::Hasher& sha,
                crypto::Hasher& sm3) {
  FR_ASSIGN_OR_RETURN(auto src, OpenDisc(where));
  bool found = false;
  FR_RETURN_IF_ERROR(src->ForEachFile([&](const DiscEntry& e, const vault::ReadFn& read) -> Status {
    if (e.path != path) return Status::Ok();
    found = true;
    std::vector<uint8_t> buf(1 << 20);
    for (;;) {
      FR_ASSIGN_OR_RETURN(size_t n, read(buf.data(), buf.size()));
      if (n == 0) return Status::Ok();
      sha.Update(buf.data(), n);
      sm3.Update(buf.data(), n);
    }
  }));
  return found ? Status::Ok() : Status::NotFound(path + " is not on " + where);
}

void CheckJoined(const SplitFile& f, const std::map<int, size_t>& by_seq,
                 std::vector<DiscCheck>& checks) {
  DiscCheck& first = checks[by_seq.at(f.parts.at(1).disc)];
  crypto::Hasher sha(crypto::HashAlgorithm::kSha256), sm3(crypto::HashAlgorithm::kSm3);
  for (int k = 1; k <= f.count; ++k) {
    const PartRef& p = f.parts.at(k);
    Status s = FeedPart(checks[by_seq.at(p.disc)].report.source, p.path, sha, sm3);
    if (!s.ok()) return first.Problem(p.path, s.message());
  }
  std::string got_sha = crypto::DigestHex(sha.Finish()), got_sm3 = crypto::DigestHex(sm3.Finish());
  if (got_sha != f.sha256 || got_sm3 != f.sm3) {
    first.Problem(f.name, "joined from its " + std::to_string(f.count) + " parts it has SHA-256 " +
                              got_sha + " and SM3 " + got_sm3 + "; the ledger recorded " +
                              f.sha256 + " and " + f.sm3);
  }
}

}  // namespace

std::vector<DiscReport> VerifyDiscs(const std::vector<std::string>& paths,
                                    const VerifyOptions& options) {
  std::vector<DiscCheck> checks;
  std::map<int, size_t> by_seq;
  std::map<std::string, SplitFile> splits;
  for (const auto& p : paths) {
    checks.push_back(VerifyOne(p, options));
    by_seq[checks.back().report.seq] = checks.size() - 1;
    for (auto& [sha, f] : SplitFiles(checks.back())) {
      SplitFile& s = splits[sha];
      if (s.sha256.empty()) s = f;
      s.parts.insert(f.parts.begin(), f.parts.end());
    }
  }
  for (const auto& [sha, f] : splits) {
    bool all = static_cast<int>(f.parts.size()) == f.count;
    for (const auto& [k, p] : f.parts) all = all && by_seq.count(p.disc);
    if (all && f.parts.count(1)) {
      CheckJoined(f, by_seq, checks);
      continue;
    }
    for (auto& c : checks) {
      c.report.warnings.push_back(f.name + " is split over " + std::to_string(f.count) +
                                  " discs, not all given: the joined file was not checked");
    }
  }
  std::vector<DiscReport> out;
  for (auto& c : checks) out.push_back(std::move(c.report));
  return out;
}

}  // namespace fullrecord::archive
