// BagIt (RFC 8493) as written on every archive disc: the bag declaration, bag-info.txt, payload
// manifests and tag manifests in SHA-256 and SM3. Lines are "<hex digest>  <path>" (two spaces),
// which `sha256sum -c` reads as is. Format: docs/disc_format.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace fullrecord::archive {

// A file of the bag with both digests (lower-case hex).
struct BagFile {
  std::string path;  // relative to the bag's base directory, '/'-separated
  std::string sha256;
  std::string sm3;
  uint64_t size = 0;
};

constexpr const char* kBagitTxt = "bagit.txt";
constexpr const char* kBagInfoTxt = "bag-info.txt";
constexpr const char* kManifestSha256 = "manifest-sha256.txt";
constexpr const char* kManifestSm3 = "manifest-sm3.txt";
constexpr const char* kTagManifestSha256 = "tagmanifest-sha256.txt";
constexpr const char* kTagManifestSm3 = "tagmanifest-sm3.txt";

// "BagIt-Version: 1.0" and "Tag-File-Character-Encoding: UTF-8".
std::string BagitDeclaration();

// bag-info.txt: "Label: value" lines in the given order. Values must not contain line breaks.
std::string BagInfoText(const std::vector<std::pair<std::string, std::string>>& fields);
// Parses bag-info.txt (continuation lines start with white space); InvalidArgument naming the
// bad line. Labels repeat only as the RFC allows; the last value wins here.
Result<std::map<std::string, std::string>> ParseBagInfo(const std::string& text);

// "<octets>.<files>" of the payload.
std::string PayloadOxum(const std::vector<BagFile>& payload);

// A manifest of `files` in SHA-256 (`sm3` false) or SM3, sorted by path. Paths are
// percent-encoded where RFC 8493 asks (CR, LF and '%').
std::string ManifestText(const std::vector<BagFile>& files, bool sm3);
// Path -> digest from a manifest; InvalidArgument naming the line that is not "<hex> <path>",
// or a path listed twice.
Result<std::map<std::string, std::string>> ParseManifest(const std::string& text);

}  // namespace fullrecord::archive
