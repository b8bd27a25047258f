#include "archive/bag.h"

#include <algorithm>
#include <sstream>

namespace fullrecord::archive {
namespace {

std::string EncodePath(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == '%') out += "%25";
    else if (c == '\n') out += "%0A";
    else if (c == '\r') out += "%0D";
    else out += c;
  }
  return out;
}

std::string DecodePath(const std::string& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    std::string code = path.substr(i, 3);
    if (code == "%25") out += '%';
    else if (code == "%0A" || code == "%0a") out += '\n';
    else if (code == "%0D" || code == "%0d") out += '\r';
    else {
      out += path[i];
      continue;
    }
    i += 2;
  }
  return out;
}

bool IsLowerHex(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::string BagitDeclaration() {
  return "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
}

std::string BagInfoText(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [label, value] : fields) out += label + ": " + value + "\n";
  return out;
}

Result<std::map<std::string, std::string>> ParseBagInfo(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line, last;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !last.empty()) {
      out[last] += " " + Trim(line);
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      return Status::InvalidArgument("bag-info.txt line " + std::to_string(n) +
                                     " is not \"Label: value\"");
    }
    last = line.substr(0, colon);
    out[last] = Trim(line.substr(colon + 1));
  }
  return out;
}

std::string PayloadOxum(const std::vector<BagFile>& payload) {
  uint64_t octets = 0;
  for (const auto& f : payload) octets += f.size;
  return std::to_string(octets) + "." + std::to_string(payload.size());
}

std::string ManifestText(const std::vector<BagFile>& files, bool sm3) {
  std::vector<const BagFile*> sorted;
  for (const auto& f : files) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(),
            [](const BagFile* a, const BagFile* b) { return a->path < b->path; });
  std::string out;
  for (const BagFile* f : sorted) out += (sm3 ? f->sm3 : f->sha256) + "  " + EncodePath(f->path) + "\n";
  return out;
}

Result<std::map<std::string, std::string>> ParseManifest(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto space = line.find_first_of(" \t");
    auto path_at = space == std::string::npos ? space : line.find_first_not_of(" \t", space);
    std::string digest = line.substr(0, space);
    if (path_at == std::string::npos || !IsLowerHex(digest)) {
      return Status::InvalidArgument("line " + std::to_string(n) + " is not \"<digest> <path>\"");
    }
    std::string path = DecodePath(line.substr(path_at));
    if (!out.emplace(path, digest).second) {
      return Status::InvalidArgument("line " + std::to_string(n) + " lists " + path + " again");
    }
  }
  return out;
}

}  // namespace fullrecord::archive
