#include "archive/verify.h"

#include <set>

#include "archive/bag.h"
#include "archive/disc_reader.h"
#include "archive/four_checks.h"
#include "archive/verify_internal.h"
#include "ledger/ledger.h"

namespace fullrecord::archive {
namespace {

constexpr uint64_t kKeepLimit = 64ull << 20;

bool IsOriginal(const std::string& path) {
  return path.rfind("data/文字记录/", 0) == 0 || path.rfind("data/音像记录/", 0) == 0;
}

Status ReadAll(DiscSource& src, DiscCheck& c, const VerifyOptions& options) {
  uint64_t base = 0;
  return src.ForEachFile([&](const DiscEntry& e, const vault::ReadFn& read) -> Status {
    FileDigest& f = c.files[e.path];
    bool keep = !IsOriginal(e.path) && e.size <= kKeepLimit;
    auto sink = [&](const uint8_t* data, size_t len) {
      if (keep) f.content.append(reinterpret_cast<const char*>(data), len);
      return Status::Ok();
    };
    auto progress = [&](uint64_t n) {
      if (options.progress) options.progress(base + n);
    };
    FR_ASSIGN_OR_RETURN(vault::StreamDigests d, vault::DigestStream(read, sink, progress));
    f = {crypto::DigestHex(d.sha256), crypto::DigestHex(d.sm3), d.size, std::move(f.content), keep};
    base += d.size;
    c.report.files_checked++;
    c.report.bytes_checked += d.size;
    return Status::Ok();
  });
}

// The Joliet tree (what Windows shows) must name the same files as the Rock Ridge tree.
void CheckJoliet(DiscSource& src, DiscCheck& c) {
  auto joliet = src.JolietListing();
  if (!joliet.ok()) return c.Problem("(disc)", "the Joliet tree cannot be read: " + joliet.status().message());
  for (const auto& e : *joliet) {
    auto it = c.files.find(e.path);
    if (it == c.files.end()) {
      c.Problem(e.path, "named in the Joliet tree but not in the Rock Ridge tree");
    } else if (it->second.size != e.size) {
      c.Problem(e.path, "size " + std::to_string(e.size) + " in the Joliet tree, " +
                            std::to_string(it->second.size) + " in the Rock Ridge tree");
    }
  }
}

void CheckDeclaration(DiscCheck& c) {
  const FileDigest* f = c.Find(kBagitTxt);
  if (!f) return c.Problem(kBagitTxt, "missing: this is not a BagIt bag");
  if (f->content.find("BagIt-Version: 1.0") == std::string::npos) {
    c.Problem(kBagitTxt, "does not declare BagIt-Version 1.0");
  }
}

void CheckBagInfo(DiscCheck& c) {
  const FileDigest* f = c.Find(kBagInfoTxt);
  if (!f) return c.Problem(kBagInfoTxt, "missing");
  auto info = ParseBagInfo(f->content);
  if (!info.ok()) return c.Problem(kBagInfoTxt, info.status().message());
  c.report.case_number = (*info)["External-Identifier"];
  c.report.set_code = (*info)["Bag-Group-Identifier"];
  std::sscanf((*info)["Bag-Count"].c_str(), "%d of %d", &c.report.seq, &c.report.total);
  uint64_t octets = 0, count = 0;
  for (const auto& [path, d] : c.files) {
    if (path.rfind("data/", 0) != 0) continue;
    octets += d.size;
    ++count;
  }
  std::string oxum = std::to_string(octets) + "." + std::to_string(count);
  if ((*info)["Payload-Oxum"] != oxum) {
    c.Problem(kBagInfoTxt, "Payload-Oxum " + (*info)["Payload-Oxum"] + ", the payload has " + oxum);
  }
}

}  // namespace

void DiscCheck::Problem(const std::string& file, const std::string& message) {
  bad.insert(file);
  report.problems.push_back({file, message});
}

const FileDigest* DiscCheck::Find(const std::string& path) const {
  auto it = files.find(path);
  return it == files.end() ? nullptr : &it->second;
}

Json DiscReport::ToJson() const {
  Json problems_json = Json::array();
  for (const auto& p : problems) problems_json.push_back({{"file", p.file}, {"message", p.message}});
  return {{"ok", ok()},
          {"source", source},
          {"case", case_number},
          {"set", set_code},
          {"disc", seq},
          {"discs", total},
          {"files_checked", files_checked},
          {"bytes_checked", bytes_checked},
          {"proofs_checked", proofs_checked},
          {"keys_from_disc", keys_from_disc},
          {"problems", problems_json},
          {"warnings", warnings}};
}

DiscCheck VerifyOne(const std::string& path, const VerifyOptions& options) {
  DiscCheck c;
  c.report.source = path;
  auto src = OpenDisc(path);
  Status read = src.ok() ? ReadAll(**src, c, options) : src.status();
  if (!read.ok()) {
    c.Problem("(disc)", read.message());
    return c;
  }
  CheckJoliet(**src, c);
  CheckDeclaration(c);
  CheckManifestPair(c, kManifestSha256, kManifestSm3, true);
  CheckManifestPair(c, kTagManifestSha256, kTagManifestSm3, false);
  CheckBagInfo(c);
  CheckLedgerEvidence(c, options);
  return c;
}

DiscReport VerifyDisc(const std::string& path, const VerifyOptions& options) {
  return VerifyOne(path, options).report;
}

}  // namespace fullrecord::archive
