// CheckManifestPair: the BagIt manifests of a disc against what is on it.
#include "archive/bag.h"
#include "archive/verify_internal.h"

namespace fullrecord::archive {
namespace {

bool IsTagManifest(const std::string& path) { return path.rfind("tagmanifest-", 0) == 0; }

// The files a manifest must list: all of data/, or the tag files (root files but tag manifests).
std::set<std::string> Expected(const DiscCheck& c, bool payload) {
  std::set<std::string> out;
  for (const auto& [path, _] : c.files) {
    bool in_data = path.rfind("data/", 0) == 0;
    bool at_root = path.find('/') == std::string::npos;
    if (payload ? in_data : (at_root && !IsTagManifest(path))) out.insert(path);
  }
  return out;
}

Result<std::map<std::string, std::string>> Load(DiscCheck& c, const std::string& name) {
  const FileDigest* f = c.Find(name);
  if (!f) return Status::NotFound("missing");
  return ParseManifest(f->content);
}

void CheckLine(DiscCheck& c, const std::string& path, const FileDigest& f,
               const std::string& sha_name, const std::string& want_sha,
               const std::string& sm3_name, const std::string& want_sm3) {
  bool sha_ok = f.sha256 == want_sha, sm3_ok = f.sm3 == want_sm3;
  if (!sha_ok && !sm3_ok) {
    c.Problem(path, "content differs from the manifests: SHA-256 " + f.sha256 + ", listed " +
                        want_sha + "; SM3 " + f.sm3 + ", listed " + want_sm3);
  } else if (!sha_ok) {
    c.Problem(sha_name, "its line for " + path + " is wrong: lists " + want_sha + ", the file is " +
                            f.sha256 + " (" + sm3_name + " agrees with the file)");
  } else if (!sm3_ok) {
    c.Problem(sm3_name, "its line for " + path + " is wrong: lists " + want_sm3 + ", the file is " +
                            f.sm3 + " (" + sha_name + " agrees with the file)");
  }
}

}  // namespace

void CheckManifestPair(DiscCheck& c, const std::string& sha_name, const std::string& sm3_name,
                       bool payload) {
  auto sha = Load(c, sha_name);
  auto sm3 = Load(c, sm3_name);
  if (!sha.ok()) c.Problem(sha_name, sha.status().message());
  if (!sm3.ok()) c.Problem(sm3_name, sm3.status().message());
  if (!sha.ok() || !sm3.ok()) return;

  std::set<std::string> expected = Expected(c, payload);
  for (const auto* listed : {&*sha, &*sm3}) {
    const std::string& name = listed == &*sha ? sha_name : sm3_name;
    for (const auto& [path, _] : *listed) {
      if (!expected.count(path)) c.Problem(name, "lists " + path + ", which is not on the disc");
    }
    for (const auto& path : expected) {
      if (!listed->count(path)) c.Problem(name, "does not list " + path);
    }
  }
  for (const auto& path : expected) {
    auto s = sha->find(path), m = sm3->find(path);
    if (s == sha->end() || m == sm3->end()) continue;
    CheckLine(c, path, c.files.at(path), sha_name, s->second, sm3_name, m->second);
  }
}

}  // namespace fullrecord::archive
