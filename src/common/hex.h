// Hex and base64 encodings of byte strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fullrecord {

using Bytes = std::vector<uint8_t>;

// Lower-case hex of `data`.
std::string ToHex(const uint8_t* data, size_t len);
inline std::string ToHex(const Bytes& b) { return ToHex(b.data(), b.size()); }

// Parses hex (either case); nullopt on odd length or a non-hex character.
std::optional<Bytes> FromHex(std::string_view hex);

// Standard base64 with padding (RFC 4648 §4), no line breaks.
std::string Base64Encode(const uint8_t* data, size_t len);
inline std::string Base64Encode(const Bytes& b) { return Base64Encode(b.data(), b.size()); }

// Strict standard base64 with padding; nullopt on anything else.
std::optional<Bytes> Base64Decode(std::string_view text);

}  // namespace fullrecord
