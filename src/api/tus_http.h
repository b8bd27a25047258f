// The HTTP side of tus 1.0.0 as fullrecord speaks it: protocol headers, their parsing, and
// responses that always carry Tus-Resumable. Internal to src/api (tus.cc, upload_patch.cc).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/api.h"
#include "crypto/digest.h"

namespace fullrecord::api::tus {

constexpr const char* kVersion = "1.0.0";
constexpr const char* kExtensions = "creation,creation-with-upload,termination,checksum,expiration";
constexpr const char* kChecksumAlgorithms = "sha256";
constexpr const char* kOctetStream = "application/offset+octet-stream";
// Not in RFC 9110; tus's checksum extension defines it.
constexpr unsigned kChecksumMismatch = 460;

using Headers = std::vector<std::pair<std::string, std::string>>;

// An error body in the API's shape: {code, message (Chinese), message_en}.
Json ErrorBody(const std::string& code, const std::string& zh, const std::string& en);

// A response decided while an upload is held and sent once it is released, so that a client's
// next request never finds the upload still held by the one just answered.
struct Reply {
  unsigned status = 204;
  Headers headers;
  Json body;  // null: none
};
// The reply for a service Status, mapped as Call::Fail maps it.
Reply StatusReply(const Status& status, Headers headers = {});

// Sends a tus response: Tus-Resumable, the headers, and the body as JSON unless it is null or
// the request is HEAD (whose response never has a body). An unread request body of up to 1 MiB
// is read and dropped first, so the client gets the answer rather than a reset connection; a
// larger one is left, and the connection closes after the answer.
void Send(Call& c, const Reply& reply);
inline void Answer(Call& c, unsigned status, const Headers& headers, const Json& body = nullptr) {
  Send(c, Reply{status, headers, body});
}
inline void AnswerStatus(Call& c, const Status& status, const Headers& headers = {}) {
  Send(c, StatusReply(status, headers));
}

// False (after answering 412 with Tus-Version) unless the request says Tus-Resumable: 1.0.0.
bool VersionAccepted(Call& c);

// A header value that must be a non-negative decimal integer; nullopt when it is not.
std::optional<uint64_t> ParseCount(const std::string& text);

// The media type of a Content-Type value, lower-case, without parameters.
std::string MediaType(const std::string& content_type);

// Upload-Metadata ("key base64,key2 base64,key3") as a JSON object of key -> decoded string, or
// null for a key without a value. InvalidArgument names the malformed pair: a key with spaces
// or commas, a repeated key, a value that is not base64 or not UTF-8 text.
Result<Json> ParseMetadata(const std::string& header);
// The same object encoded back into an Upload-Metadata value.
std::string EncodeMetadata(const Json& metadata);

// Upload-Checksum ("sha256 <base64>"): nullopt when the header is absent; InvalidArgument for
// another algorithm (the server lists its own in Tus-Checksum-Algorithm) or a bad digest.
Result<std::optional<crypto::Digest32>> ParseChecksum(const std::string& header);

// An instant in the HTTP date format of RFC 9110 ("Sun, 06 Nov 1994 08:49:37 GMT").
std::string HttpDate(UnixMicros t);

}  // namespace fullrecord::api::tus
