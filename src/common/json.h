// JSON for ledger events and machine output (nlohmann::json).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace fullrecord {

using Json = nlohmann::json;

// Canonical text of a JSON value: object keys sorted by their UTF-8 bytes, no white space,
// UTF-8 kept as is, integers only (a floating-point number anywhere is a programming error
// and throws). Two equal values always give the same bytes; see docs/ledger_format.md.
std::string CanonicalJson(const Json& value);

}  // namespace fullrecord
