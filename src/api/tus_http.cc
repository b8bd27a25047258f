#include "api/tus_http.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <set>

namespace fullrecord::api::tus {
namespace {

// Whether `s` is text JSON can hold (metadata values are stored as JSON).
bool IsUtf8(const std::string& s) {
  try {
    (void)Json(s).dump();
    return true;
  } catch (const Json::type_error&) {
    return false;
  }
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Reads and drops what is left of a request body of up to 1 MiB (see Send).
void DrainSmallBody(server::Exchange& ex) {
  constexpr uint64_t kDrainLimit = 1 << 20;
  auto length = ex.content_length();
  if (ex.body_done() || (length && *length > kDrainLimit)) return;
  uint8_t buf[16 * 1024];
  for (uint64_t total = 0; total <= kDrainLimit;) {
    auto n = ex.ReadBodySome(buf, sizeof(buf));
    if (!n.ok() || *n == 0) return;
    total += *n;
  }
}

Status BadPair(const std::string& pair, const std::string& why, const std::string& why_zh) {
  return Status::InvalidArgument("Upload-Metadata pair \"" + pair.substr(0, 80) + "\" " + why,
                                 "上传文件的附加信息“" + pair.substr(0, 80) + "”" + why_zh);
}

}  // namespace

Json ErrorBody(const std::string& code, const std::string& zh, const std::string& en) {
  return {{"code", code}, {"message", zh}, {"message_en", en}};
}

void Send(Call& c, const Reply& reply) {
  DrainSmallBody(c.ex);
  http::response<http::string_body> res;
  res.version(11);
  res.result(reply.status);
  res.set("Tus-Resumable", kVersion);
  for (const auto& [name, value] : reply.headers) res.set(name, value);
  if (!reply.body.is_null() && c.ex.method() != http::verb::head) {
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.body() = reply.body.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  c.ex.Send(std::move(res));
}

Reply StatusReply(const Status& status, Headers headers) {
  ApiError e = ErrorFor(status);
  return {static_cast<unsigned>(e.status), std::move(headers),
          ErrorBody(e.code, ErrorMessageZh(e, status), ErrorMessageEn(e, status))};
}

bool VersionAccepted(Call& c) {
  if (c.ex.Header("Tus-Resumable") == kVersion) return true;
  Answer(c, 412, {{"Tus-Version", kVersion}},
         ErrorBody("tus_version", "上传协议版本不受支持，请使用 1.0.0 版",
                   "unsupported tus version; this server speaks tus 1.0.0 (Tus-Resumable: "
                   "1.0.0)"));
  return false;
}

std::optional<uint64_t> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  if (text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoull(text);
}

std::string MediaType(const std::string& content_type) {
  std::string t = Trim(content_type.substr(0, content_type.find(';')));
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return t;
}

Result<Json> ParseMetadata(const std::string& header) {
  Json out = Json::object();
  if (Trim(header).empty()) return out;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t comma = header.find(',', pos);
    if (comma == std::string::npos) comma = header.size();
    std::string pair = Trim(header.substr(pos, comma - pos));
    pos = comma + 1;

    size_t space = pair.find(' ');
    std::string key = pair.substr(0, space);
    std::string value = space == std::string::npos ? "" : Trim(pair.substr(space + 1));
    if (key.empty()) return BadPair(pair, "has no key", "缺少名称");
    if (value.find(' ') != std::string::npos) {
      return BadPair(pair, "has a space in its value", "的值含有空格");
    }
    if (out.contains(key)) return BadPair(pair, "repeats key " + key, "重复出现");
    if (space == std::string::npos || value.empty()) {
      out[key] = nullptr;
      continue;
    }
    auto decoded = Base64Decode(value);
    if (!decoded) return BadPair(pair, "has a value that is not base64", "的值不是有效的 Base64 编码");
    std::string text(decoded->begin(), decoded->end());
    if (!IsUtf8(text)) return BadPair(pair, "has a value that is not UTF-8 text", "的值不是有效的文字");
    out[key] = text;
  }
  return out;
}

std::string EncodeMetadata(const Json& metadata) {
  std::string out;
  for (const auto& [key, value] : metadata.items()) {
    if (!out.empty()) out += ",";
    out += key;
    if (!value.is_string()) continue;
    const std::string& v = value.get_ref<const std::string&>();
    out += " " + Base64Encode(reinterpret_cast<const uint8_t*>(v.data()), v.size());
  }
  return out;
}

Result<std::optional<crypto::Digest32>> ParseChecksum(const std::string& header) {
  if (header.empty()) return std::optional<crypto::Digest32>();
  std::string h = Trim(header);
  size_t space = h.find(' ');
  std::string algorithm = MediaType(h.substr(0, space));
  if (algorithm != "sha256") {
    return Status::InvalidArgument("Upload-Checksum algorithm \"" + algorithm +
                                       "\" is not supported; Tus-Checksum-Algorithm: sha256",
                                   "不支持校验算法“" + algorithm + "”，请使用 SHA-256");
  }
  auto digest = space == std::string::npos ? std::nullopt : Base64Decode(Trim(h.substr(space)));
  if (!digest || digest->size() != 32) {
    return Status::InvalidArgument("Upload-Checksum must be \"sha256 <base64 of 32 bytes>\"",
                                   "数据块校验值格式错误");
  }
  crypto::Digest32 d;
  std::copy(digest->begin(), digest->end(), d.begin());
  return std::optional<crypto::Digest32>(d);
}

std::string HttpDate(UnixMicros t) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t secs = static_cast<std::time_t>(t / 1'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

}  // namespace fullrecord::api::tus
